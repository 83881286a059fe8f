import { AppError } from '../../../../shared/errors';
import type { Minor } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import type { HandlerContext } from '../../dispatch/context';
import type { InstallmentState } from '../../domain/loans';
import { newGlobalId } from '../organisation';
import { rebuildLoan } from './posting';
import { readInstallments, writeInstallments, type LoanRow } from './repository';

/**
 * Charges on a loan (services/charges/README.md "Loan charges"): the loan_charges row of each charge and what it puts
 * on each installment (loan_charge_installments). An installment's fee_due (penalty_due) is the sum of its rows of
 * active fee (penalty) charges; adding a charge writes the new due on its installment and replays the loan, so that
 * the payments already made re-allocate over it (Fineract's Loan.addLoanCharge then reprocessTransactions).
 */
export type LoanChargeTimeType = 'DISBURSEMENT' | 'SPECIFIED_DUE_DATE' | 'INSTALMENT_FEE' | 'OVERDUE_INSTALLMENT';

export interface NewLoanCharge {
  chargeId: number | null;
  name: string;
  timeType: 'SPECIFIED_DUE_DATE' | 'OVERDUE_INSTALLMENT';
  calculationType: string;
  penalty: boolean;
  percentage: string | null;
  /** minor units, already computed */
  amount: number;
  /** the date the charge falls on */
  dueDate: string;
  /** OVERDUE_INSTALLMENT: the installment penalised */
  installmentNumber?: number;
}

/** A loan_charges row as written. */
export interface LoanChargeRecord {
  chargeId: number | null;
  name: string;
  timeType: LoanChargeTimeType;
  calculationType: string;
  penalty: boolean;
  percentage: string | null;
  amount: number;
  dueDate: string | null;
  installmentNumber?: number | null;
  /** what it puts on each installment: [installment number, amount] (none for a fee collected at disbursement) */
  installments: readonly (readonly [number, number])[];
}

/** Inserts a loan charge and its installment rows; returns its id. */
export function insertLoanCharge(ctx: HandlerContext, loanId: number, c: LoanChargeRecord): number {
  const db = ctx.db;
  const id = Number(
    sql(
      db,
      `INSERT INTO loan_charges (global_id, loan_id, charge_id, name, time_type, calculation_type, penalty, percentage, amount,
         due_date, installment_number, active, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    ).run(
      newGlobalId(db, 'loancharge'),
      loanId,
      c.chargeId,
      c.name,
      c.timeType,
      c.calculationType,
      c.penalty ? 1 : 0,
      c.percentage,
      c.amount,
      c.dueDate,
      c.installmentNumber ?? null,
      ctx.actor?.userId ?? null,
      ctx.clock.now().toISOString(),
    ).lastInsertRowid,
  );
  const row = sql(db, 'INSERT INTO loan_charge_installments (loan_charge_id, installment_number, amount) VALUES (?, ?, ?)');
  for (const [n, amount] of c.installments) row.run(id, n, amount);
  ctx.touched('loan_charge', id);
  return id;
}

/** Marks every charge of a loan inactive (its disbursement undone). */
export function deactivateLoanCharges(ctx: HandlerContext, loanId: number): void {
  const ids = sql<[number], { id: number }>(ctx.db, 'SELECT id FROM loan_charges WHERE loan_id = ? AND active = 1').all(loanId);
  if (ids.length === 0) return;
  sql(ctx.db, 'UPDATE loan_charges SET active = 0 WHERE loan_id = ? AND active = 1').run(loanId);
  for (const { id } of ids) ctx.touched('loan_charge', id);
}

/**
 * An installment added after the last one for a charge due after it (Fineract's "additional" installment): it
 * carries no principal and no interest. The last installment of a schedule always carries principal, so one
 * without either, after the first, is such an installment.
 */
function isAdditional(i: InstallmentState): boolean {
  return i.installmentNumber > 1 && i.principal.due === 0 && i.interest.due === 0;
}

/**
 * The installment whose period holds `date` (Fineract's LoanCharge.isDueForCollectionFromIncludingAndUpToAndIncluding
 * for the first period, isDueForCollectionFromAndUpToAndIncluding for the others): the first includes its from date.
 */
export function installmentHolding(state: readonly InstallmentState[], date: string): InstallmentState | undefined {
  return state.find((i, k) => (k === 0 ? i.fromDate <= date : i.fromDate < date) && date <= i.dueDate);
}

const zero = (): InstallmentState['principal'] => ({ due: 0 as Minor, paid: 0 as Minor, waived: 0 as Minor, writtenOff: 0 as Minor });

/**
 * Adds a charge to a disbursed loan (Fineract's LoanChargeWritePlatformServiceImpl.addLoanCharge and
 * Loan.addLoanCharge): the loan_charges row, its loan_charge_installments row on the installment whose period holds
 * the due date (an OVERDUE_INSTALLMENT penalty on the installment penalised), the amount added to that installment's
 * fee_due or penalty_due, then the loan replayed so that payments re-allocate (a closed loan reopens, DOMAIN.md).
 *
 * A specified-due-date charge after the last installment adds installment N+1 from the last due date to the
 * charge's date, with no principal or interest; when the last installment is already such an added one, its due
 * date moves out to the charge's date instead (Fineract's addChargeOnlyRepaymentInstallmentIfRequired).
 *
 * The caller has checked the charge (its type, amount and date) and the loan's status.
 */
export function addLoanCharge(ctx: HandlerContext, loan: LoanRow, charge: NewLoanCharge): { loanChargeId: number; state: InstallmentState[] } {
  const db = ctx.db;
  const current = readInstallments(db, loan.id);
  if (current.length === 0) throw new AppError('INVALID_STATE', `Loan ${loan.account_no} has no schedule: disburse it first`, undefined, { loanId: loan.id });
  let schedule: InstallmentState[] = current.map((i) => ({ ...i }));
  let target: number;
  if (charge.timeType === 'OVERDUE_INSTALLMENT') {
    const n = charge.installmentNumber;
    if (n === undefined || !schedule.some((i) => i.installmentNumber === n)) {
      throw new AppError('VALIDATION_FAILED', `Loan ${loan.account_no} has no installment ${n}`, [{ field: 'installmentNumber', code: 'not_found', message: 'no such installment' }]);
    }
    target = n;
  } else {
    const last = schedule[schedule.length - 1]!;
    if (charge.dueDate > last.dueDate) {
      if (isAdditional(last)) {
        schedule[schedule.length - 1] = { ...last, dueDate: charge.dueDate };
      } else {
        schedule.push({
          installmentNumber: last.installmentNumber + 1,
          fromDate: last.dueDate,
          dueDate: charge.dueDate,
          principal: zero(),
          interest: zero(),
          fee: zero(),
          penalty: zero(),
        });
      }
    }
    const holding = installmentHolding(schedule, charge.dueDate);
    if (!holding) {
      throw new AppError('VALIDATION_FAILED', `The due date ${charge.dueDate} is before the loan's schedule starts`, [
        { field: 'dueDate', code: 'before_schedule', message: 'is before the disbursement date' },
      ]);
    }
    target = holding.installmentNumber;
  }
  const component = charge.penalty ? 'penalty' : 'fee';
  schedule = schedule.map((i) =>
    i.installmentNumber === target ? { ...i, [component]: { ...i[component], due: (i[component].due + charge.amount) as Minor } } : i,
  );
  // only the dues matter here: the replay below recomputes what was paid, waived and written off
  writeInstallments(db, loan.id, schedule, schedule.length === current.length ? current : undefined);
  const loanChargeId = insertLoanCharge(ctx, loan.id, {
    chargeId: charge.chargeId,
    name: charge.name,
    timeType: charge.timeType,
    calculationType: charge.calculationType,
    penalty: charge.penalty,
    percentage: charge.percentage,
    amount: charge.amount,
    dueDate: charge.dueDate,
    installmentNumber: charge.timeType === 'OVERDUE_INSTALLMENT' ? target : null,
    installments: [[target, charge.amount]],
  });
  const { state } = rebuildLoan(ctx, loan, []);
  return { loanChargeId, state };
}

/** The active charges of a loan with their installment rows, oldest first. */
export interface LoanChargeRow {
  id: number;
  charge_id: number | null;
  name: string;
  time_type: LoanChargeTimeType;
  calculation_type: string;
  penalty: number;
  percentage: string | null;
  amount: number;
  due_date: string | null;
  installment_number: number | null;
  active: number;
  created_at: string;
}

export function readLoanCharges(db: Db, loanId: number, activeOnly = true): LoanChargeRow[] {
  return sql<[number], LoanChargeRow>(
    db,
    `SELECT id, charge_id, name, time_type, calculation_type, penalty, percentage, amount, due_date, installment_number, active, created_at
     FROM loan_charges WHERE loan_id = ?${activeOnly ? ' AND active = 1' : ''} ORDER BY id`,
  ).all(loanId);
}

/** Installment rows of a loan's active charges: loan charge id -> [installment number, amount][]. */
export function readChargeInstallments(db: Db, loanId: number): Map<number, [number, number][]> {
  const rows = sql<[number], { loan_charge_id: number; installment_number: number; amount: number }>(
    db,
    `SELECT ci.loan_charge_id, ci.installment_number, ci.amount FROM loan_charges lc
       JOIN loan_charge_installments ci ON ci.loan_charge_id = lc.id
     WHERE lc.loan_id = ? AND lc.active = 1 ORDER BY ci.loan_charge_id, ci.installment_number`,
  ).all(loanId);
  const out = new Map<number, [number, number][]>();
  for (const r of rows) {
    const list = out.get(r.loan_charge_id) ?? [];
    list.push([r.installment_number, r.amount]);
    out.set(r.loan_charge_id, list);
  }
  return out;
}
