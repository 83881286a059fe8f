import { z } from 'zod';
import { op } from './operation';
import { id, isoDate, optionalText, positiveAmountText, username } from './fields';
import { decimalText } from './loanSchedule';

/**
 * Tellers' tills and the branch vault (DOMAIN.md "Tellers and cash"). The vault and each till are GL cash accounts
 * (tills under 1120 "Tellers' tills"); a teller works cash only inside an open till session, opened with a counted
 * float and closed with a blind count whose difference posts to cash over and short. Amounts are decimal strings;
 * a count is a list of denominations (a note or coin value, as text) and how many of each.
 */
export const countLine = z.strictObject({
  denomination: decimalText.refine((v) => !v.startsWith('-') && /[1-9]/.test(v), { message: 'must be greater than zero' }),
  quantity: z.number().int({ message: 'must be a whole number' }).min(0, { message: 'cannot be negative' }).max(1_000_000),
});
export const cashCount = z.array(countLine).max(40);
export type CountLine = z.output<typeof countLine>;

export interface Denomination {
  /** The face value as a decimal string ("1000", "0.50"). */
  value: string;
  kind: 'NOTE' | 'COIN';
}

export const TILL_MOVEMENT_KINDS = [
  'ALLOCATION',
  'SETTLEMENT',
  'LOAN_DISBURSEMENT',
  'LOAN_REPAYMENT',
  'LOAN_RECOVERY',
  'SAVINGS_DEPOSIT',
  'SAVINGS_WITHDRAWAL',
  'UNDO',
  'OVER_SHORT',
] as const;
export type TillMovementKind = (typeof TILL_MOVEMENT_KINDS)[number];

/** The signed-in user's till: what the always-visible cash position and the open/close screens show. */
export interface TillPosition {
  /** false until a branch manager first allocates cash (or the user opens an empty till). */
  hasTill: boolean;
  open: boolean;
  sessionId: number | null;
  openedAt: string | null;
  /**
   * Cash the till holds now (the GL balance of the till account); null while the close is blind for the caller
   * (`figuresHidden`: a teller's open till, Settings.blindClose on).
   */
  balance: string | null;
  /** The most cash the till may hold without a branch manager's approval; null when no limit is set. */
  cashLimit: string | null;
  /** How full the till is against its cash limit, in whole percent with two places ("44.00"); null without a limit. */
  shareOfLimit: string | null;
  /** The till's amounts are kept from the caller until the close (the blind close, issue 19 point 3). */
  figuresHidden: boolean;
  currencyCode: string;
  denominations: Denomination[];
  /**
   * Cash a branch manager gave the open till that its teller has not acknowledged yet (tills.acknowledge): the
   * teller counts it and acknowledges before closing. Each amount is the cash handed over, never the till's.
   */
  pendingAllocations: PendingAllocation[];
}

export interface PendingAllocation {
  movementId: number;
  amount: string;
  at: string;
  /** The display name of who gave the cash. */
  from: string | null;
  note: string;
}

export interface TillMovementView {
  id: number;
  at: string;
  date: string;
  kind: TillMovementKind;
  /** A receipt number, a loan or savings account number, or the other party of a vault movement. */
  reference: string | null;
  description: string;
  /** null while the close is blind for the caller (TillReport.figuresHidden), as are the other amounts. */
  amountIn: string | null;
  amountOut: string | null;
  /** Cash in the till after this movement. */
  balance: string | null;
  /** The username of who handled the cash. */
  by: string;
  /** The display name of the branch manager who approved going over the cash limit (for the signed report). */
  approvedBy: string | null;
  /** Cash given to the open till: when and by whom (the teller's username) its receipt was acknowledged; null otherwise. */
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export interface TillSessionSummary {
  sessionId: number;
  status: 'OPEN' | 'CLOSED';
  businessDate: string;
  openedAt: string;
  closedAt: string | null;
  /** Who closed the till: the teller, or the branch manager who closed it for them. */
  closedBy: string | null;
  openingFloat: string;
  expected: string | null;
  counted: string | null;
  difference: string | null;
}

/** The teller's day report: opening float, every movement, expected, counted and the difference. */
export interface TillReport extends TillSessionSummary {
  till: { id: number; username: string; displayName: string; accountCode: string; accountName: string };
  currencyCode: string;
  openingCount: CountLine[];
  closingCount: CountLine[] | null;
  movements: TillMovementView[];
  totals: { kind: TillMovementKind; count: number; amountIn: string | null; amountOut: string | null }[];
  /** Cash taken in and paid out during the session; the over/short adjustment of the close is not cash moved. */
  cashIn: string | null;
  cashOut: string | null;
  /** Cash in the till now (equal to counted once closed). */
  balance: string | null;
  /**
   * A teller's open session while the close is blind (Settings.blindClose): expected, balance, cash in and out and
   * every movement's amounts are null until the close; the opening float and count stay (the teller counted them).
   */
  figuresHidden: boolean;
}

export interface TillSummary {
  tillId: number;
  username: string;
  displayName: string;
  accountCode: string;
  balance: string;
  cashLimit: string | null;
  open: boolean;
  session: TillSessionSummary | null;
}

export interface VaultView {
  accountCode: string;
  accountName: string;
  balance: string;
  currencyCode: string;
  tills: TillSummary[];
}

export interface TillCloseResult {
  sessionId: number;
  openingFloat: string;
  expected: string;
  counted: string;
  /** counted - expected: negative is a shortage, posted to cash over and short. */
  difference: string;
  closedAt: string;
  journalEntryId: number | null;
}

const tillOf = { username };

export const tillOperations = {
  /** The caller's till: balance, limit, whether open, the denominations to count. */
  'tills.current': op<TillPosition>()({ kind: 'query', access: 'tills.operate', input: z.strictObject({}) }),
  /** Opens the caller's till with the counted float; the count must equal the cash the till holds. */
  'tills.open': op<{ sessionId: number; openingFloat: string; balance: string }>()({
    kind: 'command',
    access: 'tills.operate',
    input: z.strictObject({ count: cashCount, note: optionalText(500) }),
  }),
  /**
   * Blind close: the teller's count; the difference from the expected cash posts to cash over and short. A branch
   * manager may count and close another teller's till (`username`), when the teller cannot.
   */
  'tills.close': op<TillCloseResult>()({
    kind: 'command',
    access: 'tills.operate',
    input: z.strictObject({ count: cashCount, username: username.optional(), note: optionalText(500) }),
  }),
  /** Branch manager: cash from the vault to a teller's till (the till is made on the first allocation). */
  'tills.allocate': op<{ tillId: number; tillBalance: string; vaultBalance: string }>()({
    kind: 'command',
    access: 'tills.manage',
    input: z.strictObject({ ...tillOf, amount: positiveAmountText, note: optionalText(500) }),
  }),
  /**
   * The teller acknowledges cash a branch manager gave their open till during the day (TillPosition
   * .pendingAllocations); their own close is refused until every such allocation is acknowledged.
   */
  'tills.acknowledge': op<{ movementId: number; acknowledgedAt: string }>()({
    kind: 'command',
    access: 'tills.operate',
    input: z.strictObject({ movementId: id }),
  }),
  /** Branch manager: cash from a teller's till back to the vault (all of it when no amount is given). */
  'tills.settle': op<{ tillId: number; tillBalance: string; vaultBalance: string }>()({
    kind: 'command',
    access: 'tills.manage',
    input: z.strictObject({ ...tillOf, amount: positiveAmountText.optional(), note: optionalText(500) }),
  }),
  /** Branch manager: cash brought into the vault from the bank (or another cash account, by GL code). */
  'tills.fundVault': op<{ vaultBalance: string; journalEntryId: number }>()({
    kind: 'command',
    access: 'tills.manage',
    input: z.strictObject({ amount: positiveAmountText, fromAccountCode: z.string().trim().min(1).max(20).default('1140'), note: optionalText(500) }),
  }),
  /** Branch manager: the most cash a till may hold without approval ("" or null removes the limit). */
  'tills.setLimit': op<{ tillId: number; cashLimit: string | null }>()({
    kind: 'command',
    access: 'tills.manage',
    input: z.strictObject({ ...tillOf, cashLimit: z.union([positiveAmountText, z.literal(''), z.null()]).transform((v) => (v === '' ? null : v)) }),
  }),
  /** Branch manager: the vault and every till. */
  'tills.vault': op<VaultView>()({ kind: 'query', access: 'tills.manage', input: z.strictObject({}) }),
  /**
   * A till day report: the caller's current (or last) session by default; another teller's, or an earlier
   * session, for a branch manager.
   */
  'tills.report': op<TillReport>()({
    kind: 'query',
    access: 'tills.operate',
    input: z.strictObject({ sessionId: id.optional(), username: username.optional() }),
  }),
  /** Sessions of a till (the caller's own, or any for a branch manager), newest first. */
  'tills.sessions': op<TillSessionSummary[]>()({
    kind: 'query',
    access: 'tills.operate',
    input: z.strictObject({ username: username.optional(), from: isoDate.optional() }),
  }),
} as const;
