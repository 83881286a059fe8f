import { AppError } from '../../../../shared/errors';
import { parseMoneyField } from '../../../../shared/money';
import { actorOf } from '../../dispatch/context';
import type { Registry } from '../../dispatch/registry';
import { transactionDate } from '../common/dates';
import { clearAccountCache, lastClosingDate, postJournalEntry, reverseJournalEntry, type PostingLine } from '../ledger';
import { findLocalOffice, getOrganisation } from '../organisation';
import { isTillAccount } from '../tills';
import {
  accountByCode,
  accountById,
  activePaymentTypes,
  insertAccount,
  insertClosure,
  isManualEntry,
  listClosures,
  updateAccount,
} from './repository';
import { accountStatement, chartOfAccounts, listJournalEntries, trialBalance } from './views';
import { openingBalancesView, postOpeningBalances } from './openingBalances';

/** Chart of accounts, manual entries, trial balance, statements and closures (ARCHITECTURE.md section 6). */
export { accountBalances, isDebitNormal, listJournalEntries, trialBalance } from './views';

export function registerAccounting(registry: Registry): void {
  registry.register('accounting.accounts', (ctx, input) => chartOfAccounts(ctx.db, input.includeInactive === true));

  registry.register('accounting.createAccount', (ctx, input) => {
    const db = ctx.db;
    if (accountByCode(db, input.code)) {
      throw new AppError('DUPLICATE', `GL code ${input.code} is already used`, [{ field: 'code', code: 'duplicate', message: 'is already used' }]);
    }
    if (input.parentId !== undefined) {
      const parent = accountById(db, input.parentId);
      if (!parent || parent.usage !== 'HEADER' || parent.type !== input.type) {
        throw new AppError('VALIDATION_FAILED', 'The parent must be a header account of the same type', [
          { field: 'parentId', code: 'invalid_parent', message: 'must be a header account of the same type' },
        ]);
      }
    }
    const id = insertAccount(db, {
      code: input.code,
      name: input.name,
      type: input.type,
      usage: input.usage,
      parentId: input.parentId ?? null,
      manualEntriesAllowed: input.manualEntriesAllowed === true,
      description: input.description ?? null,
    });
    clearAccountCache(db);
    ctx.afterCommit(() => clearAccountCache(db));
    ctx.touched('gl_account', id);
    return { id };
  });

  registry.register('accounting.updateAccount', (ctx, input) => {
    const a = accountById(ctx.db, input.id);
    if (!a) throw new AppError('NOT_FOUND', `There is no GL account ${input.id}`, [{ field: 'id', code: 'not_found', message: 'no such account' }]);
    if (input.active === false && a.tag) {
      throw new AppError('VALIDATION_FAILED', 'Branchbox posts to this account automatically; it cannot be deactivated', [
        { field: 'active', code: 'system_account', message: 'is used by automatic postings' },
      ]);
    }
    // a till's account moves only with the till's cash (verify checks it against the till's movements)
    if ((input.active === false || input.manualEntriesAllowed === true) && isTillAccount(ctx.db, a.id)) {
      throw new AppError('VALIDATION_FAILED', "This is a teller's till: it moves only with the till's cash", [
        { field: input.active === false ? 'active' : 'manualEntriesAllowed', code: 'till_account', message: "is a teller's till account" },
      ]);
    }
    updateAccount(ctx.db, input.id, input);
    clearAccountCache(ctx.db);
    ctx.afterCommit(() => clearAccountCache(ctx.db));
    ctx.touched('gl_account', input.id);
    return { id: input.id };
  });

  registry.register('accounting.postEntry', (ctx, input) => {
    const db = ctx.db;
    const dp = getOrganisation(db).currency.decimalPlaces;
    const date = transactionDate(ctx, input.transactionDate, 'transactionDate');
    const lines: PostingLine[] = input.lines.map((l, i) => {
      const a = l.glAccountId !== undefined ? accountById(db, l.glAccountId) : accountByCode(db, l.glCode!);
      if (!a) throw new AppError('VALIDATION_FAILED', `Line ${i + 1}: no such GL account`, [{ field: `lines.${i}.glAccountId`, code: 'not_found', message: 'no such GL account' }]);
      if (a.manual_entries_allowed !== 1) {
        throw new AppError('VALIDATION_FAILED', `GL account ${a.code} takes automatic postings only`, [
          { field: `lines.${i}.glAccountId`, code: 'manual_not_allowed', message: 'takes automatic postings only' },
        ]);
      }
      return l.debit !== undefined
        ? { accountId: a.id, debit: parseMoneyField(l.debit, dp, `lines.${i}.debit`) }
        : { accountId: a.id, credit: parseMoneyField(l.credit!, dp, `lines.${i}.credit`) };
    });
    const id = postJournalEntry(ctx, { date, description: input.description, sourceType: 'manual', sourceId: null, lines, manual: true });
    return { id };
  });

  registry.register('accounting.reverseEntry', (ctx, input) => {
    if (isManualEntry(ctx.db, input.entryId) === false) {
      throw new AppError('INVALID_STATE', 'An automatic entry is reversed by undoing its transaction', [
        { field: 'entryId', code: 'automatic_entry', message: 'undo the transaction that posted it' },
      ]);
    }
    return { id: reverseJournalEntry(ctx, input.entryId, input.description ?? undefined) };
  });

  registry.register('accounting.openingBalances', (ctx, input) => postOpeningBalances(ctx, input));
  registry.register('accounting.openingBalancesView', (ctx) => openingBalancesView(ctx.db));

  registry.register('accounting.journalEntries', (ctx, input) => listJournalEntries(ctx.db, input));
  registry.register('accounting.trialBalance', (ctx, input) => trialBalance(ctx.db, input.asOf ?? ctx.businessDate()));
  registry.register('accounting.accountStatement', (ctx, input) => accountStatement(ctx.db, { ...input, toDate: input.toDate ?? ctx.businessDate() }));

  registry.register('accounting.closePeriod', (ctx, input) => {
    const last = lastClosingDate(ctx.db);
    if (last !== null && input.closingDate <= last) {
      throw new AppError('VALIDATION_FAILED', `The books are already closed up to ${last}`, [
        { field: 'closingDate', code: 'already_closed', message: `must be after ${last}` },
      ]);
    }
    if (input.closingDate >= ctx.businessDate()) {
      throw new AppError('VALIDATION_FAILED', 'Only days before the business date can be closed', [
        { field: 'closingDate', code: 'not_past', message: 'must be before the business date' },
      ]);
    }
    const id = insertClosure(ctx.db, {
      officeId: findLocalOffice(ctx.db)!.id,
      closingDate: input.closingDate,
      comments: input.comments ?? null,
      createdBy: actorOf(ctx).userId,
      createdAt: ctx.clock.now().toISOString(),
    });
    ctx.touched('accounting_closure', id);
    return { id };
  });

  registry.register('accounting.closures', (ctx) => listClosures(ctx.db));

  registry.register('paymentTypes.list', (ctx) =>
    activePaymentTypes(ctx.db).map((p) => ({ id: p.id, code: p.code, name: p.name, isCash: p.is_cash === 1, glAccountId: p.gl_account_id })),
  );
}
