/**
 * Overdue-installment penalties as Fineract's close of business applies them (its COB step
 * APPLY_CHARGE_TO_OVERDUE_LOANS, ApplyChargeToOverdueLoansBusinessStep), for the day D being closed:
 *
 * - Which installments (LoanReadPlatformServiceImpl.retrieveAllOverdueInstallmentsForLoan): every installment whose
 *   obligations are not met (something still outstanding, penalties included) and that is not the extra installment
 *   Fineract adds for penalties falling after the last due date; it is "penalty due" when its due date is before
 *   D - wait + 1 (LoanRepaymentScheduleInstallment.isOverdueOn, strictly after), i.e. due date + wait <= D. With
 *   `backdate-penalties-enabled` off, only the installment whose due date is exactly D - wait qualifies.
 * - Which dates (LoanChargeWritePlatformServiceImpl.applyChargeToOverdueLoanInstallment): with `grace-on-penalty-posting`
 *   at its default 0, start = due date + wait + 1 and each penalty falls on start - (wait + 1). A charge without a
 *   fee frequency falls once, on the installment's due date. With a frequency, one penalty falls for each start that
 *   is not after D, the start moving by the interval each time (plusDays / plusWeeks / plusMonths / plusYears of the
 *   previous start: month ends clamp cumulatively, as Java's LocalDate does). The k-th penalty is Fineract's
 *   frequency number k; those already applied to the installment (for the same charge) are left out.
 *   Fineract oddity, kept: the first penalty of a charge with a frequency needs D >= due date + wait + 1, one day later
 *   than a charge without one; and with backdating off such a charge never falls in COB at all (the installment
 *   qualifies only on D = due date + wait, when the first start, D + 1, is still ahead).
 * - How much (LoanChargeAssembler.createNewFromJson, LoanCharge.percentageOf and minimumAndMaximumCap): FLAT is the
 *   charge's amount; PERCENT_OF_AMOUNT a percentage of the installment's principal outstanding when the step runs,
 *   PERCENT_OF_AMOUNT_AND_INTEREST of its principal plus interest outstanding, PERCENT_OF_INTEREST of its interest
 *   outstanding (every penalty of one run, backdated ones included, takes today's outstanding: Fineract's way). The
 *   percentage is percentage / 100 and then value x that, each to 8 significant digits half-even (MathContext(8));
 *   below the minimum cap it is the minimum cap, above the maximum cap the maximum cap, otherwise Money.of (the
 *   currency's decimals half-even, then its multiple). A penalty of 0 is not applied.
 *
 * Where each penalty lands in the schedule (the installment whose period holds its date, an extra one after the
 * last) is the loan charge's business (services/loans/charges.ts); this module says which penalties fall.
 */
import Decimal from 'decimal.js';
import { invalidField } from '../../../../shared/errors';
import { isIsoDate } from '../../../../shared/dates';
import type { Currency, Minor } from '../../../../shared/money';
import { addDays, addMonths, addWeeks } from '../calendar/isoDate';
import { moneyRules, moneyOf } from './money';
import { checkState, installmentOutstanding, outstandingOf, type InstallmentState } from './state';

/** Fineract's global configuration `penalty-wait-period` (c_configuration id 10): 2 days unless changed. */
export const DEFAULT_PENALTY_WAIT_PERIOD = 2;
/** Fineract's `backdate-penalties-enabled` (id 24): enabled unless changed (ConfigurationDomainService reads the flag). */
export const DEFAULT_BACKDATE_PENALTIES = true;
/** The longest wait period accepted (a year): a longer one would mean penalties never fall. */
export const MAX_PENALTY_WAIT_PERIOD = 365;

export interface PenaltyRules {
  /** days after the due date before an installment is penalised (Fineract's penalty-wait-period) */
  penaltyWaitPeriod: number;
  /** off: only installments falling overdue on the day closed are penalised, older ones never (backdate-penalties-enabled) */
  backdatePenaltiesEnabled: boolean;
}

export const DEFAULT_PENALTY_RULES: PenaltyRules = { penaltyWaitPeriod: DEFAULT_PENALTY_WAIT_PERIOD, backdatePenaltiesEnabled: DEFAULT_BACKDATE_PENALTIES };

export const FEE_FREQUENCIES = ['DAYS', 'WEEKS', 'MONTHS', 'YEARS'] as const;
export type FeeFrequency = (typeof FEE_FREQUENCIES)[number];

export const OVERDUE_CALCULATION_TYPES = ['FLAT', 'PERCENT_OF_AMOUNT', 'PERCENT_OF_AMOUNT_AND_INTEREST', 'PERCENT_OF_INTEREST'] as const;
export type OverdueCalculationType = (typeof OVERDUE_CALCULATION_TYPES)[number];

/** An OVERDUE_INSTALLMENT charge a loan carries (its terms' copy of the catalogue charge). */
export interface OverdueCharge {
  chargeId: number;
  name: string;
  chargeCalculationType: OverdueCalculationType;
  /** FLAT: the amount of each penalty, in minor units */
  amount: number;
  /** PERCENT_*: the percentage as decimal text ("1.5") */
  percentage: string;
  /** how often the penalty falls again while the installment stays overdue; null: once */
  feeFrequency: FeeFrequency | null;
  feeInterval: number | null;
  /** percentages: the penalty kept between these, in minor units (null: no cap) */
  minCap: number | null;
  maxCap: number | null;
}

export interface OverduePenalty {
  chargeId: number;
  /** the installment penalised (Fineract's LoanOverdueInstallmentCharge.installment) */
  installmentNumber: number;
  /** the date the penalty falls on (its due date) */
  dueDate: string;
  /** 1 for the first penalty of this charge on this installment, 2 for the next ... (Fineract's frequencyNumber) */
  frequencyNumber: number;
  amount: Minor;
  /** what the percentage was taken of, in minor units (0 for FLAT) */
  basis: Minor;
}

/** The key of one penalty: the same charge on the same installment for the same date applies once. */
export function penaltyKey(chargeId: number, installmentNumber: number, dueDate: string): string {
  return `${chargeId}:${installmentNumber}:${dueDate}`;
}

function checkRules(rules: PenaltyRules): void {
  const w = rules.penaltyWaitPeriod;
  if (!Number.isInteger(w) || w < 0 || w > MAX_PENALTY_WAIT_PERIOD) {
    throw invalidField('penaltyWaitPeriod', `must be a whole number of days from 0 to ${MAX_PENALTY_WAIT_PERIOD}`);
  }
}

function checkDate(date: string, field: string): void {
  if (!isIsoDate(date)) throw invalidField(field, 'must be a real date written YYYY-MM-DD');
}

/**
 * Whether an installment due on `dueDate` is penalised when the day `closing` is closed: due date + wait <= closing
 * (with backdating off: exactly equal).
 */
export function isPenaltyDue(dueDate: string, closing: string, rules: PenaltyRules): boolean {
  const last = addDays(closing, -rules.penaltyWaitPeriod);
  return rules.backdatePenaltiesEnabled ? dueDate <= last : dueDate === last;
}

function nextStart(start: string, frequency: FeeFrequency, interval: number): string {
  switch (frequency) {
    case 'DAYS':
      return addDays(start, interval);
    case 'WEEKS':
      return addWeeks(start, interval);
    case 'MONTHS':
      return addMonths(start, interval);
    case 'YEARS':
      return addMonths(start, 12 * interval);
  }
}

/**
 * The dates the charge's penalties fall on for an installment due on `dueDate`, by the close of `closing`: the k-th
 * date is frequency number k. Without a frequency, the due date itself (whatever `closing` is).
 */
export function penaltyDates(dueDate: string, closing: string, waitPeriod: number, frequency: FeeFrequency | null, interval: number | null): string[] {
  const diff = waitPeriod + 1; // grace-on-penalty-posting 0: max(1, wait + 1 - 0)
  let start = addDays(dueDate, waitPeriod + 1);
  if (frequency === null) return [addDays(start, -diff)];
  const every = interval ?? 1;
  if (!Number.isInteger(every) || every < 1) throw invalidField('feeInterval', 'must be a whole number of at least 1');
  const dates: string[] = [];
  while (start <= closing) {
    dates.push(addDays(start, -diff));
    start = nextStart(start, frequency, every);
  }
  return dates;
}

/**
 * The extra installment Fineract adds for penalties falling after the last due date (its "recalculated interest
 * component", which the penalty step skips): nothing of principal, interest or fees, only penalties.
 */
function isPenaltyInstallment(i: InstallmentState): boolean {
  return i.installmentNumber > 1 && i.principal.due === 0 && i.interest.due === 0 && i.fee.due === 0;
}

/** The installments penalised when `closing` is closed (retrieveAllOverdueInstallmentsForLoan). */
export function overdueInstallments(state: readonly InstallmentState[], closing: string, rules: PenaltyRules): InstallmentState[] {
  return state.filter((i) => installmentOutstanding(i) > 0 && !isPenaltyInstallment(i) && isPenaltyDue(i.dueDate, closing, rules));
}

const Mc8 = Decimal.clone({ precision: 8, rounding: Decimal.ROUND_HALF_EVEN });

/** What the charge's percentage is taken of on this installment (Fineract's amountPercentageAppliedTo). */
export function penaltyBasis(installment: InstallmentState, type: OverdueCalculationType): number {
  switch (type) {
    case 'FLAT':
      return 0;
    case 'PERCENT_OF_AMOUNT':
      return outstandingOf(installment.principal);
    case 'PERCENT_OF_AMOUNT_AND_INTEREST':
      return outstandingOf(installment.principal) + outstandingOf(installment.interest);
    case 'PERCENT_OF_INTEREST':
      return outstandingOf(installment.interest);
  }
}

/** One penalty's amount on an installment (createNewFromJson, percentageOf, minimumAndMaximumCap). */
export function penaltyAmount(installment: InstallmentState, charge: OverdueCharge, currency: Currency): { amount: Minor; basis: Minor } {
  if (charge.chargeCalculationType === 'FLAT') return { amount: charge.amount as Minor, basis: 0 as Minor };
  const basis = penaltyBasis(installment, charge.chargeCalculationType);
  let pct: Decimal;
  try {
    pct = new Decimal(charge.percentage);
  } catch {
    throw invalidField('percentage', 'must be a percentage such as 1.5');
  }
  if (pct.isNegative() || !pct.isFinite()) throw invalidField('percentage', 'must be a percentage such as 1.5');
  // LoanCharge.percentageOf: zero unless the value is above zero; scaling to minor units keeps the significant digits
  const value = basis > 0 ? new Mc8(basis).times(new Mc8(pct).div(100)) : new Decimal(0);
  if (charge.minCap !== null && value.lessThan(charge.minCap)) return { amount: charge.minCap as Minor, basis: basis as Minor };
  if (charge.maxCap !== null && value.greaterThan(charge.maxCap)) return { amount: charge.maxCap as Minor, basis: basis as Minor };
  return { amount: moneyOf(value, moneyRules(currency)) as Minor, basis: basis as Minor };
}

/**
 * The penalties that fall when `closing` is closed, for each overdue charge on each installment penalised, leaving
 * out those already applied (`applied` holds penaltyKey of each). In installment order, then charge, then date.
 */
export function overduePenalties(
  state: readonly InstallmentState[],
  closing: string,
  charges: readonly OverdueCharge[],
  rules: PenaltyRules,
  currency: Currency,
  applied: ReadonlySet<string> = new Set(),
): OverduePenalty[] {
  checkState(state);
  checkDate(closing, 'asOf');
  checkRules(rules);
  const result: OverduePenalty[] = [];
  for (const installment of overdueInstallments(state, closing, rules)) {
    for (const charge of charges) {
      const dates = penaltyDates(installment.dueDate, closing, rules.penaltyWaitPeriod, charge.feeFrequency, charge.feeInterval);
      const missing = dates.map((d, k) => [d, k + 1] as const).filter(([d]) => !applied.has(penaltyKey(charge.chargeId, installment.installmentNumber, d)));
      if (missing.length === 0) continue;
      const { amount, basis } = penaltyAmount(installment, charge, currency);
      if (amount === 0) continue;
      for (const [dueDate, frequencyNumber] of missing) {
        result.push({ chargeId: charge.chargeId, installmentNumber: installment.installmentNumber, dueDate, frequencyNumber, amount, basis });
      }
    }
  }
  return result;
}
