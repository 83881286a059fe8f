import { z } from 'zod';
import { op } from './operation';
import { id, isoDate, managerApproval, optionalText, paymentFields, positiveAmountText, trimmed } from './fields';
import { count, decimalText, fineractEnum } from './loanSchedule';
import { SAVINGS_ACCOUNTING_RULES, productChargeRef, type ProductCharge, type SavingsAccountingRule } from './charges';

/**
 * Savings products and accounts with Fineract's names (DOMAIN.md "Savings (Fineract)"). Amounts are decimal
 * strings; enums take Fineract's names (and the days-in-year type its numbers 360 and 365).
 */
export const SAVINGS_STATUSES = { SUBMITTED_AND_PENDING_APPROVAL: 100, APPROVED: 200, ACTIVE: 300, CLOSED: 600 } as const;
export type SavingsStatus = keyof typeof SAVINGS_STATUSES;

/** How often interest is added to the balance, how often it is paid in, and on which balance it is calculated. */
export const interestCompoundingPeriodType = z.enum(['DAILY', 'MONTHLY', 'QUARTERLY', 'SEMIANNUAL', 'ANNUAL']);
// Fineract's SavingsPostingInterestPeriodType: DAILY posts each day's interest (posted by each day-end)
export const interestPostingPeriodType = z.enum(['DAILY', 'MONTHLY', 'QUARTERLY', 'BIANNUAL', 'ANNUAL']);
export const interestCalculationType = z.enum(['DAILY_BALANCE', 'AVERAGE_DAILY_BALANCE']);

const daysInYear = z.union([z.literal(360), z.literal(365), z.literal('360'), z.literal('365')]).transform((v) => Number(v) as 360 | 365);
const nonNegativeAmount = decimalText.refine((v) => !v.startsWith('-'), { message: 'cannot be negative' });

/** A savings product's GL accounts, in Fineract's names (SavingProductAccountingParams). */
const savingsAccountingMapping = z.strictObject({
  savingsControlAccountId: id.optional(),
  interestOnSavingsAccountId: id.optional(),
  incomeFromFeeAccountId: id.optional(),
  overdraftPortfolioControlId: id.optional(),
  incomeFromInterestId: id.optional(),
  /** ACCRUAL_PERIODIC: where interest accrued waits until it is posted */
  interestPayableAccountId: id.optional(),
  /** dormancy tracking: where an escheated account's balance goes (Fineract's escheatLiabilityId, required then) */
  escheatLiabilityId: id.optional(),
});
export type SavingsAccountingMapping = {
  [K in keyof z.output<typeof savingsAccountingMapping>]-?: K extends 'interestPayableAccountId' | 'escheatLiabilityId' ? number | null : number;
};

export const savingsProductInput = z.strictObject({
  name: trimmed(100),
  shortName: z.string().trim().min(1, { message: 'is required' }).max(4, { message: 'must be at most 4 characters (as in Fineract)' }),
  description: optionalText(500),
  currencyCode: z.string().trim().regex(/^[A-Z]{3}$/, { message: 'must be a three-letter ISO 4217 code' }),
  nominalAnnualInterestRate: nonNegativeAmount,
  interestCompoundingPeriodType: interestCompoundingPeriodType.default('MONTHLY'),
  interestPostingPeriodType: interestPostingPeriodType.default('MONTHLY'),
  interestCalculationType: interestCalculationType.default('DAILY_BALANCE'),
  interestCalculationDaysInYearType: daysInYear.default(365),
  minRequiredBalance: nonNegativeAmount.optional(),
  enforceMinRequiredBalance: z.boolean().default(false),
  minBalanceForInterestCalculation: nonNegativeAmount.optional(),
  /**
   * A flat fee taken with every withdrawal (its own transaction, before the withdrawal). The shape before the charge
   * catalogue, still accepted: it becomes a WITHDRAWAL_FEE catalogue charge the product carries.
   */
  withdrawalFee: nonNegativeAmount.optional(),
  allowOverdraft: z.boolean().default(false),
  overdraftLimit: nonNegativeAmount.optional(),
  nominalAnnualInterestRateOverdraft: nonNegativeAmount.optional(),
  /** No withdrawal before the lock-in ends (counted from activation). */
  lockinPeriodFrequency: count(0).optional(),
  lockinPeriodFrequencyType: z.enum(['DAYS', 'WEEKS', 'MONTHS', 'YEARS']).optional(),
  /**
   * Fineract's minRequiredOpeningBalance: deposited when an account activates (a DEPOSIT dated the activation
   * date, before the activation fees); an account may be opened with its own (savings.submit).
   */
  minRequiredOpeningBalance: nonNegativeAmount.optional(),
  /**
   * Fineract's withdrawalFeeForTransfers: a transfer to another savings account (savings.transfer) pays the source
   * account's withdrawal fees as a withdrawal does (those tied to a payment type excepted: a transfer has none).
   * Off unless set, as in Fineract; accounts keep the value of their product when opened.
   */
  withdrawalFeeForTransfers: z.boolean().optional(),
  /** Catalogue savings charges the product carries, `[{"id":4}]`; new accounts take them. */
  charges: z.array(productChargeRef).max(20).default([]),
  /**
   * Fineract's dormancy tracking: day-end makes an active account INACTIVE, DORMANT, then escheats it, once the days
   * since its last deposit or withdrawal (or its activation) reach daysToInactive, daysToDormancy, daysToEscheat
   * (all three required when tracking is active, each above the one before, as Fineract validates them).
   */
  isDormancyTrackingActive: z.boolean().default(false),
  daysToInactive: count(1).optional(),
  daysToDormancy: count(1).optional(),
  daysToEscheat: count(1).optional(),
  /** NONE, CASH_BASED or ACCRUAL_PERIODIC (or Fineract's codes 1-3). */
  accountingRule: fineractEnum(SAVINGS_ACCOUNTING_RULES).default('CASH_BASED'),
  /** The GL accounts; each left out is the chart's account of its role (interestPayableAccountId: accruals only). */
  accountingMapping: savingsAccountingMapping.optional(),
}).superRefine((v, ctx) => {
  // a lock-in needs both its length and its unit (Fineract refuses one without the other); alone, either was
  // silently ignored and the account had no lock-in
  if (v.lockinPeriodFrequency !== undefined && v.lockinPeriodFrequencyType === undefined) {
    ctx.addIssue({ code: 'custom', path: ['lockinPeriodFrequencyType'], message: 'is required with lockinPeriodFrequency' });
  }
  if (v.lockinPeriodFrequencyType !== undefined && v.lockinPeriodFrequency === undefined) {
    ctx.addIssue({ code: 'custom', path: ['lockinPeriodFrequency'], message: 'is required with lockinPeriodFrequencyType' });
  }
  // Fineract's SavingsProductDataValidator: each of the three days notNull and > 0 when tracking is active, then
  // daysToDormancy > daysToInactive and daysToEscheat > daysToDormancy
  if (v.isDormancyTrackingActive) {
    for (const f of ['daysToInactive', 'daysToDormancy', 'daysToEscheat'] as const) {
      if (v[f] === undefined) ctx.addIssue({ code: 'custom', path: [f], message: 'is required when isDormancyTrackingActive is true' });
    }
    if (v.daysToInactive !== undefined && v.daysToDormancy !== undefined && v.daysToDormancy <= v.daysToInactive) {
      ctx.addIssue({ code: 'custom', path: ['daysToDormancy'], message: `must be greater than daysToInactive (${v.daysToInactive})` });
    }
    if (v.daysToDormancy !== undefined && v.daysToEscheat !== undefined && v.daysToEscheat <= v.daysToDormancy) {
      ctx.addIssue({ code: 'custom', path: ['daysToEscheat'], message: `must be greater than daysToDormancy (${v.daysToDormancy})` });
    }
    // where an escheated balance goes (SavingsProductAccountingDataValidator: ESCHEAT_LIABILITY notNull when tracking)
    if (v.accountingMapping?.escheatLiabilityId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['accountingMapping', 'escheatLiabilityId'], message: 'is required when isDormancyTrackingActive is true' });
    }
  }
});
export type SavingsProductInput = z.output<typeof savingsProductInput>;

export interface SavingsProduct extends Omit<SavingsProductInput, 'description' | 'charges' | 'accountingRule' | 'accountingMapping' | 'withdrawalFee'> {
  id: number;
  description: string | null;
  active: boolean;
  /** The catalogue charges it carries (a withdrawalFee given on input is one of them). */
  charges: ProductCharge[];
  accountingRule: SavingsAccountingRule;
  accountingMapping: SavingsAccountingMapping;
}

/** The time types of a charge on a savings account (Fineract's savings ChargeTimeType). */
export const SAVINGS_CHARGE_TIME_TYPES = ['SPECIFIED_DUE_DATE', 'SAVINGS_ACTIVATION', 'WITHDRAWAL_FEE', 'ANNUAL_FEE', 'MONTHLY_FEE', 'WEEKLY_FEE', 'SAVINGS_NOACTIVITY_FEE'] as const;
export type SavingsChargeTimeType = (typeof SAVINGS_CHARGE_TIME_TYPES)[number];

/**
 * A charge on a savings account (Fineract's SavingsAccountChargeData) with its figures: what fell due so far (each
 * occurrence of a recurring fee; for a withdrawal fee what its withdrawals paid), paid, waived, outstanding, and the
 * occurrence it is at (`nextDueDate`, Fineract's dueDate): day-end collects it once it is past.
 */
export interface SavingsChargeView {
  /** savingsAccountChargeId */
  id: number;
  chargeId: number | null;
  name: string;
  chargeTimeType: SavingsChargeTimeType;
  chargeCalculationType: 'FLAT' | 'PERCENT_OF_AMOUNT';
  penalty: boolean;
  /** FLAT: what each occurrence owes; a percentage: null */
  amount: string | null;
  /** PERCENT_OF_AMOUNT: the % of each withdrawal */
  percentage: string | null;
  /** a withdrawal fee taken only for withdrawals of this payment type (code) */
  paymentType: string | null;
  feeOnMonthDay: string | null;
  feeInterval: number | null;
  active: boolean;
  amountDue: string;
  amountPaid: string;
  amountWaived: string;
  amountOutstanding: string;
  /** the first occurrence's date (a specified-due-date fee's date; the activation date for an activation fee), or null */
  dueDate: string | null;
  nextDueDate: string | null;
}

export interface SavingsTransactionView {
  id: number;
  type: 'DEPOSIT' | 'WITHDRAWAL' | 'WITHDRAWAL_FEE' | 'FEE' | 'INTEREST_POSTING' | 'OVERDRAFT_INTEREST' | 'ACCRUAL' | 'WAIVE_CHARGE' | 'ESCHEAT';
  date: string;
  amount: string;
  runningBalance: string;
  reversed: boolean;
  paymentType: string | null;
  receiptNumber: string | null;
  issuedReceiptNumber: string | null;
  note: string | null;
  /** a FEE, WITHDRAWAL_FEE or WAIVE_CHARGE: the charge it paid or waived */
  charge: { id: number; name: string } | null;
  /** a leg of a transfer between savings accounts (savings.transfer): where the money went (TO) or came from (FROM) */
  transfer: SavingsTransferLeg | null;
  /** an undone row: what its undo said (the reason, and who approved it) */
  undoNote: string | null;
}

/** The other side of a transfer leg on a statement. */
export interface SavingsTransferLeg {
  transferId: number;
  /** TO: this row is the withdrawal that sent the money to the account named; FROM: the deposit that received it */
  direction: 'TO' | 'FROM';
  savingsId: number;
  accountNo: string;
  clientName: string;
}

/** A transfer between savings accounts: both legs, what each account holds after it, and the fee taken (if any). */
export interface SavingsTransferResult {
  transferId: number;
  fromSavingsId: number;
  toSavingsId: number;
  fromTransactionId: number;
  toTransactionId: number;
  transactionAmount: string;
  /** the withdrawal fees the source paid ("0.00" when none) */
  withdrawalFee: string;
  fromAccountBalance: string;
  toAccountBalance: string;
}

/** An account in savings.list: the approval queue shows when it was submitted or approved and its opening balance. */
export interface SavingsListItem {
  id: number;
  accountNo: string;
  status: SavingsStatus;
  clientId: number;
  clientName: string;
  productName: string;
  accountBalance: string;
  submittedOn: string;
  approvedOn: string | null;
  /** what activation deposits ("0.00" when nothing) */
  minRequiredOpeningBalance: string;
  /** Fineract's sub-status: dormancy (INACTIVE, DORMANT, ESCHEAT) or a manager's block; NONE when neither */
  subStatus: SavingsSubStatus;
}

/**
 * Fineract's SavingsAccountSubStatusEnum. INACTIVE, DORMANT and ESCHEAT come from day-end's dormancy tracking (a
 * deposit or withdrawal brings INACTIVE and DORMANT back to NONE); BLOCK stops every deposit and withdrawal,
 * BLOCK_DEBIT withdrawals (transfers out included), BLOCK_CREDIT deposits (what unblocking the debits of a BLOCK
 * leaves, as Fineract).
 */
export const SAVINGS_SUB_STATUSES = ['NONE', 'INACTIVE', 'DORMANT', 'ESCHEAT', 'BLOCK', 'BLOCK_CREDIT', 'BLOCK_DEBIT'] as const;
export type SavingsSubStatus = (typeof SAVINGS_SUB_STATUSES)[number];

/** Where an account stands with dormancy and blocks (savings.get). */
export interface SavingsSubStatusView {
  subStatus: SavingsSubStatus;
  /** the business date it took effect, the reason given and by whom (null: day-end, or never set) */
  since: string | null;
  reason: string | null;
  setBy: string | null;
  /** dormancy tracking of the product: the days it counts, and the days left (Fineract's daysToInactive ...) */
  tracking: { daysToInactive: number; daysToDormancy: number; daysToEscheat: number } | null;
  /** the last deposit or withdrawal not reversed, else the activation date (Fineract's lastActiveTransactionDate) */
  lastActiveTransactionDate: string | null;
  daysLeftToInactive: number | null;
  daysLeftToDormancy: number | null;
  daysLeftToEscheat: number | null;
}

export interface SavingsView {
  id: number;
  accountNo: string;
  status: SavingsStatus;
  subStatus: SavingsSubStatusView;
  client: { id: number; accountNo: string; displayName: string };
  product: { id: number; name: string; shortName: string };
  currency: { code: string; decimalPlaces: number; inMultiplesOf: number };
  timeline: { submittedOn: string; approvedOn: string | null; activatedOn: string | null; closedOn: string | null; lockedInUntil: string | null };
  summary: {
    accountBalance: string;
    /** Fineract's: the balance less the minimum balance it must keep (when enforced); negative while an overdraft is in use */
    availableBalance: string;
    /** what a withdrawal may take now: down to the floor, or into the overdraft up to its limit (never below 0) */
    withdrawableBalance: string;
    totalDeposits: string;
    totalWithdrawals: string;
    totalInterestPosted: string;
    /** fee charges paid (withdrawal and annual fees among them), penalties apart; overdraft interest is not a fee */
    totalFees: string;
    totalPenalties: string;
    totalWithdrawalFees: string;
    totalAnnualFees: string;
    /** overdraft interest charged (Fineract's totalOverdraftInterestDerived) */
    totalOverdraftInterest: string;
    interestNotPosted: string;
    lastInterestPostingDate: string | null;
  };
  nominalAnnualInterestRate: string;
  /** deposited at activation ("0.00" when nothing): the activate form asks how it is paid */
  minRequiredOpeningBalance: string;
  charges: SavingsChargeView[];
  transactions: SavingsTransactionView[];
}

/** An activation: the opening deposit's transaction and receipt when the account has an opening balance, else null. */
export interface SavingsActivationResult {
  savingsId: number;
  transactionId: number | null;
  accountBalance: string;
  receipt: import('./loans').ReceiptView | null;
}

/**
 * A statement of an account for a period (savings.statement): the balance at the end of the day before `fromDate`,
 * every transaction dated in the period with its running balance (reversed rows listed, marked, moving nothing),
 * the period's credits and debits, and the balance at the end of `toDate`.
 */
export interface SavingsStatement {
  account: Pick<SavingsView, 'id' | 'accountNo' | 'status' | 'client' | 'product' | 'currency' | 'nominalAnnualInterestRate'>;
  office: { code: string; name: string };
  fromDate: string;
  toDate: string;
  openingBalance: string;
  closingBalance: string;
  totalCredits: string;
  totalDebits: string;
  transactions: SavingsTransactionView[];
  /** the business date it was made on */
  printedOn: string;
}

export interface SavingsTransactionResult {
  savingsId: number;
  transactionId: number;
  accountBalance: string;
  receipt: import('./loans').ReceiptView | null;
}

const money = {
  transactionDate: isoDate.optional(),
  transactionAmount: positiveAmountText,
  ...paymentFields,
  idempotencyKey: z.string().trim().min(8).max(100).optional(),
  note: optionalText(500),
};

const savingsId = { savingsId: id };

/** A block set or lifted: the account's sub-status after it. */
export interface SubStatusResult {
  savingsId: number;
  subStatus: SavingsSubStatus;
}

export const savingsOperations = {
  'savingsProducts.create': op<{ id: number }>()({ kind: 'command', access: 'savingsProducts.manage', input: savingsProductInput }),
  'savingsProducts.list': op<SavingsProduct[]>()({ kind: 'query', access: 'savings.read', input: z.strictObject({}) }),
  'savingsProducts.get': op<SavingsProduct>()({ kind: 'query', access: 'savings.read', input: z.strictObject({ id }) }),
  'savings.submit': op<{ savingsId: number; accountNo: string }>()({
    kind: 'command',
    access: 'savings.open',
    input: z.strictObject({
      clientId: id,
      productId: id,
      submittedOnDate: isoDate.optional(),
      note: optionalText(500),
      /** the account's opening balance, deposited at activation (Fineract's account field; the product's when left out) */
      minRequiredOpeningBalance: nonNegativeAmount.optional(),
    }),
  }),
  'savings.approve': op<{ savingsId: number }>()({
    kind: 'command',
    access: 'savings.approve',
    input: z.strictObject({ ...savingsId, approvedOnDate: isoDate.optional() }),
  }),
  /**
   * Activates an approved account. An account with an opening balance (minRequiredOpeningBalance) receives it as a
   * deposit dated the activation date, paid by the payment type given (required then: paymentTypeCode or
   * paymentTypeId; cash through the activating user's till, with a manager's `approval` where the till's limit
   * needs it), with its journal entry and receipt; the activation fees are taken after it.
   */
  'savings.activate': op<SavingsActivationResult>()({
    kind: 'command',
    access: 'savings.approve',
    input: z.strictObject({ ...savingsId, activatedOnDate: isoDate.optional(), ...paymentFields, idempotencyKey: z.string().trim().min(8).max(100).optional(), note: optionalText(500) }),
  }),
  'savings.deposit': op<SavingsTransactionResult>()({ kind: 'command', access: 'savings.transact', input: z.strictObject({ ...savingsId, ...money }) }),
  'savings.withdraw': op<SavingsTransactionResult>()({ kind: 'command', access: 'savings.transact', input: z.strictObject({ ...savingsId, ...money }) }),
  /**
   * Posts every finished period not yet posted, re-posting any that changed (a backdated transaction). Accounts with
   * no posting due are skipped without being computed; the others are computed from their last posting run's
   * checkpoint. `accounts`: how many were computed. A job: over the branch it commits in chunks of accounts.
   */
  'savings.postInterest': op<{ accounts: number; created: number; reversed: number }>()({
    kind: 'job',
    access: 'savings.postInterest',
    input: z.strictObject({ savingsId: id.optional(), postingDate: isoDate.optional() }),
  }),
  /**
   * Pays a loan from a savings account: a withdrawal (no cash, no fee) and a loan repayment in one command; the
   * journal moves the money from savings deposits to the loan's accounts.
   */
  'savings.transferToLoan': op<{ savingsId: number; savingsTransactionId: number; loanId: number; loanTransactionId: number; accountBalance: string }>()({
    kind: 'command',
    access: 'savings.transact',
    input: z.strictObject({
      ...savingsId,
      loanId: id,
      transactionDate: isoDate.optional(),
      transactionAmount: positiveAmountText,
      idempotencyKey: z.string().trim().min(8).max(100).optional(),
      note: optionalText(500),
      /** A branch manager's approval when the transfer would overpay the loan by more than the branch's margin. */
      approval: managerApproval.optional(),
    }),
  }),
  /**
   * Moves money from one savings account to another, of the same client or another (Fineract's account transfer):
   * a WITHDRAWAL of the source and a DEPOSIT of the destination dated the same, one journal entry (Dr the source
   * product's savings control, Cr the destination's), no cash. Refused whole when the source cannot pay (its floor,
   * lock-in, overdraft limit, later history), between accounts of other currencies, not ACTIVE, or to itself.
   */
  'savings.transfer': op<SavingsTransferResult>()({
    kind: 'command',
    access: 'savings.transact',
    input: z.strictObject({
      fromSavingsId: id,
      toSavingsId: id,
      transactionAmount: positiveAmountText,
      transactionDate: isoDate.optional(),
      idempotencyKey: z.string().trim().min(8).max(100).optional(),
      note: optionalText(500),
      /** accepted as other savings commands take it; a transfer moves no cash, so no till limit asks for it */
      approval: managerApproval.optional(),
    }),
  }),
  /**
   * Closes an account (Fineract's close): interest up to the day before the closing date is posted, then the
   * balance is paid out when `withdrawBalance` is true (else a balance left refuses the close).
   */
  'savings.close': op<SavingsTransactionResult & { closedOn: string }>()({
    kind: 'command',
    access: 'savings.transact',
    input: z.strictObject({ ...savingsId, closedOnDate: isoDate.optional(), withdrawBalance: z.boolean().default(false), ...paymentFields, idempotencyKey: z.string().trim().min(8).max(100).optional(), note: optionalText(500) }),
  }),
  /**
   * Adds a catalogue charge to an account (Fineract's POST savingsaccounts/{id}/charges): `amount` (major units, or
   * the percentage) defaults to the catalogue's; a specified-due-date or weekly fee needs `dueDate`; an annual or
   * monthly fee takes `feeOnMonthDay` ("MM-DD"; a monthly one also "DD") and a monthly or weekly one `feeInterval`,
   * else the catalogue's. An activation fee only before activation, one annual fee per account.
   */
  'savings.addCharge': op<{ savingsId: number; savingsAccountChargeId: number }>()({
    kind: 'command',
    access: 'savings.charges',
    input: z.strictObject({
      ...savingsId,
      chargeId: id,
      amount: positiveAmountText.optional(),
      dueDate: isoDate.optional(),
      feeOnMonthDay: z.string().trim().min(1).max(10).optional(),
      feeInterval: count(1).optional(),
    }),
  }),
  /**
   * Pays (part of) a charge's current occurrence from the balance (Fineract's paycharge): `amount` at most what it
   * owes, dated `dueDate` (not after the business date, not before activation; an annual fee not before its due date).
   */
  'savings.payCharge': op<{ savingsId: number; savingsAccountChargeId: number; transactionId: number; accountBalance: string }>()({
    kind: 'command',
    access: 'savings.charges',
    input: z.strictObject({
      ...savingsId,
      savingsAccountChargeId: id,
      amount: positiveAmountText,
      dueDate: isoDate,
      idempotencyKey: z.string().trim().min(8).max(100).optional(),
    }),
  }),
  /** Waives what a charge's current occurrence still owes (Fineract's waive): a WAIVE_CHARGE dated the business date, no money moving. */
  'savings.waiveCharge': op<{ savingsId: number; savingsAccountChargeId: number; transactionId: number; amountWaived: string }>()({
    kind: 'command',
    access: 'savings.waive',
    input: z.strictObject({ ...savingsId, savingsAccountChargeId: id }),
  }),
  /**
   * Undoes a transaction (Fineract's undo of a savings transaction): a deposit, a withdrawal with the withdrawal fees
   * it took, a fee, a waiver (the charge owes again what it paid or waived) or an interest posting. REVERSAL rows
   * point at what they undo, journal entries are reversed, cash goes back through the corrector's till; interest
   * posted after its date is computed again. Refused, nothing written, when a later balance would go below the
   * account's floor. A teller's own deposit or withdrawal of the day needs no one else; anything else a teller
   * corrects needs a branch manager's `approval` (a branch manager corrects on their own). `undone`: every
   * transaction undone.
   */
  'savings.undoTransaction': op<{ savingsId: number; transactionId: number; undone: number[]; accountBalance: string }>()({
    kind: 'command',
    access: 'savings.transact',
    input: z.strictObject({ ...savingsId, transactionId: id, note: optionalText(500), approval: managerApproval.optional() }),
  }),
  /**
   * Changes the amount (and date, when given) of a deposit or a withdrawal (Fineract's adjustSavingsTransaction): the
   * transaction is undone as savings.undoTransaction undoes it and posted again, with its withdrawal fees taken again;
   * the result is the new transaction's, with its receipt. Who may, as for an undo.
   */
  'savings.adjustTransaction': op<SavingsTransactionResult & { undone: number[] }>()({
    kind: 'command',
    access: 'savings.transact',
    input: z.strictObject({
      ...savingsId,
      transactionId: id,
      transactionAmount: positiveAmountText,
      transactionDate: isoDate.optional(),
      note: optionalText(500),
      approval: managerApproval.optional(),
    }),
  }),
  /** The withdrawal fees a withdrawal of `transactionAmount` by this payment type would take (the teller's screen shows them). */
  'savings.withdrawalFee': op<{ fee: string; fees: { savingsAccountChargeId: number; name: string; amount: string }[] }>()({
    kind: 'query',
    access: 'savings.read',
    input: z.strictObject({ ...savingsId, transactionAmount: positiveAmountText, paymentTypeId: id.optional(), paymentTypeCode: z.string().trim().toUpperCase().optional() }),
  }),
  /**
   * A branch manager's block (Fineract's block, unblock, blockDebit, unblockDebit on an ACTIVE account, with its
   * reasonForBlock): BLOCK refuses deposits and withdrawals, BLOCK_DEBIT withdrawals; `reason` is required to block.
   */
  'savings.block': op<SubStatusResult>()({ kind: 'command', access: 'savings.block', input: z.strictObject({ ...savingsId, reason: trimmed(500) }) }),
  'savings.unblock': op<SubStatusResult>()({ kind: 'command', access: 'savings.block', input: z.strictObject({ ...savingsId, reason: optionalText(500) }) }),
  'savings.blockDebit': op<SubStatusResult>()({ kind: 'command', access: 'savings.block', input: z.strictObject({ ...savingsId, reason: trimmed(500) }) }),
  'savings.unblockDebit': op<SubStatusResult>()({ kind: 'command', access: 'savings.block', input: z.strictObject({ ...savingsId, reason: optionalText(500) }) }),
  'savings.get': op<SavingsView>()({ kind: 'query', access: 'savings.read', input: z.strictObject({ ...savingsId }) }),
  /**
   * An account's statement for a period: `fromDate` defaults to the submission date, `toDate` to the business
   * date; opening and closing balances computed in the core.
   */
  'savings.statement': op<SavingsStatement>()({
    kind: 'query',
    access: 'savings.read',
    input: z.strictObject({ ...savingsId, fromDate: isoDate.optional(), toDate: isoDate.optional() }),
  }),
  /**
   * A page of accounts, newest first, of a client and/or in a status: at most `limit`, and with `afterId` (the last
   * id of the page before) only those with a smaller id.
   */
  'savings.list': op<SavingsListItem[]>()({
    kind: 'query',
    access: 'savings.read',
    input: z.strictObject({
      clientId: id.optional(),
      status: z.enum(Object.keys(SAVINGS_STATUSES) as [SavingsStatus, ...SavingsStatus[]]).optional(),
      afterId: id.optional(),
      limit: z.number().int().min(1).max(1000).default(1000),
    }),
  }),
} as const;
