import { z } from 'zod';
import { op } from './operation';
import { amountText, id, isoDate, optionalText, trimmed } from './fields';
import type { BookText } from '../bookText';

export const GL_ACCOUNT_TYPES = ['ASSET', 'LIABILITY', 'EQUITY', 'INCOME', 'EXPENSE'] as const;
export type GlAccountType = (typeof GL_ACCOUNT_TYPES)[number];
/** HEADER groups accounts; DETAIL takes postings. */
export const glAccountUsage = z.enum(['HEADER', 'DETAIL']);
export type GlAccountUsage = z.infer<typeof glAccountUsage>;

export interface GlAccount {
  id: number;
  code: string;
  name: string;
  type: GlAccountType;
  usage: GlAccountUsage;
  parentId: number | null;
  tag: string | null;
  manualEntriesAllowed: boolean;
  active: boolean;
  description: string | null;
  /** Balance on its normal side (debit for assets and expenses, credit for the others). */
  balance: string;
  /** what `name` says in the reader's language while it is the name the core gave it (shared/bookText.ts); null once renamed */
  nameText: BookText | null;
}

export interface JournalEntryView {
  id: number;
  entryDate: string;
  description: string;
  sourceType: string;
  sourceId: number | null;
  manual: boolean;
  reversalOf: number | null;
  reversedBy: number | null;
  createdBy: string | null;
  createdAt: string;
  /** what `description` says, when the core wrote it (shared/bookText.ts); null for a user's own words */
  text: BookText | null;
  lines: { glAccountId: number; glCode: string; glName: string; glNameText: BookText | null; debit: string; credit: string }[];
}

export interface TrialBalance {
  asOf: string;
  rows: { glAccountId: number; glCode: string; name: string; nameText: BookText | null; type: GlAccountType; debit: string; credit: string }[];
  totalDebit: string;
  totalCredit: string;
}

/**
 * A page of an account's statement. `openingBalance` and `closingBalance` are the period's (before `fromDate`, at
 * `toDate`) on every page; each line's `balance` runs on from the previous page. `nextCursor` is passed as `cursor`
 * for the next page; null on the last.
 */
export interface AccountStatement {
  account: { id: number; code: string; name: string; nameText: BookText | null; type: GlAccountType };
  fromDate: string | null;
  toDate: string;
  openingBalance: string;
  lines: { entryId: number; date: string; description: string; text: BookText | null; debit: string; credit: string; balance: string }[];
  closingBalance: string;
  nextCursor: string | null;
}

/** Lines of a statement page when the call does not say; the most one page may ask for. */
export const STATEMENT_PAGE_DEFAULT = 500;
export const STATEMENT_PAGE_MAX = 5000;

export interface PaymentType {
  id: number;
  code: string;
  name: string;
  isCash: boolean;
  glAccountId: number;
}

const line = z
  .strictObject({
    glAccountId: id.optional(),
    glCode: z.string().trim().optional(),
    debit: amountText.optional(),
    credit: amountText.optional(),
  })
  .refine((l) => l.glAccountId !== undefined || l.glCode !== undefined, { message: 'needs glAccountId or glCode', path: ['glAccountId'] })
  .refine((l) => (l.debit === undefined) !== (l.credit === undefined), { message: 'needs a debit or a credit, not both', path: ['debit'] });

/** The branch's opening entry (accounting.openingBalances) and the equity account that balances it. */
export interface OpeningBalancesView {
  /** the opening-balance equity account (3300): the side an entered balance is set against */
  equityAccount: { id: number; code: string; name: string; nameText: BookText | null } | null;
  /** the opening entry in force (the last one entered, not reversed), or null */
  entry: JournalEntryView | null;
  /** the first day something other than an opening entry was posted: opening balances are dated on or before it */
  firstPostingDate: string | null;
}

export const accountingOperations = {
  'accounting.accounts': op<GlAccount[]>()({
    kind: 'query',
    access: 'accounting.read',
    input: z.strictObject({ includeInactive: z.boolean().default(false) }),
  }),
  'accounting.createAccount': op<{ id: number }>()({
    kind: 'command',
    access: 'accounting.manage',
    input: z.strictObject({
      code: z.string().trim().regex(/^[0-9A-Za-z.-]{1,20}$/, { message: 'must be 1 to 20 letters, digits, dots or dashes' }),
      name: trimmed(120),
      type: z.enum(GL_ACCOUNT_TYPES),
      usage: glAccountUsage.default('DETAIL'),
      parentId: id.optional(),
      manualEntriesAllowed: z.boolean().default(true),
      description: optionalText(300),
    }),
  }),
  'accounting.updateAccount': op<{ id: number }>()({
    kind: 'command',
    access: 'accounting.manage',
    input: z.strictObject({
      id,
      name: trimmed(120).optional(),
      active: z.boolean().optional(),
      manualEntriesAllowed: z.boolean().optional(),
      description: optionalText(300),
    }),
  }),
  /** A manual journal entry: two or more lines that balance to the minor unit. */
  'accounting.postEntry': op<{ id: number }>()({
    kind: 'command',
    access: 'accounting.manage',
    input: z.strictObject({
      transactionDate: isoDate.optional(),
      description: trimmed(300),
      lines: z.array(line).min(2, { message: 'needs at least two lines' }).max(50),
    }),
  }),
  /** Reverses a manual entry (automatic entries are reversed by undoing their transaction). */
  'accounting.reverseEntry': op<{ id: number }>()({
    kind: 'command',
    access: 'accounting.manage',
    input: z.strictObject({ entryId: id, description: optionalText(300) }),
  }),
  /**
   * The branch's opening balances as of a date (Fineract's opening balances screen, `defineOpeningBalance`): one
   * line per GL account, debits equal to credits (the difference goes on the opening-balance equity account, 3300,
   * which the screen fills in). Entering them again reverses the opening entry in force and posts the new one.
   */
  'accounting.openingBalances': op<{ id: number; reversed: number | null }>()({
    kind: 'command',
    access: 'accounting.openingBalances',
    input: z.strictObject({
      transactionDate: isoDate,
      description: optionalText(300),
      lines: z.array(line).min(1, { message: 'needs at least one account' }).max(200),
    }),
  }),
  'accounting.openingBalancesView': op<OpeningBalancesView>()({ kind: 'query', access: 'accounting.read', input: z.strictObject({}) }),
  'accounting.journalEntries': op<JournalEntryView[]>()({
    kind: 'query',
    access: 'accounting.read',
    input: z.strictObject({
      fromDate: isoDate.optional(),
      toDate: isoDate.optional(),
      glAccountId: id.optional(),
      limit: z.number().int().min(1).max(2000).default(200),
      beforeId: id.optional(),
    }),
  }),
  'accounting.trialBalance': op<TrialBalance>()({
    kind: 'query',
    access: 'accounting.read',
    input: z.strictObject({ asOf: isoDate.optional() }),
  }),
  'accounting.accountStatement': op<AccountStatement>()({
    kind: 'query',
    access: 'accounting.read',
    input: z.strictObject({
      glAccountId: id,
      fromDate: isoDate.optional(),
      toDate: isoDate.optional(),
      limit: z.number().int().min(1).max(STATEMENT_PAGE_MAX).default(STATEMENT_PAGE_DEFAULT),
      /** `nextCursor` of the previous page (same account and fromDate) */
      cursor: z.string().min(1).max(400).optional(),
    }),
  }),
  /** Closes the books up to a date: earlier-dated postings are then refused with PERIOD_CLOSED. */
  'accounting.closePeriod': op<{ id: number }>()({
    kind: 'command',
    access: 'accounting.close',
    input: z.strictObject({ closingDate: isoDate, comments: optionalText(300) }),
  }),
  'accounting.closures': op<{ id: number; closingDate: string; comments: string | null; createdAt: string }[]>()({
    kind: 'query',
    access: 'accounting.read',
    input: z.strictObject({}),
  }),
  'paymentTypes.list': op<PaymentType[]>()({ kind: 'query', access: 'AUTHENTICATED', input: z.strictObject({}) }),
} as const;
