import { z } from 'zod';
import { op } from './operation';
import { id, isoDate, managerApproval, optionalText, paymentFields, positiveAmountText, trimmed } from './fields';
import { count, decimalText } from './loanSchedule';

/**
 * Savings products and accounts with Fineract's names (DOMAIN.md "Savings (Fineract)"). Amounts are decimal
 * strings; enums take Fineract's names (and the days-in-year type its numbers 360 and 365).
 */
export const SAVINGS_STATUSES = { SUBMITTED_AND_PENDING_APPROVAL: 100, APPROVED: 200, ACTIVE: 300, CLOSED: 600 } as const;
export type SavingsStatus = keyof typeof SAVINGS_STATUSES;

/** How often interest is added to the balance, how often it is paid in, and on which balance it is calculated. */
export const interestCompoundingPeriodType = z.enum(['DAILY', 'MONTHLY', 'QUARTERLY', 'SEMIANNUAL', 'ANNUAL']);
export const interestPostingPeriodType = z.enum(['MONTHLY', 'QUARTERLY', 'BIANNUAL', 'ANNUAL']);
export const interestCalculationType = z.enum(['DAILY_BALANCE', 'AVERAGE_DAILY_BALANCE']);

const daysInYear = z.union([z.literal(360), z.literal(365), z.literal('360'), z.literal('365')]).transform((v) => Number(v) as 360 | 365);
const nonNegativeAmount = decimalText.refine((v) => !v.startsWith('-'), { message: 'cannot be negative' });

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
  /** A flat fee taken with every withdrawal (its own transaction, before the withdrawal). */
  withdrawalFee: nonNegativeAmount.optional(),
  allowOverdraft: z.boolean().default(false),
  overdraftLimit: nonNegativeAmount.optional(),
  nominalAnnualInterestRateOverdraft: nonNegativeAmount.optional(),
  /** No withdrawal before the lock-in ends (counted from activation). */
  lockinPeriodFrequency: count(0).optional(),
  lockinPeriodFrequencyType: z.enum(['DAYS', 'WEEKS', 'MONTHS', 'YEARS']).optional(),
}).superRefine((v, ctx) => {
  // a lock-in needs both its length and its unit (Fineract refuses one without the other); alone, either was
  // silently ignored and the account had no lock-in
  if (v.lockinPeriodFrequency !== undefined && v.lockinPeriodFrequencyType === undefined) {
    ctx.addIssue({ code: 'custom', path: ['lockinPeriodFrequencyType'], message: 'is required with lockinPeriodFrequency' });
  }
  if (v.lockinPeriodFrequencyType !== undefined && v.lockinPeriodFrequency === undefined) {
    ctx.addIssue({ code: 'custom', path: ['lockinPeriodFrequency'], message: 'is required with lockinPeriodFrequencyType' });
  }
});
export type SavingsProductInput = z.output<typeof savingsProductInput>;

export interface SavingsProduct extends Omit<SavingsProductInput, 'description'> {
  id: number;
  description: string | null;
  active: boolean;
}

export interface SavingsTransactionView {
  id: number;
  type: 'DEPOSIT' | 'WITHDRAWAL' | 'WITHDRAWAL_FEE' | 'FEE' | 'INTEREST_POSTING' | 'OVERDRAFT_INTEREST';
  date: string;
  amount: string;
  runningBalance: string;
  reversed: boolean;
  paymentType: string | null;
  receiptNumber: string | null;
  issuedReceiptNumber: string | null;
  note: string | null;
}

export interface SavingsView {
  id: number;
  accountNo: string;
  status: SavingsStatus;
  client: { id: number; accountNo: string; displayName: string };
  product: { id: number; name: string; shortName: string };
  currency: { code: string; decimalPlaces: number; inMultiplesOf: number };
  timeline: { submittedOn: string; approvedOn: string | null; activatedOn: string | null; closedOn: string | null; lockedInUntil: string | null };
  summary: {
    accountBalance: string;
    availableBalance: string;
    totalDeposits: string;
    totalWithdrawals: string;
    totalInterestPosted: string;
    totalFees: string;
    interestNotPosted: string;
    lastInterestPostingDate: string | null;
  };
  nominalAnnualInterestRate: string;
  transactions: SavingsTransactionView[];
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

export const savingsOperations = {
  'savingsProducts.create': op<{ id: number }>()({ kind: 'command', access: 'savingsProducts.manage', input: savingsProductInput }),
  'savingsProducts.list': op<SavingsProduct[]>()({ kind: 'query', access: 'savings.read', input: z.strictObject({}) }),
  'savingsProducts.get': op<SavingsProduct>()({ kind: 'query', access: 'savings.read', input: z.strictObject({ id }) }),
  'savings.submit': op<{ savingsId: number; accountNo: string }>()({
    kind: 'command',
    access: 'savings.open',
    input: z.strictObject({ clientId: id, productId: id, submittedOnDate: isoDate.optional(), note: optionalText(500) }),
  }),
  'savings.approve': op<{ savingsId: number }>()({
    kind: 'command',
    access: 'savings.approve',
    input: z.strictObject({ ...savingsId, approvedOnDate: isoDate.optional() }),
  }),
  'savings.activate': op<{ savingsId: number }>()({
    kind: 'command',
    access: 'savings.approve',
    input: z.strictObject({ ...savingsId, activatedOnDate: isoDate.optional() }),
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
   * Closes an account (Fineract's close): interest up to the day before the closing date is posted, then the
   * balance is paid out when `withdrawBalance` is true (else a balance left refuses the close).
   */
  'savings.close': op<SavingsTransactionResult & { closedOn: string }>()({
    kind: 'command',
    access: 'savings.transact',
    input: z.strictObject({ ...savingsId, closedOnDate: isoDate.optional(), withdrawBalance: z.boolean().default(false), ...paymentFields, idempotencyKey: z.string().trim().min(8).max(100).optional(), note: optionalText(500) }),
  }),
  'savings.get': op<SavingsView>()({ kind: 'query', access: 'savings.read', input: z.strictObject({ ...savingsId }) }),
  /**
   * A page of accounts, newest first, of a client and/or in a status: at most `limit`, and with `afterId` (the last
   * id of the page before) only those with a smaller id.
   */
  'savings.list': op<{ id: number; accountNo: string; status: SavingsStatus; clientId: number; clientName: string; productName: string; accountBalance: string }[]>()({
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
