import { z } from 'zod';
import { op } from './operation';
import { amountText, id, isoDate, managerApproval, optionalText, paymentFields, positiveAmountText, trimmed } from './fields';
import { count, decimalText, scheduleInputSchema, type ScheduleOutput } from './loanSchedule';

/** Fineract's loan statuses (DOMAIN.md "Loan lifecycle"), by name; `statusCode` carries the number. */
export const LOAN_STATUSES = {
  SUBMITTED_AND_PENDING_APPROVAL: 100,
  APPROVED: 200,
  ACTIVE: 300,
  WITHDRAWN_BY_CLIENT: 400,
  REJECTED: 500,
  CLOSED_OBLIGATIONS_MET: 600,
  CLOSED_WRITTEN_OFF: 601,
  OVERPAID: 700,
} as const;
export type LoanStatus = keyof typeof LOAN_STATUSES;

export const LOAN_TRANSACTION_TYPES = [
  'DISBURSEMENT',
  'REPAYMENT_AT_DISBURSEMENT',
  'REPAYMENT',
  'WAIVE_INTEREST',
  'WAIVE_CHARGE',
  'WRITE_OFF',
  'RECOVERY_REPAYMENT',
  // accrual accounting (services/loans/accruals.ts): income accrued, and accrued income taken back
  'ACCRUAL',
  'ACCRUAL_ADJUSTMENT',
] as const;
export type LoanTransactionType = (typeof LOAN_TRANSACTION_TYPES)[number];

const payment = paymentFields;

/** A client-side key: the same key sent twice (a double click, a retry after a time-out) posts once. */
const idempotencyKey = z.string().trim().min(8).max(100).optional();

export interface LoanSummaryAmounts {
  principalDisbursed: string;
  principalPaid: string;
  principalWaived: string;
  principalWrittenOff: string;
  principalOutstanding: string;
  interestCharged: string;
  interestPaid: string;
  interestWaived: string;
  interestWrittenOff: string;
  interestOutstanding: string;
  feeChargesCharged: string;
  feeChargesPaid: string;
  feeChargesWaived: string;
  feeChargesOutstanding: string;
  penaltyChargesCharged: string;
  penaltyChargesPaid: string;
  penaltyChargesWaived: string;
  penaltyChargesOutstanding: string;
  /** fees and penalties written off (Fineract's feeChargesWrittenOff, penaltyChargesWrittenOff) */
  feeChargesWrittenOff: string;
  penaltyChargesWrittenOff: string;
  /** Fineract's LoanSummary: interest, fees and penalties waived; principal, interest, fees and penalties written off */
  totalWaived: string;
  totalWrittenOff: string;
  totalExpectedRepayment: string;
  totalRepayment: string;
  totalOutstanding: string;
  totalOverdue: string;
  totalDueToday: string;
  overpaidAmount: string;
  recoveredAmount: string;
  daysInArrears: number;
  agingBucket: string;
  nextDueDate: string | null;
  nextDueAmount: string;
  prepaymentAmount: string;
  foreclosureAmount: string;
}

export interface LoanPeriod {
  period: number;
  fromDate: string;
  dueDate: string;
  principalDue: string;
  principalPaid: string;
  principalOutstanding: string;
  interestDue: string;
  interestPaid: string;
  interestWaived: string;
  interestOutstanding: string;
  feeChargesDue: string;
  feeChargesPaid: string;
  feeChargesWaived: string;
  feeChargesOutstanding: string;
  penaltyChargesDue: string;
  penaltyChargesPaid: string;
  penaltyChargesWaived: string;
  penaltyChargesOutstanding: string;
  totalDueForPeriod: string;
  totalPaidForPeriod: string;
  /** interest, fees and penalties waived on the installment (Fineract's LoanSchedulePeriodData) */
  totalWaivedForPeriod: string;
  totalWrittenOffForPeriod: string;
  /** paid by repayments dated before (in advance) or after (late) the due date */
  totalPaidInAdvanceForPeriod: string;
  totalPaidLateForPeriod: string;
  totalOutstandingForPeriod: string;
  principalLoanBalanceOutstanding: string;
  /** the date of the transaction that settled the installment (null while anything is owed) */
  obligationsMetOnDate: string | null;
  complete: boolean;
  overdue: boolean;
}

/** What one charge's installment carries and how it was settled (an installment fee has one per installment). */
export interface LoanChargeInstallmentView {
  installmentNumber: number;
  dueDate: string;
  amount: string;
  amountPaid: string;
  amountWaived: string;
  amountWrittenOff: string;
  amountOutstanding: string;
}

/**
 * A charge on a loan (Fineract's LoanChargeData). Before disbursement the loan's schedule charges are listed with
 * what they will come to (loanChargeId null). Paid, waived and written off are derived from the installments and
 * the waivers (services/charges README "Per-charge figures").
 */
export interface LoanChargeView {
  loanChargeId: number | null;
  chargeId: number | null;
  name: string;
  chargeTimeType: string;
  chargeCalculationType: string;
  penalty: boolean;
  /** the percentage of a PERCENT_* charge; null for FLAT */
  percentage: string | null;
  amount: string;
  /** the date the charge falls due (an installment fee: null, each installment's own) */
  dueDate: string | null;
  amountPaid: string;
  amountWaived: string;
  amountWrittenOff: string;
  amountOutstanding: string;
  installments: LoanChargeInstallmentView[];
}

export interface LoanTransactionView {
  id: number;
  type: LoanTransactionType;
  date: string;
  amount: string;
  principalPortion: string;
  interestPortion: string;
  feeChargesPortion: string;
  penaltyChargesPortion: string;
  overpaymentPortion: string;
  /** principal outstanding after the transaction (Fineract's outstandingLoanBalance); null for accruals */
  outstandingLoanBalance: string | null;
  /** a charge waiver: the loan charge it waived (null for one made before per-charge waivers) and its installment */
  loanChargeId: number | null;
  installmentNumber: number | null;
  reversed: boolean;
  /** The transaction this one replaced after a backdated change (reverse-replay). */
  replacesId: number | null;
  paymentType: string | null;
  /** The reference typed in (a paper receipt, a mobile-money code). */
  receiptNumber: string | null;
  /** The number of the receipt Branchbox issued for this transaction (for a reprint), if any. */
  issuedReceiptNumber: string | null;
  note: string | null;
}

export interface LoanView {
  id: number;
  accountNo: string;
  status: LoanStatus;
  statusCode: number;
  client: { id: number; accountNo: string; displayName: string };
  product: { id: number; name: string; shortName: string };
  loanOfficer: { id: number; displayName: string } | null;
  currency: { code: string; decimalPlaces: number; inMultiplesOf: number };
  principal: string;
  numberOfRepayments: number;
  interestRatePerPeriod: string;
  interestRateFrequencyType: string;
  interestType: string;
  transactionProcessingStrategyCode: string;
  purpose: string | null;
  /** A joint-liability (JLG) loan's group and the meeting calendar its installments fall on; null for an individual loan. */
  group: { groupId: number; groupName: string; calendarId: number | null; syncDisbursementWithMeeting: boolean } | null;
  timeline: {
    submittedOn: string;
    submittedBy: string;
    approvedOn: string | null;
    approvedBy: string | null;
    expectedDisbursementDate: string;
    disbursedOn: string | null;
    closedOn: string | null;
    writtenOffOn: string | null;
  };
  summary: LoanSummaryAmounts;
  periods: LoanPeriod[];
  /**
   * A loan submitted or approved, not disbursed: the schedule its terms give (loans.previewSchedule's figures), to be
   * shown as proposed; null once disbursed (its installments are `periods`).
   */
  proposed: ScheduleOutput | null;
  transactions: LoanTransactionView[];
  charges: LoanChargeView[];
}

export interface LoanChargeResult {
  loanId: number;
  loanChargeId: number;
  status: LoanStatus;
  summary: LoanSummaryAmounts;
}

export interface LoanListItem {
  id: number;
  accountNo: string;
  status: LoanStatus;
  clientId: number;
  clientName: string;
  clientAccountNo: string;
  productName: string;
  principal: string;
  totalOutstanding: string;
  totalOverdue: string;
  daysInArrears: number;
  nextDueDate: string | null;
  nextDueAmount: string;
  loanOfficerName: string | null;
  submittedOn: string;
  submittedByUserId: number;
  /** null until approved (the disbursal queue shows it) */
  approvedOn: string | null;
  expectedDisbursementDate: string;
}

export interface ReceiptView {
  number: string;
  kind: string;
  copy: boolean;
  officeName: string;
  organisationName: string;
  clientName: string | null;
  clientAccountNo: string | null;
  accountNo: string | null;
  transactionDate: string;
  amount: string;
  currencyCode: string;
  currencyDecimalPlaces: number;
  paymentType: string | null;
  /** The payer's reference (a mobile-money or bank reference: the transaction's receiptNumber), printed when given. */
  reference: string | null;
  lines: { label: string; amount: string }[];
  balanceAfter: string | null;
  issuedBy: string;
  issuedAt: string;
  training: boolean;
}

export interface LoanTransactionResult {
  loanId: number;
  transactionId: number;
  status: LoanStatus;
  receipt: ReceiptView | null;
  summary: LoanSummaryAmounts;
}

const loanId = { loanId: id };
const note = optionalText(500);

/** Terms an application may change from its product's defaults (within the product's ranges). */
const termsChange = {
  principal: positiveAmountText.optional(),
  numberOfRepayments: count(1).optional(),
  interestRatePerPeriod: decimalText.optional(),
  repaymentEvery: count(1).optional(),
  graceOnPrincipalPayment: count(0).optional(),
  graceOnInterestPayment: count(0).optional(),
  graceOnInterestCharged: count(0).optional(),
  expectedDisbursementDate: isoDate.optional(),
  repaymentsStartingFromDate: isoDate.optional(),
};

/** A JLG application: the group, the product, the meeting, and each applying member's amount and own terms. */
const jlgApplication = z.strictObject({
  groupId: id,
  productId: id,
  calendarId: id.optional(),
  syncDisbursementWithMeeting: z.boolean().optional(),
  expectedDisbursementDate: isoDate.optional(),
  repaymentsStartingFromDate: isoDate.optional(),
  submittedOnDate: isoDate.optional(),
  loanOfficerId: id.optional(),
  members: z
    .array(
      z.strictObject({
        clientId: id,
        principal: positiveAmountText,
        numberOfRepayments: termsChange.numberOfRepayments,
        interestRatePerPeriod: termsChange.interestRatePerPeriod,
        repaymentEvery: termsChange.repaymentEvery,
        graceOnPrincipalPayment: termsChange.graceOnPrincipalPayment,
        graceOnInterestPayment: termsChange.graceOnInterestPayment,
        graceOnInterestCharged: termsChange.graceOnInterestCharged,
        purpose: optionalText(200),
      }),
    )
    .min(1)
    .max(100),
});

export const loanOperations = {
  /**
   * The loan calculator: a repayment schedule from loan terms in Fineract's names. Any signed-in user may ask;
   * the currency defaults to the organisation's, the disbursement date to the business date.
   */
  'loans.calculateSchedule': op<ScheduleOutput>()({ kind: 'query', access: 'AUTHENTICATED', input: scheduleInputSchema }),

  /** A loan application: the product's terms, changed within its ranges; the schedule can be previewed first. */
  'loans.submit': op<{ loanId: number; accountNo: string }>()({
    kind: 'command',
    access: 'loans.submit',
    input: z.strictObject({
      clientId: id,
      productId: id,
      ...termsChange,
      submittedOnDate: isoDate.optional(),
      loanOfficerId: id.optional(),
      purpose: optionalText(200),
    }),
  }),
  /** The schedule a submission would get, without saving anything. */
  'loans.previewSchedule': op<ScheduleOutput>()({
    kind: 'query',
    access: 'loans.submit',
    input: z.strictObject({ clientId: id.optional(), productId: id, ...termsChange }),
  }),
  'loans.approve': op<{ loanId: number }>()({
    kind: 'command',
    access: 'loans.approve',
    input: z.strictObject({ ...loanId, approvedOnDate: isoDate.optional(), note }),
  }),
  'loans.reject': op<{ loanId: number }>()({
    kind: 'command',
    access: 'loans.approve',
    input: z.strictObject({ ...loanId, rejectedOnDate: isoDate.optional(), note }),
  }),
  'loans.withdraw': op<{ loanId: number }>()({
    kind: 'command',
    access: 'loans.submit',
    input: z.strictObject({ ...loanId, withdrawnOnDate: isoDate.optional(), note }),
  }),
  'loans.undoApproval': op<{ loanId: number }>()({ kind: 'command', access: 'loans.approve', input: z.strictObject({ ...loanId, note }) }),
  'loans.disburse': op<LoanTransactionResult>()({
    kind: 'command',
    access: 'loans.disburse',
    input: z.strictObject({ ...loanId, actualDisbursementDate: isoDate.optional(), ...payment, idempotencyKey, note }),
  }),
  'loans.undoDisbursal': op<{ loanId: number }>()({ kind: 'command', access: 'loans.adjust', input: z.strictObject({ ...loanId, note, approval: managerApproval.optional() }) }),
  'loans.repay': op<LoanTransactionResult>()({
    kind: 'command',
    access: 'loans.repay',
    input: z.strictObject({
      ...loanId,
      transactionDate: isoDate.optional(),
      transactionAmount: positiveAmountText,
      ...payment,
      idempotencyKey,
      note,
    }),
  }),
  /**
   * Many repayments in one command (a collection sheet, a bulk import): all post or none does, with one
   * command_log row. Each item is checked as loans.repay checks it; a failure names the item ("repayments.3...").
   */
  'loans.repayBatch': op<{ results: { loanId: number; transactionId: number; status: LoanStatus; receiptNumber: string | null }[] }>()({
    kind: 'command',
    access: 'loans.repay',
    input: z.strictObject({
      repayments: z
        .array(
          z.strictObject({
            loanId: id,
            transactionDate: isoDate.optional(),
            transactionAmount: positiveAmountText,
            ...payment,
            note,
          }),
        )
        .min(1)
        .max(5000),
      idempotencyKey,
      /**
       * A branch manager's approval for every cash item that would take the till over its limit, and every item that
       * would overpay its loan by more than the branch's margin (an item may carry its own).
       */
      approval: managerApproval.optional(),
      issueReceipts: z.boolean().default(true),
    }),
  }),
  /** Undo a transaction (transactionAmount "0") or change its amount; later transactions are replayed. */
  'loans.adjustTransaction': op<LoanTransactionResult>()({
    kind: 'command',
    access: 'loans.adjust',
    input: z.strictObject({
      ...loanId,
      transactionId: id,
      transactionAmount: amountText,
      transactionDate: isoDate.optional(),
      ...payment,
      note,
    }),
  }),
  /**
   * A teller undoes a repayment they posted themselves on the business date (issue 19 point 15): with a branch
   * manager's approval typed on the same PC (`approval`, APPROVAL_REQUIRED until it comes), unless the caller may
   * adjust loans anyway; the cash goes back out through the caller's till. Anything else is loans.adjustTransaction.
   */
  'loans.undoRepayment': op<LoanTransactionResult>()({
    kind: 'command',
    access: 'loans.repay',
    input: z.strictObject({ ...loanId, transactionId: id, approval: managerApproval.optional(), note }),
  }),
  'loans.waiveInterest': op<LoanTransactionResult>()({
    kind: 'command',
    access: 'loans.waive',
    input: z.strictObject({ ...loanId, transactionDate: isoDate.optional(), transactionAmount: positiveAmountText, note }),
  }),
  /**
   * Adds a catalogue charge to a disbursed loan (Fineract's POST /loans/{loanId}/charges): a SPECIFIED_DUE_DATE fee
   * or penalty on `dueDate`, or an INSTALMENT_FEE on every installment. `amount` is the money of a FLAT charge or the
   * percentage of a PERCENT_* one (the catalogue's when absent). It raises what the client owes, so it needs the
   * branch manager's adjustment permission.
   */
  'loans.addCharge': op<LoanChargeResult>()({
    kind: 'command',
    access: 'loans.adjust',
    input: z.strictObject({ ...loanId, chargeId: id, amount: positiveAmountText.optional(), dueDate: isoDate.optional(), note }),
  }),
  /**
   * Waives the unpaid part of a charge: one loan charge (`loanChargeId`, and for an installment fee the
   * `installmentNumber`, else its first unpaid installment, as Fineract), or, as before per-charge waivers, every
   * fee or penalty of an installment (`installmentNumber` with `chargeType`, FEE when absent).
   */
  'loans.waiveCharge': op<LoanTransactionResult>()({
    kind: 'command',
    access: 'loans.waive',
    input: z.strictObject({
      ...loanId,
      loanChargeId: id.optional(),
      installmentNumber: count(1).optional(),
      chargeType: z.enum(['FEE', 'PENALTY']).optional(),
      transactionDate: isoDate.optional(),
      note,
    }),
  }),
  /** Undoes a charge waiver (Fineract's undowaivecharge on the waiver transaction): the charge is owed again. */
  'loans.undoWaiveCharge': op<LoanTransactionResult>()({
    kind: 'command',
    access: 'loans.waive',
    input: z.strictObject({ ...loanId, transactionId: id, note }),
  }),
  'loans.writeOff': op<LoanTransactionResult>()({
    kind: 'command',
    access: 'loans.writeOff',
    input: z.strictObject({ ...loanId, transactionDate: isoDate.optional(), note }),
  }),
  'loans.recoverWrittenOff': op<LoanTransactionResult>()({
    kind: 'command',
    access: 'loans.repay',
    input: z.strictObject({ ...loanId, transactionDate: isoDate.optional(), transactionAmount: positiveAmountText, ...payment, idempotencyKey, note }),
  }),
  /**
   * Pays interest up to the date and the rest outstanding; future interest is dropped. It forgives interest, so it
   * needs the waiver permission (a branch manager), not only the teller's repayment one.
   */
  'loans.foreclose': op<LoanTransactionResult>()({
    kind: 'command',
    access: 'loans.waive',
    input: z.strictObject({ ...loanId, transactionDate: isoDate.optional(), ...payment, idempotencyKey, note }),
  }),
  /**
   * A joint-liability (JLG) application (FINERACT-NOTES.md 3.5 and 5): one loan per member of an active group, each
   * as loans.submit makes it, in one command; tied to the group's collection calendar when `calendarId` is given.
   */
  'loans.submitJlg': op<{ loanIds: number[] }>()({
    kind: 'command',
    access: 'loans.submit',
    input: jlgApplication,
  }),
  /** The schedule one member's loan of a JLG application would get (its `members` hold that one member). */
  'loans.previewJlg': op<ScheduleOutput>()({
    kind: 'query',
    access: 'loans.submit',
    input: jlgApplication,
  }),
  /** Approves a group's JLG loans in one command (all pending ones when loanIds is absent); a failure names the loan. */
  'loans.approveJlg': op<{ loanIds: number[] }>()({
    kind: 'command',
    access: 'loans.approve',
    input: z.strictObject({ groupId: id, loanIds: z.array(id).min(1).max(500).optional(), approvedOnDate: isoDate.optional(), note }),
  }),
  /** Disburses a group's approved JLG loans in one command (all of them when loanIds is absent). */
  'loans.disburseJlg': op<{ loanIds: number[]; results: LoanTransactionResult[] }>()({
    kind: 'command',
    access: 'loans.disburse',
    input: z.strictObject({ groupId: id, loanIds: z.array(id).min(1).max(500).optional(), actualDisbursementDate: isoDate.optional(), ...payment, note }),
  }),
  'loans.get': op<LoanView>()({ kind: 'query', access: 'loans.read', input: z.strictObject({ ...loanId, asOf: isoDate.optional() }) }),
  'loans.list': op<LoanListItem[]>()({
    kind: 'query',
    access: 'loans.read',
    input: z.strictObject({
      clientId: id.optional(),
      loanOfficerId: id.optional(),
      /** a group's JLG loans */
      groupId: id.optional(),
      status: z.enum(Object.keys(LOAN_STATUSES) as [LoanStatus, ...LoanStatus[]]).optional(),
      query: z.string().trim().max(100).optional(),
      /** keyset paging: the loans after this one in the list (ids below it); pass the last id of the previous page */
      afterId: id.optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
  }),
  'receipts.reprint': op<ReceiptView>()({ kind: 'command', access: 'loans.read', input: z.strictObject({ number: trimmed(40) }) }),
} as const;
