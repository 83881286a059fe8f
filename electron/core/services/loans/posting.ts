import type { LoanStatus } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { Minor } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import {
  replayTransactions,
  sameSplit,
  installmentOutstanding,
  type Allocation,
  type InstallmentState,
  type LoanTransaction,
  type ReplayResult,
} from '../../domain/loans';
import { reverseEntriesOf, accountByTag, assertPeriodOpen, type ReversalPosting } from '../ledger';
import type { ManagerApproval } from '../../security/approval';
import { cashAccount, isTillAccount, postMoneyMovement, postReallocation, type CashUse } from '../tills';
import { newGlobalId } from '../organisation';
import { paymentTypeAccount } from '../common/paymentTypes';
import { loanReceivables, syncAccruals, type Receivables } from './accruals';
import {
  dueChargeSources,
  getTransaction,
  insertTransaction,
  readInstallments,
  readTransactions,
  setStatus,
  splitOf,
  STATUS_NAME,
  writeInstallments,
  type LoanRow,
  type Mapping,
  type TransactionRow,
} from './repository';

/**
 * Posting loan transactions: the reverse-replay of DOMAIN.md. Every change replays the loan's live transactions
 * through its repayment strategy; a transaction whose split changes is reversed (with its journal entry) and
 * re-created, then the new transactions are written with their balanced entries, the installment state is
 * rewritten and the status follows (ACTIVE, CLOSED_OBLIGATIONS_MET, OVERPAID, CLOSED_WRITTEN_OFF).
 */
export const REPLAYED_TYPES = new Set(['REPAYMENT', 'WAIVE_INTEREST', 'WAIVE_CHARGE', 'WRITE_OFF']);

/** The GL accounts a loan posts to: fixed when it was submitted (a product's later mapping change does not move it). */
export function mappingOf(loan: LoanRow): Mapping {
  return JSON.parse(loan.gl_mapping_json) as Mapping;
}

export interface Portions {
  principal: number;
  interest: number;
  fee: number;
  penalty: number;
  overpayment: number;
}

const DESCRIPTIONS: Record<string, string> = {
  DISBURSEMENT: 'Loan disbursement',
  REPAYMENT_AT_DISBURSEMENT: 'Fees collected at disbursement',
  REPAYMENT: 'Loan repayment',
  WRITE_OFF: 'Loan written off',
  RECOVERY_REPAYMENT: 'Recovery of a written-off loan',
  WAIVE_INTEREST: 'Interest waived',
  WAIVE_CHARGE: 'Charge waived',
  ACCRUAL: 'Income accrued',
  ACCRUAL_ADJUSTMENT: 'Accrued income adjusted',
};

/**
 * The journal entry of a loan transaction by the loan's accounting rule. Cash-based (DOMAIN.md "Accounting"):
 * waivers post nothing (there is no income to reverse), a write-off only its principal. On accruals (Fineract's
 * AccrualBasedAccountingProcessorForLoan; loans/accruals.ts): an ACCRUAL Dr receivable / Cr income per component (an
 * ACCRUAL_ADJUSTMENT the reverse); a repayment credits the interest, fee and penalty receivables instead of income;
 * waivers and write-offs Dr losses written off (Fineract's published figure: checkUpfrontAccrualAccountingFlow's
 * waiver debits the expense account), Cr portfolio and receivables; disbursement fees still go straight to fee income
 * (Fineract's isIncomeFromFee). `cash` is the till movement of the fund line when the money crossed a counter,
 * 'replay' when a replay re-creates a payment already counted (tills/cash.ts).
 */
export function postLoanJournal(
  ctx: HandlerContext,
  loan: LoanRow,
  txnId: number,
  type: string,
  date: string,
  amount: number,
  portions: Portions,
  fundAccount: number | null,
  cash: CashUse | 'replay' | null = null,
): void {
  const m = mappingOf(loan);
  const fund = fundAccount ?? accountByTag(ctx.db, 'CASH_VAULT');
  const description = `${DESCRIPTIONS[type] ?? type} ${loan.account_no}`;
  const accrual = loanReceivables(ctx.db, loan.id);
  const onAccruals = accrual ? accrualLines(type, amount, portions, m, fund, accrual) : undefined;
  if (onAccruals === null) return;
  let lines: JournalLine[];
  if (onAccruals) lines = onAccruals;
  else switch (type) {
    case 'DISBURSEMENT':
      lines = [{ accountId: m.portfolio, debit: amount }, { accountId: fund, credit: amount }];
      break;
    case 'REPAYMENT_AT_DISBURSEMENT':
      lines = [{ accountId: fund, debit: amount }, { accountId: m.fee, credit: amount }];
      break;
    case 'REPAYMENT': {
      // on accruals the interest, fees and penalties paid clear their receivables; on cash they are income
      const credited = accrual ?? { interest: m.interest, fee: m.fee, penalty: m.penalty };
      lines = [
        { accountId: fund, debit: amount },
        { accountId: m.portfolio, credit: portions.principal },
        { accountId: credited.interest, credit: portions.interest },
        { accountId: credited.fee, credit: portions.fee },
        { accountId: credited.penalty, credit: portions.penalty },
        { accountId: m.overpayment, credit: portions.overpayment },
      ];
      break;
    }
    case 'WRITE_OFF':
      // cash accounting writes off principal only: interest and fees were never booked as income
      if (portions.principal === 0) return;
      lines = [{ accountId: m.losses, debit: portions.principal }, { accountId: m.portfolio, credit: portions.principal }];
      break;
    case 'RECOVERY_REPAYMENT':
      lines = [{ accountId: fund, debit: amount }, { accountId: m.recovery, credit: amount }];
      break;
    default:
      return;
  }
  const entry = { date, description, sourceType: 'loan_transaction', sourceId: txnId, lines };
  if (cash === 'replay') postReallocation(ctx, entry);
  else postMoneyMovement(ctx, entry, cash);
}

type JournalLine = { accountId: number; debit?: number; credit?: number };

/**
 * The lines of a transaction of a loan on accruals where they differ from cash accounting's (null: no entry; undefined:
 * as cash accounting posts it: disbursement, fees at disbursement, recovery, and a repayment, whose credits go to the
 * receivables).
 */
function accrualLines(type: string, amount: number, portions: Portions, m: Mapping, fund: number, accrual: Receivables): JournalLine[] | null | undefined {
  const charged = portions.interest + portions.fee + portions.penalty;
  switch (type) {
    case 'WAIVE_INTEREST':
    case 'WAIVE_CHARGE':
    case 'WRITE_OFF':
      if (portions.principal + charged === 0) return null;
      return [
        { accountId: m.losses, debit: portions.principal + charged },
        { accountId: m.portfolio, credit: portions.principal },
        { accountId: accrual.interest, credit: portions.interest },
        { accountId: accrual.fee, credit: portions.fee },
        { accountId: accrual.penalty, credit: portions.penalty },
      ];
    case 'ACCRUAL':
    case 'ACCRUAL_ADJUSTMENT': {
      const income = { interest: m.interest, fee: m.fee, penalty: m.penalty };
      const up = type === 'ACCRUAL';
      return (['interest', 'fee', 'penalty'] as const).flatMap((c) => [
        up ? { accountId: accrual[c], debit: portions[c] } : { accountId: accrual[c], credit: portions[c] },
        up ? { accountId: income[c], credit: portions[c] } : { accountId: income[c], debit: portions[c] },
      ]);
    }
    default:
      return undefined;
  }
}

/** Cash into the till (+) or out of it (-) when a transaction of this type is paid in cash. */
const CASH_SIGN: Record<string, number> = { DISBURSEMENT: -1, REPAYMENT_AT_DISBURSEMENT: 1, REPAYMENT: 1, RECOVERY_REPAYMENT: 1 };

/** The cash an undo of this transaction moves through a till (signed: positive into the till). */
export function cashUndoAmount(row: TransactionRow): number {
  return -(CASH_SIGN[row.type] ?? 0) * row.amount;
}

/**
 * Undoes a transaction: a REVERSAL row that points at it, and the reversal of its journal entries. With `cash`,
 * an undo of a transaction paid through a till moves cash again, through the till of whoever undoes it (the
 * money goes back over their counter); without it (a re-allocation by a replay, which re-creates the same
 * payment) the till lines cancel out.
 */
export function reverseTransaction(ctx: HandlerContext, loan: LoanRow, row: TransactionRow, note?: string | null, cash?: { approval?: ManagerApproval | undefined; net?: number }): number {
  if (row.reversed) throw new AppError('INVALID_STATE', `Transaction ${row.id} is already undone`, undefined, { transactionId: row.id });
  assertPeriodOpen(ctx.db, row.transaction_date);
  let how: ReversalPosting = {};
  if (isTillAccount(ctx.db, row.fund_account_id)) {
    if (cash) {
      const undo: CashUse = {
        kind: 'UNDO',
        amount: cashUndoAmount(row),
        ...(cash.net !== undefined ? { net: cash.net } : {}),
        reference: loan.account_no,
        description: `Undo of ${row.type.toLowerCase().replace(/_/g, ' ')} ${loan.account_no}`,
        field: 'transactionId',
        approval: cash.approval,
      };
      const till = cashAccount(ctx, { is_cash: 1, gl_account_id: row.fund_account_id! }, 'transactionId');
      how = { moveTo: new Map([[row.fund_account_id!, till]]), post: (c, entry) => postMoneyMovement(c, entry, undo) };
    } else {
      how = { post: postReallocation };
    }
  }
  const id = insertTransaction(ctx.db, {
    loanId: loan.id,
    globalId: newGlobalId(ctx.db, 'loantxn'),
    type: 'REVERSAL',
    date: row.transaction_date,
    amount: row.amount,
    reversesId: row.id,
    note: note ?? null,
    createdBy: ctx.actor?.userId ?? null,
    createdAt: ctx.clock.now().toISOString(),
  });
  reverseEntriesOf(ctx, 'loan_transaction', row.id, how);
  ctx.touched('loan_transaction', id);
  return id;
}

export interface PendingTransaction {
  type: 'REPAYMENT' | 'WAIVE_INTEREST' | 'WAIVE_CHARGE' | 'WRITE_OFF';
  date: string;
  amount: number;
  installmentNumber?: number;
  component?: 'fee' | 'penalty';
  /** a charge waiver of one loan charge (its target names it: "installment:component:loanChargeId") */
  loanChargeId?: number;
  paymentTypeId?: number | null;
  fundAccount?: number | null;
  /** the till movement of a cash payment (tills/cash.ts) */
  cash?: CashUse;
  receiptNumber?: string | null;
  replacesId?: number | null;
  note?: string | null;
}

function toDomain(t: { type: string; date: string; amount: number; chargeTarget?: string | null }): LoanTransaction {
  switch (t.type) {
    case 'REPAYMENT':
      return { type: 'REPAYMENT', date: t.date, amount: t.amount as Minor };
    case 'WAIVE_INTEREST':
      return { type: 'WAIVE_INTEREST', date: t.date, amount: t.amount as Minor };
    case 'WRITE_OFF':
      return { type: 'WRITE_OFF', date: t.date };
    case 'WAIVE_CHARGE': {
      const [n, component] = (t.chargeTarget ?? '').split(':');
      const target = { type: 'WAIVE_CHARGE' as const, date: t.date, installmentNumber: Number(n), component: component as 'fee' | 'penalty' };
      return t.amount > 0 ? { ...target, amount: t.amount as Minor } : target;
    }
    default:
      throw new Error(`transaction type ${t.type} is not replayed`);
  }
}

function portionsOf(a: Allocation): Portions {
  return { principal: a.portions.principal, interest: a.portions.interest, fee: a.portions.fee, penalty: a.portions.penalty, overpayment: a.overpaid };
}

/**
 * The amount recorded on a transaction: what was asked (paid, or to waive); what it actually did is in the portion
 * columns. An interest waiver keeps its requested amount, so a later replay can apply it in full again when an
 * earlier change is undone. A charge waiver, applied before the payments (allocation.ts replayTransactions), records
 * what it really waived, as Fineract's waiver keeps it. A write-off has no amount of its own: it records what it
 * wrote off.
 */
function recordedAmount(type: string, requested: number, a: Allocation): number {
  return type === 'WRITE_OFF' || type === 'WAIVE_CHARGE' ? a.portions.total : requested;
}

function storedAllocation(row: TransactionRow): Allocation {
  const split = splitOf(row);
  return {
    split,
    portions: {
      principal: row.principal_portion as Minor,
      interest: row.interest_portion as Minor,
      fee: row.fee_portion as Minor,
      penalty: row.penalty_portion as Minor,
      total: (row.principal_portion + row.interest_portion + row.fee_portion + row.penalty_portion) as Minor,
    },
    overpaid: row.overpayment_portion as Minor,
    autoWaivedInterest: [],
  };
}

function fundAccountOf(db: Db, paymentTypeId: number | null): number | null {
  return paymentTypeId === null ? null : paymentTypeAccount(db, paymentTypeId);
}

/** Installments with their due amounts only: what the replay starts from. */
export function scheduleState(db: Db, loanId: number): InstallmentState[] {
  return readInstallments(db, loanId);
}

function liveTransactions(db: Db, loanId: number, exclude: Set<number>): TransactionRow[] {
  return readTransactions(db, loanId).filter((t) => !t.reversed && REPLAYED_TYPES.has(t.type) && !exclude.has(t.id));
}

/** Pure preview: the state and results if `pending` were added (nothing is written). */
export function simulate(
  db: Db,
  loan: LoanRow,
  pending: PendingTransaction[],
  exclude: Set<number> = new Set(),
  live: TransactionRow[] = liveTransactions(db, loan.id, exclude),
  base: InstallmentState[] = scheduleState(db, loan.id),
): ReplayResult {
  const list = [
    ...live.map((t) => toDomain({ type: t.type, date: t.transaction_date, amount: t.amount, chargeTarget: t.charge_target })),
    ...pending.map((p) => toDomain({ ...p, chargeTarget: p.type === 'WAIVE_CHARGE' ? `${p.installmentNumber}:${p.component}` : null })),
  ];
  return replayTransactions(base, list, loan.strategy_code, { charges: dueChargeSources(db, loan.id, loan.strategy_code) });
}

/** What a payment does to a loan, known from the replay before anything is written (loans/overpayment.ts checks it). */
export interface OverpaymentChange {
  /** what the loan owed before the change: every installment's outstanding, in minor units */
  owedBefore: number;
  /** by how much the loan is overpaid once the change is made */
  overpaidAfter: number;
}

export interface RebuildResult {
  /** ids of the new transactions, in the order given */
  ids: number[];
  /** the installment state after the change */
  state: InstallmentState[];
  status: LoanStatus;
}

/**
 * Replays the loan with `pending` added (and `exclude` left out), re-creates every live transaction whose split
 * changed, writes the new ones with their journal entries, rewrites the installments and sets the status.
 * Returns the ids of the new transactions, in the order given.
 */
export function rebuildLoan(
  ctx: HandlerContext,
  loan: LoanRow,
  pending: PendingTransaction[],
  exclude: Set<number> = new Set(),
  check?: (change: OverpaymentChange) => void,
): RebuildResult {
  const db = ctx.db;
  const live = liveTransactions(db, loan.id, exclude);
  const previous = scheduleState(db, loan.id);
  const result = simulate(db, loan, pending, exclude, live, previous);
  // a refusal comes before any write (and before the till's own checks)
  check?.({ owedBefore: previous.reduce((s, i) => s + installmentOutstanding(i), 0), overpaidAfter: result.overpaid });
  const byIndex = new Map(result.transactions.map((r) => [r.index, r]));
  const now = ctx.clock.now().toISOString();
  const userId = ctx.actor?.userId ?? null;

  // 1. live transactions whose split changed: reverse and re-create (DOMAIN.md reverse-replay)
  live.forEach((row, i) => {
    const replayed = byIndex.get(i)!;
    if (sameSplit(replayed, storedAllocation(row))) return;
    reverseTransaction(ctx, loan, row, 'Re-allocated after an earlier-dated change');
    const id = insertTransaction(db, {
      loanId: loan.id,
      globalId: newGlobalId(db, 'loantxn'),
      type: row.type,
      date: row.transaction_date,
      amount: recordedAmount(row.type, row.amount, replayed),
      portions: portionsOf(replayed),
      split: replayed.split,
      paymentTypeId: row.payment_type_id,
      fundAccountId: row.fund_account_id,
      receiptNumber: row.receipt_number,
      replacesId: row.id,
      chargeTarget: row.charge_target,
      note: row.note,
      createdBy: userId,
      createdAt: now,
    });
    postLoanJournal(ctx, loan, id, row.type, row.transaction_date, row.amount, portionsOf(replayed), row.fund_account_id ?? fundAccountOf(db, row.payment_type_id), 'replay');
    ctx.touched('loan_transaction', id);
  });

  // 2. the new transactions
  const newIds = pending.map((p, j) => {
    const replayed = byIndex.get(live.length + j)!;
    assertPeriodOpen(db, p.date);
    const fund = p.fundAccount ?? fundAccountOf(db, p.paymentTypeId ?? null);
    const id = insertTransaction(db, {
      loanId: loan.id,
      globalId: newGlobalId(db, 'loantxn'),
      type: p.type,
      date: p.date,
      amount: recordedAmount(p.type, p.amount, replayed),
      portions: portionsOf(replayed),
      split: replayed.split,
      paymentTypeId: p.paymentTypeId ?? null,
      fundAccountId: p.type === 'REPAYMENT' ? fund : null,
      receiptNumber: p.receiptNumber ?? null,
      replacesId: p.replacesId ?? null,
      chargeTarget: p.type === 'WAIVE_CHARGE' ? `${p.installmentNumber}:${p.component}${p.loanChargeId !== undefined ? `:${p.loanChargeId}` : ''}` : null,
      note: p.note ?? null,
      createdBy: userId,
      createdAt: now,
    });
    postLoanJournal(ctx, loan, id, p.type, p.date, p.amount, portionsOf(replayed), fund, p.cash ?? null);
    ctx.touched('loan_transaction', id);
    return id;
  });

  writeInstallments(db, loan.id, result.state, previous);
  const status = applyStatus(ctx, loan, result);
  // on accruals: what the new state has earned (a closed loan everything), accrued or taken back (loans/accruals.ts)
  syncAccruals(ctx, loan.id);
  return { ids: newIds, state: result.state, status };
}

/** The status that follows from the replayed state (DOMAIN.md "Loan lifecycle"). */
function applyStatus(ctx: HandlerContext, loan: LoanRow, result: ReplayResult): LoanStatus {
  const now = ctx.clock.now().toISOString();
  const set = (status: LoanStatus, changes: Record<string, string | null>): LoanStatus => {
    const unchanged = STATUS_NAME[loan.status] === status && Object.entries(changes).every(([k, v]) => (loan as unknown as Record<string, unknown>)[k] === v);
    if (!unchanged) setStatus(ctx.db, loan.id, status, changes, now);
    return status;
  };
  if (result.writtenOffOn !== null) {
    return set('CLOSED_WRITTEN_OFF', { written_off_on: result.writtenOffOn, closed_on: result.writtenOffOn });
  }
  const outstanding = result.state.reduce((s, i) => s + installmentOutstanding(i), 0);
  const lastDate = result.transactions.reduce((d, t) => (t.transaction.date > d ? t.transaction.date : d), loan.disbursed_on ?? '');
  if (result.overpaid > 0) return set('OVERPAID', { closed_on: null, written_off_on: null });
  if (outstanding === 0 || outstanding <= loan.in_arrears_tolerance) return set('CLOSED_OBLIGATIONS_MET', { closed_on: lastDate, written_off_on: null });
  return set('ACTIVE', { closed_on: null, written_off_on: null });
}

export function transactionOf(db: Db, loan: LoanRow, transactionId: number): TransactionRow {
  const row = getTransaction(db, transactionId);
  if (!row || row.loan_id !== loan.id || row.type === 'REVERSAL') {
    throw new AppError('NOT_FOUND', `Loan ${loan.account_no} has no transaction ${transactionId}`, [
      { field: 'transactionId', code: 'not_found', message: 'no such transaction on this loan' },
    ]);
  }
  return row;
}
