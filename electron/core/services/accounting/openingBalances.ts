import type { OpeningBalancesView } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { formatMoney, parseMoneyField } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { transactionDate } from '../common/dates';
import { accountNameText } from './bookTexts';
import { clearAccountCache, postJournalEntry, reverseJournalEntry, type PostingLine } from '../ledger';
import { getOrganisation } from '../organisation';
import { isTillAccount } from '../tills';
import {
  accountByCode,
  accountByGlobalId,
  accountById,
  accountByTag,
  firstOtherEntryDate,
  insertTemplateAccount,
  openingEntryInForce,
  type AccountRow,
} from './repository';
import { listJournalEntries } from './views';

/**
 * A branch's opening balances as of a date (issue 19 point 10): what its accounts held when it started keeping its
 * books in Branchbox (the bank account, the mobile-money float, the capital), so that the first cash brought into
 * the vault does not leave the bank account negative.
 *
 * Fineract's opening balances (JournalEntryWritePlatformServiceJpaRepositoryImpl.defineOpeningBalance) is followed in
 * what it decides: the debits entered must equal the credits entered; the contra is an equity account; entering
 * them again reverses the opening entry in force first; and they are refused once the books hold later business
 * (Fineract refuses whenever any other entry exists; here, an other entry dated before the opening date, so a branch
 * that has begun can still enter what it held on its first day). Fineract posts each line with its own contra line
 * (so the contra nets to zero over a balanced entry); Branchbox posts the lines as entered, the contra being one of
 * them (the screen fills it in with the difference): the same balances, without a turnover of twice the entry on
 * the equity account.
 */

/** The opening-balance equity account of the chart: a template account added by the first command that needs it. */
export const OPENING_EQUITY = { globalId: 'GL-3300', code: '3300', name: 'Opening balance equity', tag: 'OPENING_BALANCE_EQUITY', parentGlobalId: 'GL-3000' } as const;

/**
 * The opening-balance equity account, added to the chart when it lacks it (in a command, as the accrual accounts
 * are: services/charges/chart.ts says why not in a migration). Null when the chart has no equity header or its code
 * is taken by another account (the accountant then balances on an equity account of their choice).
 */
export function ensureOpeningEquityAccount(ctx: Pick<HandlerContext, 'db' | 'touched'>): AccountRow | null {
  const db = ctx.db;
  const have = accountByTag(db, OPENING_EQUITY.tag);
  if (have) return have;
  const parent = accountByGlobalId(db, OPENING_EQUITY.parentGlobalId);
  if (!parent || accountByCode(db, OPENING_EQUITY.code) || accountByGlobalId(db, OPENING_EQUITY.globalId)) return null;
  const id = insertTemplateAccount(db, { globalId: OPENING_EQUITY.globalId, code: OPENING_EQUITY.code, name: OPENING_EQUITY.name, type: 'EQUITY', parentId: parent.id, tag: OPENING_EQUITY.tag, manual: true });
  ctx.touched('gl_account', id);
  clearAccountCache(db);
  return accountById(db, id) ?? null;
}

export interface OpeningLine {
  glAccountId?: number | undefined;
  glCode?: string | undefined;
  debit?: string | undefined;
  credit?: string | undefined;
}

/**
 * Posts the opening entry dated `date` (reversing the one in force). Every refusal names its field and leaves the
 * books as they were (the command's transaction rolls back).
 */
export function postOpeningBalances(ctx: HandlerContext, input: { transactionDate: string; description?: string | null | undefined; lines: OpeningLine[] }): { id: number; reversed: number | null } {
  const db = ctx.db;
  const dp = getOrganisation(db).currency.decimalPlaces;
  const date = transactionDate(ctx, input.transactionDate, 'transactionDate');
  const first = firstOtherEntryDate(db);
  if (first !== null && date > first) {
    throw new AppError('VALIDATION_FAILED', `transactionDate ${date} is after the first business posted (${first}): opening balances are what the accounts held before it`, [
      { field: 'transactionDate', code: 'after_first_posting', message: `must be on or before ${first}, the first day of business in the books` },
    ]);
  }
  const equity = ensureOpeningEquityAccount(ctx);
  const seen = new Set<number>();
  let debits = 0;
  let credits = 0;
  const lines: PostingLine[] = input.lines.map((l, i) => {
    const field = `lines.${i}.${l.glAccountId !== undefined ? 'glAccountId' : 'glCode'}`;
    const a = l.glAccountId !== undefined ? accountById(db, l.glAccountId) : accountByCode(db, l.glCode!);
    if (!a) throw new AppError('VALIDATION_FAILED', `Line ${i + 1}: no such GL account`, [{ field, code: 'not_found', message: 'no such GL account' }]);
    if (a.usage !== 'DETAIL' || a.active !== 1) {
      throw new AppError('VALIDATION_FAILED', `GL account ${a.code} is not an active detail account`, [{ field, code: 'not_detail', message: 'must be an active detail account' }]);
    }
    // the loan portfolio, savings deposits and the tills are the sums of their subledgers: they open with the loans,
    // accounts and cash entered, never by a figure typed here
    if (a.manual_entries_allowed !== 1 || isTillAccount(db, a.id)) {
      throw new AppError('VALIDATION_FAILED', `GL account ${a.code} ${a.name} takes automatic postings only: it opens with what its accounts hold`, [
        { field, code: 'manual_not_allowed', message: 'takes automatic postings only' },
      ]);
    }
    if (seen.has(a.id)) throw new AppError('VALIDATION_FAILED', `GL account ${a.code} is on two lines`, [{ field, code: 'duplicate', message: 'is already on another line' }]);
    seen.add(a.id);
    if (l.debit !== undefined) {
      const d = parseMoneyField(l.debit, dp, `lines.${i}.debit`);
      debits += d;
      return { accountId: a.id, debit: d };
    }
    const c = parseMoneyField(l.credit!, dp, `lines.${i}.credit`);
    credits += c;
    return { accountId: a.id, credit: c };
  });
  if (debits !== credits) {
    const against = equity ? ` on ${equity.code} ${equity.name}` : ' on an equity account';
    throw new AppError('VALIDATION_FAILED', `The opening balances do not balance: debits ${formatMoney(debits, dp)}, credits ${formatMoney(credits, dp)}; put the difference of ${formatMoney(Math.abs(debits - credits), dp)}${against}`, [
      { field: 'lines', code: 'unbalanced', message: `debits ${formatMoney(debits, dp)} and credits ${formatMoney(credits, dp)} differ by ${formatMoney(Math.abs(debits - credits), dp)}` },
    ]);
  }
  if (debits === 0) throw new AppError('VALIDATION_FAILED', 'The opening balances are all zero', [{ field: 'lines', code: 'empty', message: 'needs at least one balance above zero' }]);
  const old = openingEntryInForce(db);
  const reversed = old ? reverseJournalEntry(ctx, old.id, 'Opening balances entered again') : null;
  const id = postJournalEntry(ctx, { date, description: input.description ?? `Opening balances as of ${date}`, sourceType: 'opening_balance', sourceId: null, lines, manual: true });
  ctx.touched('journal_entry', id);
  return { id, reversed };
}

/** The opening entry in force, the equity account that balances it, and the date it may be dated up to. */
export function openingBalancesView(db: Db): OpeningBalancesView {
  const equity = accountByTag(db, OPENING_EQUITY.tag);
  const inForce = openingEntryInForce(db);
  const entry = inForce ? (listJournalEntries(db, { beforeId: inForce.id + 1, limit: 1 })[0] ?? null) : null;
  return { equityAccount: equity ? { id: equity.id, code: equity.code, name: equity.name, nameText: accountNameText(equity.code, equity.name) } : null, entry, firstPostingDate: firstOtherEntryDate(db) };
}
