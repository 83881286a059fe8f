import Decimal from 'decimal.js';
import type { CompleteScheduleInput } from '../../../../shared/contract/loanSchedule';
import { AppError } from '../../../../shared/errors';
import type { Minor } from '../../../../shared/money';
import type { HandlerContext } from '../../dispatch/context';
import { toLoanTerms, type InstallmentState, type LoanSchedule, type LoanTerms } from '../../domain/loans';
import { installmentFees } from '../../domain/loans/charges';
import { moneyOf, moneyRules, percentOf, type MoneyRules } from '../../domain/loans/money';
import { newGlobalId } from '../organisation';
import { rebuildLoan } from './posting';
import {
  clearChargeRowsOn,
  deactivateLoanChargeRows,
  insertLoanChargeRows,
  readInstallments,
  writeInstallments,
  type LoanChargeFields,
  type LoanRow,
} from './repository';

export { readChargeInstallments, readLoanCharges, type LoanChargeRow, type LoanChargeTimeType } from './repository';

/**
 * Charges on a loan (services/charges/README.md "Loan charges"): the loan_charges row of each charge and what it puts
 * on each installment (loan_charge_installments). An installment's fee_due (penalty_due) is the sum of its rows of
 * active fee (penalty) charges; adding a charge writes the new due on its installment and replays the loan, so that
 * the payments already made re-allocate over it (Fineract's Loan.addLoanCharge then reprocessTransactions).
 */
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
  /** OVERDUE_INSTALLMENT: the installment penalised (the charge sits on the installment whose period holds its date) */
  installmentNumber?: number;
}

/** A loan charge as written, with what it puts on each installment. */
export interface LoanChargeRecord extends LoanChargeFields {
  /** what it puts on each installment: [installment number, amount] (none for a fee collected at disbursement) */
  installments: readonly (readonly [number, number])[];
}

/** Inserts a loan charge and its installment rows; returns its id. */
export function insertLoanCharge(ctx: HandlerContext, loanId: number, c: LoanChargeRecord): number {
  const { installments, ...fields } = c;
  const id = insertLoanChargeRows(
    ctx.db,
    { ...fields, globalId: newGlobalId(ctx.db, 'loancharge'), loanId, createdBy: ctx.actor?.userId ?? null, createdAt: ctx.clock.now().toISOString() },
    installments,
  );
  ctx.touched('loan_charge', id);
  return id;
}

/** Marks every charge of a loan inactive (its disbursement undone). */
export function deactivateLoanCharges(ctx: HandlerContext, loanId: number): void {
  for (const id of deactivateLoanChargeRows(ctx.db, loanId)) ctx.touched('loan_charge', id);
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
 * the due date, the amount added to that installment's fee_due or penalty_due, then the loan replayed so that
 * payments re-allocate (a closed loan reopens, DOMAIN.md). An OVERDUE_INSTALLMENT penalty records the installment it
 * penalises (`installmentNumber`) but sits, as Fineract's schedule wrapper places every dated charge
 * (LoanRepaymentScheduleProcessingWrapper: by the charge's due date), on the installment whose period holds its date.
 *
 * A charge after the last installment adds installment N+1 from the last due date to the charge's date, with no
 * principal or interest; when the last installment is already such an added one, its due date moves out to the
 * charge's date instead (Fineract's addChargeOnlyRepaymentInstallmentIfRequired for a specified-due-date charge,
 * addInstallmentIfPenaltyAppliedAfterLastDueDate for a penalty).
 *
 * The caller has checked the charge (its type, amount and date) and the loan's status.
 */
export function addLoanCharge(ctx: HandlerContext, loan: LoanRow, charge: NewLoanCharge): { loanChargeId: number; state: InstallmentState[] } {
  const db = ctx.db;
  const current = readInstallments(db, loan.id);
  if (current.length === 0) throw new AppError('INVALID_STATE', `Loan ${loan.account_no} has no schedule: disburse it first`, undefined, { loanId: loan.id });
  const penalised = charge.installmentNumber;
  if (charge.timeType === 'OVERDUE_INSTALLMENT' && (penalised === undefined || !current.some((i) => i.installmentNumber === penalised))) {
    throw new AppError('VALIDATION_FAILED', `Loan ${loan.account_no} has no installment ${penalised}`, [{ field: 'installmentNumber', code: 'not_found', message: 'no such installment' }]);
  }
  const schedule: InstallmentState[] = current.map((i) => ({ ...i }));
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
  return chargeLoan(ctx, loan, current, schedule, {
    chargeId: charge.chargeId,
    name: charge.name,
    timeType: charge.timeType,
    calculationType: charge.calculationType,
    penalty: charge.penalty,
    percentage: charge.percentage,
    amount: charge.amount,
    dueDate: charge.dueDate,
    installmentNumber: charge.timeType === 'OVERDUE_INSTALLMENT' ? penalised! : null,
    installments: [[holding.installmentNumber, charge.amount]],
  });
}

/**
 * Writes a new charge's dues on the schedule (`schedule`: the current installments, perhaps with one added), the
 * charge and its rows, then replays the loan (only the dues matter to the replay: it recomputes what was paid,
 * waived and written off).
 */
function chargeLoan(ctx: HandlerContext, loan: LoanRow, current: InstallmentState[], schedule: InstallmentState[], record: LoanChargeRecord): { loanChargeId: number; state: InstallmentState[] } {
  const component = record.penalty ? 'penalty' : 'fee';
  const adds = new Map(record.installments.map(([n, a]) => [n, a]));
  const dues = schedule.map((i) => {
    const a = adds.get(i.installmentNumber) ?? 0;
    return a === 0 ? i : { ...i, [component]: { ...i[component], due: (i[component].due + a) as Minor } };
  });
  writeInstallments(ctx.db, loan.id, dues, dues.length === current.length ? current : undefined);
  const loanChargeId = insertLoanCharge(ctx, loan.id, record);
  ctx.touched('loan', loan.id);
  const { state } = rebuildLoan(ctx, loan, []);
  return { loanChargeId, state };
}

/**
 * An installment fee added to a disbursed loan (Fineract allows it when interest is not recalculated): on every
 * installment, flat, or a percentage of that installment's principal, principal plus interest, or interest, as the
 * schedule computes it (domain installmentFees); the charge's amount is the sum (LoanCharge.updateInstallmentCharges).
 */
export function addInstallmentFeeCharge(
  ctx: HandlerContext,
  loan: LoanRow,
  charge: { chargeId: number; name: string; calculationType: string; penalty: boolean; percentage: string | null; flatAmount: number },
  rules: MoneyRules,
): { loanChargeId: number; state: InstallmentState[] } {
  const current = readInstallments(ctx.db, loan.id);
  const term = {
    chargeTimeType: 'INSTALMENT_FEE',
    chargeCalculationType: charge.calculationType,
    amount: charge.flatAmount,
    percentage: charge.percentage ?? '0',
  } as LoanTerms['charges'][number];
  const rows = current
    .map((i) => [i.installmentNumber, installmentFees([term], i.principal.due, i.interest.due, rules)] as const)
    .filter(([, a]) => a > 0);
  if (rows.length === 0) throw new AppError('VALIDATION_FAILED', 'The charge comes to nothing on every installment', [{ field: 'amount', code: 'zero', message: 'comes to nothing' }]);
  return chargeLoan(ctx, loan, current, current, {
    chargeId: charge.chargeId,
    name: charge.name,
    timeType: 'INSTALMENT_FEE',
    calculationType: charge.calculationType,
    penalty: charge.penalty,
    percentage: charge.percentage,
    amount: rows.reduce((s, [, a]) => s + a, 0),
    dueDate: null,
    installments: rows,
  });
}

// ---- the schedule's charges, recorded at disbursement

/**
 * The loan charges of a loan's schedule charges (its terms' DISBURSEMENT and INSTALMENT_FEE charges; the
 * SPECIFIED_DUE_DATE and OVERDUE_INSTALLMENT ones in its terms are not schedule charges): a disbursement fee with
 * what was collected, an installment fee with what it puts on each installment, computed per charge as the schedule
 * computes them (domain installmentFees on the installment's principal and interest, percentOf the principal or
 * interest for a disbursement fee). Rounding to a currency multiple can make the charges' sum differ from the
 * schedule's by a multiple: the difference goes on the last charge, so that they add up to what the schedule holds.
 *
 * An installment fee that is a penalty moves from the installment's fee to its penalty (Fineract's
 * LoanRepaymentScheduleProcessingWrapper counts it among the penalties); `state` comes back with that done.
 */
export function scheduleChargeRecords(
  input: CompleteScheduleInput,
  terms: LoanTerms,
  schedule: LoanSchedule,
  state: InstallmentState[],
  disbursedOn: string,
): { records: LoanChargeRecord[]; state: InstallmentState[] } {
  const rules = moneyRules(terms.currency);
  const records: LoanChargeRecord[] = [];
  const common = (k: number) => {
    const c = input.charges[k]!;
    const t = terms.charges[k]!;
    return {
      chargeId: c.chargeId ?? null,
      name: c.name ?? (c.chargeTimeType === 'DISBURSEMENT' ? 'Disbursement fee' : 'Installment fee'),
      calculationType: c.chargeCalculationType,
      penalty: c.penalty ?? false,
      percentage: c.chargeCalculationType === 'FLAT' ? null : t.percentage,
    };
  };
  const atDisbursement = terms.charges.map((t, k) => ({ t, k })).filter(({ t }) => t.chargeTimeType === 'DISBURSEMENT');
  if (atDisbursement.length > 0) {
    const amounts = atDisbursement.map(({ t }) => (t.chargeCalculationType === 'FLAT' ? t.amount : percentOf(percentBasis(t.chargeCalculationType, terms.principal, schedule.totalInterest), t.percentage, rules)));
    amounts[amounts.length - 1]! += schedule.feeChargesAtDisbursement - amounts.reduce((s, a) => s + a, 0);
    atDisbursement.forEach(({ k }, j) => records.push({ ...common(k), timeType: 'DISBURSEMENT', amount: amounts[j]!, dueDate: disbursedOn, installments: [] }));
  }
  const fees = terms.charges.map((t, k) => ({ t, k })).filter(({ t }) => t.chargeTimeType === 'INSTALMENT_FEE');
  if (fees.length > 0) {
    const perCharge = fees.map(() => [] as [number, number][]);
    for (const inst of state) {
      const amounts = fees.map(({ t }) => installmentFees([t], inst.principal.due, inst.interest.due, rules));
      amounts[amounts.length - 1]! += inst.fee.due - amounts.reduce((s, a) => s + a, 0);
      amounts.forEach((a, j) => {
        if (a > 0) perCharge[j]!.push([inst.installmentNumber, a]);
      });
    }
    fees.forEach(({ k }, j) => {
      const rows = perCharge[j]!;
      records.push({ ...common(k), timeType: 'INSTALMENT_FEE', amount: rows.reduce((s, [, a]) => s + a, 0), dueDate: null, installments: rows });
    });
  }
  // penalty installment fees: from the fee column to the penalty column
  const moved = new Map<number, number>();
  for (const r of records) {
    if (r.timeType !== 'INSTALMENT_FEE' || !r.penalty) continue;
    for (const [n, a] of r.installments) moved.set(n, (moved.get(n) ?? 0) + a);
  }
  const out = moved.size === 0 ? state : state.map((i) => {
    const m = moved.get(i.installmentNumber) ?? 0;
    return m === 0 ? i : { ...i, fee: { ...i.fee, due: (i.fee.due - m) as Minor }, penalty: { ...i.penalty, due: (i.penalty.due + m) as Minor } };
  });
  return { records, state: out };
}

/**
 * At disbursement: records the loan charges of its schedule charges and returns the installments to write (a
 * penalty installment fee moved to the penalty column).
 */
export function recordScheduleCharges(ctx: HandlerContext, loanId: number, input: CompleteScheduleInput, schedule: LoanSchedule, state: InstallmentState[], disbursedOn: string): InstallmentState[] {
  const { records, state: out } = scheduleChargeRecords(input, toLoanTerms(input), schedule, state, disbursedOn);
  for (const r of records) insertLoanCharge(ctx, loanId, r);
  return out;
}

/** What a percentage charge is a percentage of (Fineract's Loan.calculateAmountPercentageAppliedTo). */
export function percentBasis(calculationType: string, principal: number, totalInterest: number): number {
  switch (calculationType) {
    case 'PERCENT_OF_AMOUNT_AND_INTEREST':
      return principal + totalInterest;
    case 'PERCENT_OF_INTEREST':
      return totalInterest;
    default:
      return principal;
  }
}

/** Fineract's LoanCharge.percentageOf: percentage / 100 and the product each to 8 significant digits, half-even. */
const Mc8 = Decimal.clone({ precision: 8, rounding: Decimal.ROUND_HALF_EVEN });

/**
 * The amount of a percentage charge added to a loan (Fineract's LoanCharge.populateDerivedFields): basis x
 * percentage / 100 to 8 significant digits (LoanCharge.percentageOf), then kept within the charge's caps (compared
 * unrounded; a cap replaces the amount as it is), else rounded to the currency (minimumAndMaximumCap, Money.of).
 */
export function percentageChargeAmount(basisMinor: number, percentage: string, rules: MoneyRules, minCap: number | null, maxCap: number | null): number {
  if (basisMinor <= 0) return 0;
  const of = new Mc8(basisMinor).times(new Mc8(percentage).div(100));
  if (minCap !== null && of.lessThan(minCap)) return minCap;
  if (maxCap !== null && of.greaterThan(maxCap)) return maxCap;
  return moneyOf(new Decimal(of), rules);
}

/**
 * Foreclosure drops the fees and penalties of the installments due after its date (loans.foreclose cuts the
 * schedule): the charges' rows on them come to nothing and each charge's amount loses what they carried.
 */
export function dropChargesOn(ctx: HandlerContext, loanId: number, installmentNumbers: readonly number[]): void {
  if (installmentNumbers.length === 0) return;
  for (const id of clearChargeRowsOn(ctx.db, loanId, installmentNumbers)) ctx.touched('loan_charge', id);
}
