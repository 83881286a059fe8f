import { DAY_END_STEPS, type DayEndStep } from '../../../../shared/contract';
import type { HandlerContext } from '../../dispatch/context';
import { addDays } from '../../domain/calendar';
import { positionFromUnpaid } from '../../domain/loans';
import { nextCommandSeq } from '../../dispatch/commandLog';
import { accountBalance, accountByTag } from '../ledger';
import { unpaidOf } from '../loans/repository';
import { collectDueCharges } from '../savings/charges';
import { postInterestChunk } from '../savings/interest';
import { dormancyChunk } from '../savings/dormancy';
import { accrueLoan } from '../loans/accruals';
import { getLoanRow, periodicAccrualLoanIds } from '../loans/repository';
import { accrueSavings } from '../savings/accruals';
import { accrualAccounts } from '../savings/repository';
import { penaltyChunk, penaltyLoansToLookAt } from '../penalties';
import {
  activeClientCount,
  clearArrears,
  insertArrears,
  loanCells,
  clientsWithLoans,
  dayFlows,
  snapshotsOf,
  clearSnapshots,
  loansOwingBefore,
  maxLoanId,
  savingsBalanceTotal,
  setBusinessDate,
  setExportSeq,
  setProgress,
  finishRun,
  writeSnapshot,
  type ArrearsRow,
  type Figures,
  type Group,
  type RunRow,
} from './repository';

/**
 * One chunk of a step of closing the day D: each runs as one command (its own transaction and command_log row)
 * and moves the run's progress in the same transaction, so a run killed at any moment continues after the last
 * chunk that committed, and nothing is posted twice. A chunk returns whether its step is finished.
 */
export const LOANS_PER_CHUNK = 5_000;
/** Loans per chunk of the figures (each loan's unpaid installments are read: a chunk stays under 100 ms at 100k loans). */
export const SNAPSHOT_LOANS_PER_CHUNK = 1_000;

export interface ChunkResult {
  /** the step is done: the run moves to the next step */
  finished: boolean;
  cursor: number;
  done: number;
  total: number;
  /** what the chunk did, for the day's result */
  count: number;
}

/** The steps with work to do today. */
const WORKING: ReadonlySet<DayEndStep> = new Set(['penalties', 'arrears', 'accruals', 'savings', 'dormancy', 'snapshot', 'checkpoint', 'date']);

/** The first step of a run (the tills are checked before it starts), and the step after `step`. */
export const FIRST_STEP: DayEndStep = 'penalties';

export function nextStep(step: DayEndStep): DayEndStep | null {
  for (let i = DAY_END_STEPS.indexOf(step) + 1; i < DAY_END_STEPS.length; i++) if (WORKING.has(DAY_END_STEPS[i]!)) return DAY_END_STEPS[i]!;
  return null;
}

/**
 * The overdue penalties of D (Fineract's COB step APPLY_CHARGE_TO_OVERDUE_LOANS, first of its loan steps, before the
 * arrears aging sees them): the loans that may owe penalties, by chunks of loan ids (services/penalties).
 */
function penaltiesChunk(ctx: HandlerContext, run: RunRow): ChunkResult {
  const total = run.total || penaltyLoansToLookAt(ctx.db, run.business_date, ctx.businessDate());
  const r = penaltyChunk(ctx, run.business_date, run.cursor);
  const done = Math.min(run.done + r.looked, total);
  return { finished: r.finished, cursor: r.cursor, done, total, count: r.penalties };
}

/**
 * The arrears snapshot for D (Fineract's arrears aging, FINERACT-NOTES 4.3a): for each active loan, what
 * installments due on or before D still owe, since when, and days in arrears on D+1, the day the branch opens
 * next (what loans.get shows then). Read from what each loan keeps (its unpaid installments), by ranges of ids.
 */
function arrearsChunk(ctx: HandlerContext, run: RunRow): ChunkResult {
  const db = ctx.db;
  const next = addDays(run.business_date, 1);
  const total = run.total || maxLoanId(db);
  const upTo = Math.min(run.cursor + LOANS_PER_CHUNK, total);
  const rows: ArrearsRow[] = [];
  for (const loan of loansOwingBefore(db, next, run.cursor, upTo)) {
    const pos = positionFromUnpaid(unpaidOf(loan.unpaid_json), next);
    if (pos.oldestOverdueDueDate === null) continue;
    rows.push({ loanId: loan.id, overdueSince: pos.oldestOverdueDueDate, principal: pos.overdue.principal, interest: pos.overdue.interest, fee: pos.overdue.fee, penalty: pos.overdue.penalty, days: pos.daysInArrears });
  }
  clearArrears(db, run.cursor, upTo === total ? Number.MAX_SAFE_INTEGER : upTo);
  insertArrears(db, run.business_date, rows);
  return { finished: upTo >= total, cursor: upTo, done: upTo, total, count: rows.length };
}

/** Loans or savings accounts per chunk of the accruals step. */
export const ACCRUALS_PER_CHUNK = 500;
/** The accruals step's cursor from here on is a savings account id (plus this): the loans are done. */
const SAVINGS_ACCRUALS = 2 ** 40;

/**
 * Accruals for D (Fineract's COB step ADD_PERIODIC_ACCRUAL_ENTRIES, FINERACT-NOTES 4.2; services/loans/accruals.ts,
 * services/savings/accruals.ts): each active loan on periodic accrual accrues what it earned up to D, then each
 * active savings account on periodic accrual the interest earned up to the end of D, both dated D; by ranges of ids.
 */
function accrualsChunk(ctx: HandlerContext, run: RunRow): ChunkResult {
  const db = ctx.db;
  let count = 0;
  let budget = ACCRUALS_PER_CHUNK;
  let cursor = run.cursor;
  if (cursor < SAVINGS_ACCRUALS) {
    const ids = periodicAccrualLoanIds(db, cursor, budget);
    for (const id of ids) count += accrueLoan(ctx, getLoanRow(db, id), run.business_date).length;
    budget -= ids.length;
    // the loans done, the savings accounts follow in the same chunk while it has room
    cursor = budget > 0 ? SAVINGS_ACCRUALS : ids[ids.length - 1]!;
  }
  let finished = false;
  if (budget > 0) {
    const accounts = accrualAccounts(db, cursor - SAVINGS_ACCRUALS, budget);
    for (const a of accounts) count += accrueSavings(ctx, a, run.business_date);
    finished = accounts.length < budget;
    if (accounts.length > 0) cursor = SAVINGS_ACCRUALS + accounts[accounts.length - 1]!.id;
    budget -= accounts.length;
  }
  const done = run.done + ACCRUALS_PER_CHUNK - budget;
  return { finished, cursor, done, total: done, count };
}

/** The savings step's cursor from here on counts the accounts given interest (plus this): the fees due are collected. */
const SAVINGS_INTEREST = 2 ** 40;

/**
 * The savings of D: first the fees due before D, by chunks of charges (Fineract's Pay Due Savings Charges job;
 * services/savings/charges.ts, the cursor the last charge read), then every interest posting dated D or before that
 * is due (nothing is dated after the business date). A fee dated D moves no posting computed up to D - 1.
 */
function savingsChunk(ctx: HandlerContext, run: RunRow): ChunkResult {
  let cursor = run.cursor;
  let done = run.done;
  if (cursor < SAVINGS_INTEREST) {
    const fees = collectDueCharges(ctx, run.business_date, cursor);
    done += fees.fees;
    if (!fees.last) return { finished: false, cursor: fees.lastId, done, total: done, count: 0 };
    cursor = SAVINGS_INTEREST;
  }
  const r = postInterestChunk(ctx, run.business_date);
  return { finished: r.last, cursor: cursor + r.accounts, done: done + r.accounts, total: done + r.accounts, count: r.created };
}

/**
 * Dormancy on D (Fineract's Update Savings Dormant Accounts job, after the day's fees and interest; services/savings
 * /dormancy.ts): the tracked ACTIVE savings accounts by ranges of ids (the cursor the last one read), each moved to
 * INACTIVE (taking its no-activity fees), DORMANT or escheated as its days without a deposit or withdrawal reach
 * the product's daysToInactive, daysToDormancy, daysToEscheat.
 */
function dormancyStepChunk(ctx: HandlerContext, run: RunRow): ChunkResult {
  const r = dormancyChunk(ctx, run.business_date, run.cursor);
  const done = run.done + r.changes;
  return { finished: r.last, cursor: r.lastId, done, total: done, count: r.changes };
}

const ZERO: Figures = {
  activeLoans: 0,
  activeClients: 0,
  principalOutstanding: 0,
  interestOutstanding: 0,
  feeOutstanding: 0,
  penaltyOutstanding: 0,
  principalOverdue: 0,
  interestOverdue: 0,
  feeOverdue: 0,
  penaltyOverdue: 0,
  par1: 0,
  par30: 0,
  par60: 0,
  par90: 0,
  disbursed: 0,
  collected: 0,
  savingsBalance: 0,
  vaultCash: 0,
};

/**
 * The branch's figures for D, per branch, loan officer and product (the dashboard's trends read them), by ranges of
 * loan ids: each chunk adds its loans' cells to the figures the earlier chunks kept (they add up). After the last
 * range, three chunks of their own (each a pass over the branch, kept apart so that no chunk holds the host long):
 * the day's disbursed and collected; the branch's active clients, savings and vault cash; then the clients with loans
 * per officer and product.
 */
function snapshotChunk(ctx: HandlerContext, run: RunRow): ChunkResult {
  const db = ctx.db;
  const date = run.business_date;
  const total = run.total || maxLoanId(db);
  if (run.cursor === 0) clearSnapshots(db, date);
  const kept = snapshotsOf(db, date);
  const add = (group: Group, key: string, f: Partial<Figures>) => {
    const k = `${group}:${key}`;
    const figures = kept.get(k) ?? { ...ZERO };
    for (const [name, value] of Object.entries(f)) figures[name as keyof Figures] += Number(value);
    kept.set(k, figures);
  };
  const cell = (officer: string, product: string, f: Partial<Figures>) => {
    add('BRANCH', '', f);
    add('OFFICER', officer, f);
    add('PRODUCT', product, f);
  };
  let cursor: number;
  if (run.cursor < total) {
    cursor = Math.min(run.cursor + SNAPSHOT_LOANS_PER_CHUNK, total);
    for (const c of loanCells(db, run.cursor, cursor)) cell(c.officer, c.product, c.figures);
  } else if (run.cursor === total) {
    cursor = total + 1;
    for (const f of dayFlows(db, date)) cell(f.officer, f.product, { disbursed: f.disbursed, collected: f.collected });
  } else if (run.cursor === total + 1) {
    cursor = total + 2;
    add('BRANCH', '', {});
    const branch = kept.get('BRANCH:')!;
    branch.activeClients = activeClientCount(db);
    branch.savingsBalance = savingsBalanceTotal(db);
    branch.vaultCash = accountBalance(db, accountByTag(db, 'CASH_VAULT'));
  } else {
    cursor = total + 3;
    for (const group of ['OFFICER', 'PRODUCT'] as const) {
      for (const [key, n] of clientsWithLoans(db, group)) {
        const f = kept.get(`${group}:${key}`);
        if (f) f.activeClients = n;
      }
    }
  }
  for (const [k, figures] of kept) {
    const at = k.indexOf(':');
    writeSnapshot(db, date, k.slice(0, at) as Group, k.slice(at + 1), figures);
  }
  const finished = cursor > total + 2;
  return { finished, cursor, done: Math.min(cursor, total), total, count: kept.size };
}

/** The head-office export's checkpoint: the last command of D (ARCHITECTURE.md section 7). */
function checkpointChunk(ctx: HandlerContext, run: RunRow): ChunkResult {
  const seq = nextCommandSeq(ctx.db);
  setExportSeq(ctx.db, run.business_date, seq);
  return { finished: true, cursor: 0, done: 1, total: 1, count: seq };
}

/** The business date moves to D+1 and the run of D is done. */
function dateChunk(ctx: HandlerContext, run: RunRow): ChunkResult {
  setBusinessDate(ctx.db, addDays(run.business_date, 1));
  finishRun(ctx.db, run.business_date, ctx.clock.now().toISOString());
  return { finished: true, cursor: 0, done: 1, total: 1, count: 0 };
}

const CHUNKS: Partial<Record<DayEndStep, (ctx: HandlerContext, run: RunRow) => ChunkResult>> = {
  penalties: penaltiesChunk,
  arrears: arrearsChunk,
  accruals: accrualsChunk,
  savings: savingsChunk,
  dormancy: dormancyStepChunk,
  snapshot: snapshotChunk,
  checkpoint: checkpointChunk,
  date: dateChunk,
};

/** Runs one chunk of the run's current step and records where the run stands after it. */
export function runChunk(ctx: HandlerContext, run: RunRow, fault?: (point: string) => void): ChunkResult {
  const r = CHUNKS[run.step]!(ctx, run);
  // a test's crash inside a step: the chunk's work is written but not committed
  fault?.(`${run.business_date}:${run.step}:${run.cursor}:inside`);
  if (run.step !== 'date') {
    const step = r.finished ? nextStep(run.step)! : run.step;
    setProgress(ctx.db, run.business_date, r.finished ? { step, cursor: 0, done: 0, total: 0 } : { step, cursor: r.cursor, done: r.done, total: r.total });
  }
  return r;
}
