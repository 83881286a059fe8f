import { AppError } from '../../../../shared/errors';
import { parseMoney } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { addDays } from '../../domain/calendar';
import {
  DEFAULT_PENALTY_RULES,
  FEE_FREQUENCIES,
  OVERDUE_CALCULATION_TYPES,
  overduePenalties,
  type FeeFrequency,
  type InstallmentState,
  type OverdueCalculationType,
  type OverdueCharge,
  type OverduePenalty,
  type PenaltyRules,
} from '../../domain/loans';
import { getSetting, setSetting } from '../organisation';
import { addLoanCharge } from '../loans/charges';
import { simulate } from '../loans/posting';
import { getLoanRow, readInstallments, termsOf, type LoanRow } from '../loans/repository';
import { appliedPenalties, chargeCaps, countPenaltyCandidates, penaltyApplied, penaltyCandidates, transactionsAfter } from './repository';

/**
 * The penalty run (Fineract's COB step APPLY_CHARGE_TO_OVERDUE_LOANS, domain/loans/penalties.ts): for a day D, every
 * active loan carrying an OVERDUE_INSTALLMENT charge gets the penalties Fineract would have applied by the close of
 * D, each added by `addLoanCharge` (which puts it on the installment whose period holds its date and replays the
 * loan). Under cash accounting nothing is posted: a penalty posts when it is paid.
 */

// ---- the two global configurations (Fineract's c_configuration), kept in settings

const WAIT_KEY = 'penalty_wait_period';
const BACKDATE_KEY = 'backdate_penalties_enabled';

/** The branch's penalty rules: Fineract's defaults (2 days, backdating on) until an administrator changes them. */
export function penaltyRules(db: Db): PenaltyRules {
  const wait = getSetting(db, WAIT_KEY);
  const backdate = getSetting(db, BACKDATE_KEY);
  return {
    penaltyWaitPeriod: wait === null ? DEFAULT_PENALTY_RULES.penaltyWaitPeriod : Number(wait),
    backdatePenaltiesEnabled: backdate === null ? DEFAULT_PENALTY_RULES.backdatePenaltiesEnabled : backdate === '1',
  };
}

/** Changes either rule (the contract has checked the values); records what changed. */
export function setPenaltyRules(ctx: HandlerContext, change: { penaltyWaitPeriod?: number | undefined; backdatePenaltiesEnabled?: boolean | undefined }): void {
  if (change.penaltyWaitPeriod !== undefined) {
    setSetting(ctx.db, WAIT_KEY, String(change.penaltyWaitPeriod));
    ctx.touched('setting', WAIT_KEY);
  }
  if (change.backdatePenaltiesEnabled !== undefined) {
    setSetting(ctx.db, BACKDATE_KEY, change.backdatePenaltiesEnabled ? '1' : '0');
    ctx.touched('setting', BACKDATE_KEY);
  }
}

// ---- a loan's overdue charges

interface TermsCharge {
  chargeId?: number;
  name?: string;
  chargeTimeType: string | number;
  chargeCalculationType: string | number;
  amount: string;
  penalty?: boolean;
  feeFrequency?: string | number;
  feeInterval?: number;
}

const CALCULATION_CODES: Record<number, OverdueCalculationType> = { 1: 'FLAT', 2: 'PERCENT_OF_AMOUNT', 3: 'PERCENT_OF_AMOUNT_AND_INTEREST', 4: 'PERCENT_OF_INTEREST' };

function calculationOf(v: string | number): OverdueCalculationType | null {
  if (typeof v === 'number') return CALCULATION_CODES[v] ?? null;
  return (OVERDUE_CALCULATION_TYPES as readonly string[]).includes(v) ? (v as OverdueCalculationType) : null;
}

function frequencyOf(v: string | number | undefined): FeeFrequency | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return FEE_FREQUENCIES[v] ?? null;
  return (FEE_FREQUENCIES as readonly string[]).includes(v) ? (v as FeeFrequency) : null;
}

/**
 * The OVERDUE_INSTALLMENT charges of a loan: its terms' copy of each catalogue charge (amount or percentage,
 * frequency and interval, fixed when the loan was submitted), with the catalogue's caps. A charge copied without its
 * catalogue id cannot be told apart from another and is left out.
 */
export function overdueChargesOf(db: Db, loan: LoanRow): OverdueCharge[] {
  const terms = termsOf(loan) as unknown as { charges?: TermsCharge[]; currency: { decimalPlaces: number } };
  const out: OverdueCharge[] = [];
  for (const c of terms.charges ?? []) {
    if (c.chargeTimeType !== 'OVERDUE_INSTALLMENT' && c.chargeTimeType !== 9) continue;
    const type = calculationOf(c.chargeCalculationType);
    if (type === null || c.chargeId === undefined) continue;
    const { minCap, maxCap } = chargeCaps(db, c.chargeId);
    out.push({
      chargeId: c.chargeId,
      name: c.name ?? 'Overdue penalty',
      chargeCalculationType: type,
      amount: type === 'FLAT' ? parseMoney(c.amount, terms.currency.decimalPlaces) : 0,
      percentage: type === 'FLAT' ? '0' : c.amount,
      feeFrequency: frequencyOf(c.feeFrequency),
      feeInterval: c.feeInterval ?? null,
      minCap,
      maxCap,
    });
  }
  return out;
}

/**
 * The loan's installments as they stood at the close of `date`: what it keeps when nothing is dated after it (the
 * business date), else a replay of its transactions up to that date.
 */
function stateOn(db: Db, loan: LoanRow, date: string, businessDate: string): InstallmentState[] {
  if (date >= businessDate) return readInstallments(db, loan.id);
  const later = transactionsAfter(db, loan.id, date);
  return later.size === 0 ? readInstallments(db, loan.id) : simulate(db, loan, [], later).state;
}

/** The penalties the close of `date` brings to one loan (nothing written). */
export function penaltiesDue(db: Db, loan: LoanRow, date: string, rules: PenaltyRules, businessDate: string): { penalty: OverduePenalty; charge: OverdueCharge }[] {
  const charges = overdueChargesOf(db, loan);
  if (charges.length === 0) return [];
  const byId = new Map(charges.map((c) => [c.chargeId, c]));
  const state = stateOn(db, loan, date, businessDate);
  const due = overduePenalties(state, date, charges, rules, termsOf(loan).currency, appliedPenalties(db, loan.id));
  return due.map((penalty) => ({ penalty, charge: byId.get(penalty.chargeId)! }));
}

/**
 * Applies one penalty through addLoanCharge. The same installment's penalty of the same charge for the same date
 * applies once: asked twice, it is refused with CONFLICT naming them (the index loan_charges_penalty_once backs it).
 */
export function applyOverduePenalty(ctx: HandlerContext, loan: LoanRow, charge: OverdueCharge, p: OverduePenalty): number {
  if (penaltyApplied(ctx.db, loan.id, p.chargeId, p.installmentNumber, p.dueDate)) {
    throw new AppError('CONFLICT', `Loan ${loan.account_no} already carries the ${charge.name} of installment ${p.installmentNumber} for ${p.dueDate}`, undefined, {
      loanId: loan.id,
      chargeId: p.chargeId,
      installmentNumber: p.installmentNumber,
      dueDate: p.dueDate,
    });
  }
  return addLoanCharge(ctx, loan, {
    chargeId: p.chargeId,
    name: charge.name,
    timeType: 'OVERDUE_INSTALLMENT',
    calculationType: charge.chargeCalculationType,
    penalty: true,
    percentage: charge.chargeCalculationType === 'FLAT' ? null : charge.percentage,
    amount: p.amount,
    dueDate: p.dueDate,
    installmentNumber: p.installmentNumber,
  }).loanChargeId;
}

/**
 * Applies the penalties the close of `date` brings to one loan; returns how many. All amounts are taken from the
 * loan as it stood before the first of them (Fineract reads the installments once, then adds the charges).
 */
export function applyLoanPenalties(ctx: HandlerContext, loan: LoanRow, date: string, rules: PenaltyRules): number {
  const due = penaltiesDue(ctx.db, loan, date, rules, ctx.businessDate());
  for (const { penalty, charge } of due) applyOverduePenalty(ctx, getLoanRow(ctx.db, loan.id), charge, penalty);
  return due.length;
}

// ---- the run over the branch, in chunks

/**
 * The latest due date an installment penalised by the close of `date` can have, when what the loans keep of their
 * unpaid installments is the state of that day (it is the business date); null for a past day.
 */
function lastDueOf(date: string, businessDate: string, rules: PenaltyRules): string | null {
  return date >= businessDate ? addDays(date, -rules.penaltyWaitPeriod) : null;
}

/** Loans looked at per chunk: each penalty replays its loan, so a chunk stays short. */
export const PENALTY_LOANS_PER_CHUNK = 200;

export interface PenaltyChunk {
  /** the last loan id looked at */
  cursor: number;
  /** loans looked at in this chunk */
  looked: number;
  penalties: number;
  /** loans that received at least one */
  loans: number;
  finished: boolean;
}

/**
 * One chunk of the run for the close of `date`: the next loans (by id, after `cursor`) that may owe penalties. A
 * loan whose penalties cannot be applied (a replay reaching into a closed accounting period) is left as it was, with
 * a warning naming it; the others go on. Rerun for the same date, a chunk applies nothing twice.
 */
export function penaltyChunk(ctx: HandlerContext, date: string, cursor: number, rules: PenaltyRules = penaltyRules(ctx.db)): PenaltyChunk {
  const loans = penaltyCandidates(ctx.db, lastDueOf(date, ctx.businessDate(), rules), cursor, PENALTY_LOANS_PER_CHUNK);
  let penalties = 0;
  let penalised = 0;
  for (const loan of loans) {
    const touched: [string, number | string][] = [];
    const inner: HandlerContext = { ...ctx, touched: (entity, id) => touched.push([entity, id]) };
    let n: number;
    try {
      // a savepoint per loan: a refusal leaves this loan untouched and the chunk goes on
      n = ctx.db.transaction(() => applyLoanPenalties(inner, loan, date, rules))();
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      ctx.warn({
        code: 'PENALTY_NOT_APPLIED',
        message: `The overdue penalties of loan ${loan.account_no} for ${date} were not applied: ${err.message}`,
        details: { loanId: loan.id, accountNo: loan.account_no, date, reason: err.code },
      });
      continue;
    }
    for (const [entity, id] of touched) ctx.touched(entity, id);
    penalties += n;
    if (n > 0) penalised++;
  }
  const last = loans[loans.length - 1];
  return { cursor: last ? last.id : cursor, looked: loans.length, penalties, loans: penalised, finished: loans.length < PENALTY_LOANS_PER_CHUNK };
}

/** How many loans the run for `date` will look at (day-end's progress). */
export function penaltyLoansToLookAt(db: Db, date: string, businessDate: string, rules: PenaltyRules = penaltyRules(db)): number {
  return countPenaltyCandidates(db, lastDueOf(date, businessDate, rules));
}

/** How many penalties the close of `date` would apply, nothing written (day-end's preview). */
export function countPenaltiesDue(db: Db, date: string, businessDate: string, rules: PenaltyRules = penaltyRules(db)): { penalties: number; loans: number } {
  const lastDue = lastDueOf(date, businessDate, rules);
  let penalties = 0;
  let loans = 0;
  for (let cursor = 0; ; ) {
    const batch = penaltyCandidates(db, lastDue, cursor, PENALTY_LOANS_PER_CHUNK);
    for (const loan of batch) {
      const n = penaltiesDue(db, loan, date, rules, businessDate).length;
      penalties += n;
      if (n > 0) loans++;
    }
    if (batch.length < PENALTY_LOANS_PER_CHUNK) break;
    cursor = batch[batch.length - 1]!.id;
  }
  return { penalties, loans };
}
