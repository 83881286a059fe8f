import type { InstallmentState } from '../../domain/loans';
import type { LoanChargeRow } from './charges';
import { splitOf, type TransactionRow } from './repository';

/**
 * Figures derived for loans.get (nothing here is stored): what each loan charge was paid, waived and written off
 * (services/charges README "Per-charge figures"), and what Fineract shows per installment and per transaction
 * beside the schedule (LoanSchedulePeriodData, LoanTransactionData).
 */
export interface ChargeSettlement {
  installmentNumber: number;
  dueDate: string;
  amount: number;
  paid: number;
  waived: number;
  writtenOff: number;
  outstanding: number;
}

export interface ChargeFigures {
  amount: number;
  paid: number;
  waived: number;
  writtenOff: number;
  outstanding: number;
  installments: ChargeSettlement[];
}

/** A WAIVE_CHARGE's target: "installment:component" or, per charge, "installment:component:loanChargeId". */
export function parseChargeTarget(target: string | null): { installmentNumber: number; component: 'fee' | 'penalty'; loanChargeId: number | null } | null {
  if (!target) return null;
  const [n, component, id] = target.split(':');
  if (component !== 'fee' && component !== 'penalty') return null;
  return { installmentNumber: Number(n), component, loanChargeId: id ? Number(id) : null };
}

/** Spreads `total` over the capacities in order, each taking what it can; returns what each took. */
function spread(total: number, capacities: readonly number[]): number[] {
  let left = total;
  return capacities.map((c) => {
    const take = Math.max(0, Math.min(c, left));
    left -= take;
    return take;
  });
}

/**
 * Per-charge figures. Inside one installment and component (fee or penalty), a waiver belongs to the charge it
 * names (an old waiver without a charge is spread oldest first), and what the installment paid, then wrote off,
 * is spread over its charges in due-date order, then by id: Fineract pays the earliest-due charge first
 * (LoanCharge paid-by order in AbstractLoanRepaymentScheduleTransactionProcessor). A fee collected at disbursement
 * is paid when its REPAYMENT_AT_DISBURSEMENT is live.
 */
export function chargeFigures(
  charges: readonly LoanChargeRow[],
  rows: ReadonlyMap<number, readonly (readonly [number, number])[]>,
  state: readonly InstallmentState[],
  waivers: readonly TransactionRow[],
  collectedAtDisbursement: boolean,
): Map<number, ChargeFigures> {
  const out = new Map<number, ChargeFigures>();
  for (const c of charges) {
    const collected = c.time_type === 'DISBURSEMENT' && collectedAtDisbursement ? c.amount : 0;
    out.set(c.id, { amount: c.amount, paid: collected, waived: 0, writtenOff: 0, outstanding: c.amount - collected, installments: [] });
  }
  // what named waivers waived, by installment, component and charge
  const named = new Map<string, number>();
  for (const w of waivers) {
    const t = parseChargeTarget(w.charge_target);
    if (!t || t.loanChargeId === null) continue;
    const x = splitOf(w).find((s) => s.installmentNumber === t.installmentNumber)?.[t.component] ?? 0;
    const key = `${t.installmentNumber}:${t.component}:${t.loanChargeId}`;
    named.set(key, (named.get(key) ?? 0) + x);
  }
  for (const component of ['fee', 'penalty'] as const) {
    const penalty = component === 'penalty' ? 1 : 0;
    for (const inst of state) {
      const entries = charges
        .filter((c) => c.penalty === penalty)
        .flatMap((c) => (rows.get(c.id) ?? []).filter(([n]) => n === inst.installmentNumber).map(([, amount]) => ({ c, amount, due: c.due_date ?? inst.dueDate })))
        .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.c.id - b.c.id));
      if (entries.length === 0) continue;
      const part = inst[component];
      const waived = entries.map((e) => Math.min(e.amount, named.get(`${inst.installmentNumber}:${component}:${e.c.id}`) ?? 0));
      const pool = Math.max(0, part.waived - waived.reduce((s, x) => s + x, 0));
      spread(pool, entries.map((e, k) => e.amount - waived[k]!)).forEach((x, k) => (waived[k]! += x));
      const paid = spread(part.paid, entries.map((e, k) => e.amount - waived[k]!));
      const writtenOff = spread(part.writtenOff, entries.map((e, k) => e.amount - waived[k]! - paid[k]!));
      entries.forEach((e, k) => {
        const f = out.get(e.c.id)!;
        const s: ChargeSettlement = {
          installmentNumber: inst.installmentNumber,
          dueDate: inst.dueDate,
          amount: e.amount,
          paid: paid[k]!,
          waived: waived[k]!,
          writtenOff: writtenOff[k]!,
          outstanding: e.amount - paid[k]! - waived[k]! - writtenOff[k]!,
        };
        f.installments.push(s);
        f.paid += s.paid;
        f.waived += s.waived;
        f.writtenOff += s.writtenOff;
        f.outstanding = f.amount - f.paid - f.waived - f.writtenOff;
      });
    }
  }
  for (const f of out.values()) f.installments.sort((a, b) => a.installmentNumber - b.installmentNumber);
  return out;
}

export interface PeriodSettlement {
  /** the date of the last transaction (in replay order) that settled part of an installment now fully settled */
  obligationsMetOnDate: string | null;
  paidInAdvance: number;
  paidLate: number;
}

/**
 * Per installment: Fineract's obligationsMetOnDate (the date of the transaction that completed it) and its
 * totalPaidInAdvance / totalPaidLate (LoanRepaymentScheduleInstallment.trackAdvanceAndLateTotalsForRepaymentPeriod:
 * what repayments dated before, or after, the due date paid on it; waivers and write-offs count for neither).
 * `live` are the loan's live replayed transactions; they are taken in the replay's order (charge waivers first,
 * then by date and entry).
 */
export function periodSettlements(state: readonly InstallmentState[], live: readonly TransactionRow[]): Map<number, PeriodSettlement> {
  const order = [...live.filter((t) => t.type === 'WAIVE_CHARGE'), ...live.filter((t) => t.type !== 'WAIVE_CHARGE')];
  const lastTouch = new Map<number, string>();
  const out = new Map<number, PeriodSettlement>(state.map((i) => [i.installmentNumber, { obligationsMetOnDate: null, paidInAdvance: 0, paidLate: 0 }]));
  const due = new Map(state.map((i) => [i.installmentNumber, i.dueDate]));
  for (const t of order) {
    for (const s of splitOf(t)) {
      if (s.total === 0) continue;
      lastTouch.set(s.installmentNumber, t.transaction_date);
      const p = out.get(s.installmentNumber);
      const d = due.get(s.installmentNumber);
      if (!p || d === undefined || t.type !== 'REPAYMENT') continue;
      if (t.transaction_date < d) p.paidInAdvance += s.total;
      else if (t.transaction_date > d) p.paidLate += s.total;
    }
  }
  for (const i of state) {
    const owed = (['principal', 'interest', 'fee', 'penalty'] as const).reduce((s, c) => s + i[c].due - i[c].paid - i[c].waived - i[c].writtenOff, 0);
    if (owed === 0) out.get(i.installmentNumber)!.obligationsMetOnDate = lastTouch.get(i.installmentNumber) ?? null;
  }
  return out;
}

/**
 * Principal outstanding after each transaction (Fineract's Loan.updateLoanOutstandingBalances): the live
 * transactions but accruals in date order, a disbursement adding its amount and every other one taking off its
 * principal portion, never below zero. An undone transaction shows the balance it had when it was live (the
 * transactions live now dated before it, and itself); an accrual has none.
 */
export function outstandingBalances(transactions: readonly TransactionRow[]): Map<number, number | null> {
  const out = new Map<number, number | null>();
  const counted = (t: TransactionRow) => t.type !== 'REVERSAL' && !String(t.type).startsWith('ACCRUAL');
  const live = transactions.filter((t) => !t.reversed && counted(t));
  const step = (balance: number, t: TransactionRow) => Math.max(0, t.type === 'DISBURSEMENT' ? balance + t.amount : balance - t.principal_portion);
  let balance = 0;
  const before: { date: string; id: number; balance: number }[] = [];
  for (const t of live) {
    balance = step(balance, t);
    out.set(t.id, balance);
    before.push({ date: t.transaction_date, id: t.id, balance });
  }
  for (const t of transactions) {
    if (out.has(t.id)) continue;
    if (!counted(t)) {
      out.set(t.id, null);
      continue;
    }
    const prior = before.filter((b) => b.date < t.transaction_date || (b.date === t.transaction_date && b.id < t.id)).pop();
    out.set(t.id, step(prior?.balance ?? 0, t));
  }
  return out;
}
