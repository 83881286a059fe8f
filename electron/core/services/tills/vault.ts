import { AppError } from '../../../../shared/errors';
import type { HandlerContext } from '../../dispatch/context';
import { accountBalance, accountByTag } from '../ledger';
import { amountText, getOrganisation } from '../organisation';
import { checkBalanceLimit } from '../../../../shared/money';
import { insufficientTill, isTillAccount, postMoneyMovement } from './cash';
import { glAccountByCode, tillOfUser, type TillRow, type UserRef } from './repository';

/**
 * The branch vault (DOMAIN.md "Tellers and cash"): cash brought in from the bank, allocated to tellers' tills and
 * settled back. The vault is the GL account tagged CASH_VAULT; a till's side of a transfer is a till movement.
 */
export function vaultAccount(ctx: Pick<HandlerContext, 'db'>): number {
  return accountByTag(ctx.db, 'CASH_VAULT');
}

export function vaultBalance(ctx: Pick<HandlerContext, 'db'>): number {
  return accountBalance(ctx.db, vaultAccount(ctx));
}

/** Vault <-> till: a balanced entry between the two accounts, with the till's movement. */
export function vaultTransfer(ctx: HandlerContext, till: TillRow, amount: number, kind: 'ALLOCATION' | 'SETTLEMENT', user: UserRef, note: string | null | undefined) {
  const db = ctx.db;
  const vault = vaultAccount(ctx);
  if (kind === 'ALLOCATION') {
    const inVault = accountBalance(db, vault);
    if (inVault < amount) {
      const held = amountText(db, inVault);
      throw new AppError('INSUFFICIENT_FUNDS', `The vault holds ${held}: it cannot give ${amountText(db, amount)}`, [
        { field: 'amount', code: 'vault_short', message: `the vault holds only ${held}`, params: { vaultBalance: held } },
      ], { vaultBalance: held });
    }
  } else if (till.balance < amount) {
    throw insufficientTill(db, till, amount, 'amount');
  }
  const into = kind === 'ALLOCATION' ? till.gl_account_id : vault;
  const from = kind === 'ALLOCATION' ? vault : till.gl_account_id;
  const description = kind === 'ALLOCATION' ? `Cash from the vault to the till of ${user.display_name}` : `Cash from the till of ${user.display_name} to the vault`;
  const signed = kind === 'ALLOCATION' ? amount : -amount;
  postMoneyMovement(ctx, {
    date: ctx.businessDate(),
    description: note ? `${description}: ${note}` : description,
    sourceType: 'till',
    sourceId: till.id,
    lines: [{ accountId: into, debit: amount }, { accountId: from, credit: amount }],
  }, { kind, amount: signed, reference: 'VAULT', description: note ?? description, field: 'amount' });
  return { tillId: till.id, tillBalance: amountText(db, tillOfUser(db, till.user_id)!.balance), vaultBalance: amountText(db, accountBalance(db, vault)) };
}

/**
 * Cash brought into the vault from another account (the bank 1140 by default): only an account a manual entry
 * could credit, since the automatic ones (the loan portfolio, savings deposits, cash over and short ...) each stand
 * for a subledger that verify checks them against.
 */
export function fundVault(ctx: HandlerContext, fromAccountCode: string, amount: number, note: string | null | undefined, description = 'Cash brought into the vault'): { vaultBalance: string; journalEntryId: number } {
  const db = ctx.db;
  const from = glAccountByCode(db, fromAccountCode);
  const vault = vaultAccount(ctx);
  if (!from || from.usage !== 'DETAIL' || from.active !== 1 || from.manual_entries_allowed !== 1 || from.id === vault || isTillAccount(db, from.id)) {
    throw new AppError('VALIDATION_FAILED', `GL account ${fromAccountCode} cannot fund the vault`, [
      { field: 'fromAccountCode', code: 'not_postable', message: 'must be an active detail account open to manual entries, other than the vault and the tills (the bank account 1140 by default)' },
    ]);
  }
  checkBalanceLimit(accountBalance(db, vault) + amount, 'amount', getOrganisation(db).currency.decimalPlaces);
  const journalEntryId = postMoneyMovement(ctx, {
    date: ctx.businessDate(),
    description: note ? `${description}: ${note}` : description,
    sourceType: 'vault',
    sourceId: null,
    lines: [{ accountId: vault, debit: amount }, { accountId: from.id, credit: amount }],
  }, null);
  return { vaultBalance: amountText(db, accountBalance(db, vault)), journalEntryId };
}
