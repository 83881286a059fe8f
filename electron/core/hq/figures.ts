import Decimal from 'decimal.js';
import { LOAN_STATUSES } from '../../../shared/contract';
import { isIsoDate } from '../../../shared/dates';
import { AppError, invalidField } from '../../../shared/errors';
import { minor, type Minor } from '../../../shared/money';
import { addDays } from '../domain/calendar';
import { keptFigures, positionFromUnpaid, type ComponentState, type InstallmentState } from '../domain/loans';
import type { HeadOfficeStore } from './store';

/**
 * Head office's consolidated figures (issue 13): each branch's computed from the rows head office holds of it, the
 * way the branch computes its own, and the institution's as their sums. Amounts are minor units, added as integers;
 * ratios are recomputed from the summed amounts, never averaged. Head office never re-executes business rules: it
 * reads what the branch's rows say, with the branch's own definitions:
 * - the portfolio as day-end's figures of D (services/dayEnd: loanCells over the arrears snapshot of D, dayFlows);
 *   the loans' kept figures are not exported, so they are derived again from the installment rows by the domain
 *   function the branch keeps them with (keptFigures), and aged as day-end ages them (positionFromUnpaid on D+1);
 * - the trial balance as accounting.trialBalance (services/accounting/views.ts).
 */

/** A branch's or the institution's portfolio on a date. Amounts in minor units. */
export interface PortfolioFigures {
  /** loans ACTIVE (300): Fineract's portfolio reports count no other status */
  activeLoans: number;
  principalOutstanding: Minor;
  interestOutstanding: Minor;
  feeOutstanding: Minor;
  penaltyOutstanding: Minor;
  /** principal, interest, fees and penalties of installments due on or before the date and still unpaid */
  overdue: Minor;
  /** the whole outstanding principal of the loans with an installment unpaid more than 30 days on the day after */
  par30: Minor;
  /** loan disbursements dated the date, and repayments (at disbursement, recoveries too), not undone by then */
  disbursed: Minor;
  collected: Minor;
  /** par30 / principal outstanding, a percentage with two decimals ("12.35"); null when nothing is outstanding */
  par30Ratio: string | null;
  /**
   * overdue / outstanding (principal, interest, fees and penalties), a percentage with two decimals: Fineract's
   * "Portfolio at Risk %" of type 4 with its denominator as meant (FINERACT-NOTES 1.1, 2); null when nothing is
   * outstanding
   */
  arrearsRate: string | null;
}

export interface BranchPortfolio extends PortfolioFigures {
  officeCode: string;
  name: string;
  /**
   * The branch's business date at the last command head office holds of it (null: nothing yet). The outstanding
   * amounts are the branch's as they stood then (its rows are its current state, not its history), aged as of the
   * date asked: they are the branch's own day-end figures of that date when head office holds the branch as it was
   * when that day closed (bundles cut after its day-end and before the next day's work: the business date is then
   * the day after).
   */
  businessDate: string | null;
}

export interface ConsolidatedPortfolio {
  asOf: string;
  currency: { code: string; decimalPlaces: number } | null;
  /** every registered branch, by office code */
  branches: BranchPortfolio[];
  institution: PortfolioFigures;
}

/** A trial balance line: an account's net balance on its side, in minor units. */
export interface TrialBalanceRow {
  glCode: string;
  name: string;
  type: string;
  debit: Minor;
  credit: Minor;
}

export interface TrialBalanceFigures {
  rows: TrialBalanceRow[];
  totalDebit: Minor;
  totalCredit: Minor;
}

export interface BranchTrialBalance extends TrialBalanceFigures {
  officeCode: string;
  name: string;
}

export interface ConsolidatedTrialBalance {
  /** null: every entry head office holds */
  asOf: string | null;
  currency: { code: string; decimalPlaces: number } | null;
  branches: BranchTrialBalance[];
  institution: TrialBalanceFigures;
}

/** Loans with an installment unpaid more than this many days are at risk (PAR30; DOMAIN.md "Portfolio at risk"). */
const PAR_DAYS = 30;

/** Transaction types that count as collected on a day (day-end's dayFlows). */
const COLLECTED: ReadonlySet<string> = new Set(['REPAYMENT', 'REPAYMENT_AT_DISBURSEMENT', 'RECOVERY_REPAYMENT']);

const Ratio = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN });

/** `part` as a percentage of `whole` with two decimals, half-even; null when the whole is zero. */
export function percentage(part: number, whole: number): string | null {
  if (whole === 0) return null;
  return new Ratio(part).times(100).div(whole).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
}

function checkedDate(asOf: string): string {
  if (!isIsoDate(asOf)) throw invalidField('asOf', 'must be a real date written YYYY-MM-DD');
  return asOf;
}

/**
 * The one currency the branches keep their books in (null when no branch sent a bundle yet): amounts in different
 * currencies are never added.
 */
function commonCurrency(store: HeadOfficeStore, officeCodes: readonly string[]): { code: string; decimalPlaces: number } | null {
  let found: { code: string; decimalPlaces: number; officeCode: string } | null = null;
  for (const officeCode of officeCodes) {
    const c = store.branchCurrency(officeCode);
    if (c === null) continue;
    if (found && (found.code !== c.code || found.decimalPlaces !== c.decimalPlaces)) {
      throw new AppError('INVALID_STATE', `Branches ${found.officeCode} and ${officeCode} keep their books in different currencies (${found.code}, ${c.code}): their figures cannot be added`, undefined, {
        reason: 'CURRENCIES_DIFFER',
      });
    }
    found ??= { ...c, officeCode };
  }
  return found && { code: found.code, decimalPlaces: found.decimalPlaces };
}

// ---- the portfolio

type Amounts = Omit<PortfolioFigures, 'par30Ratio' | 'arrearsRate'>;

const NO_AMOUNTS: Amounts = {
  activeLoans: 0,
  principalOutstanding: 0 as Minor,
  interestOutstanding: 0 as Minor,
  feeOutstanding: 0 as Minor,
  penaltyOutstanding: 0 as Minor,
  overdue: 0 as Minor,
  par30: 0 as Minor,
  disbursed: 0 as Minor,
  collected: 0 as Minor,
};

const AMOUNT_KEYS = Object.keys(NO_AMOUNTS) as (keyof Amounts)[];

function added(a: Amounts, b: Partial<Amounts>): Amounts {
  const out = { ...a };
  for (const k of AMOUNT_KEYS) out[k] = minor(a[k] + (b[k] ?? 0));
  return out;
}

function withRatios(a: Amounts): PortfolioFigures {
  const outstanding = a.principalOutstanding + a.interestOutstanding + a.feeOutstanding + a.penaltyOutstanding;
  return { ...a, par30Ratio: percentage(a.par30, a.principalOutstanding), arrearsRate: percentage(a.overdue, outstanding) };
}

function component(row: Record<string, unknown>, name: string): ComponentState {
  return {
    due: row[`${name}_due`] as Minor,
    paid: row[`${name}_paid`] as Minor,
    waived: row[`${name}_waived`] as Minor,
    writtenOff: row[`${name}_written_off`] as Minor,
  };
}

/** An installment row (loan_installments columns) as the loan engine's state, as the branch reads its own. */
function installmentState(row: Record<string, unknown>): InstallmentState {
  return {
    installmentNumber: row.installment_number as number,
    fromDate: row.from_date as string,
    dueDate: row.due_date as string,
    principal: component(row, 'principal'),
    interest: component(row, 'interest'),
    fee: component(row, 'fee'),
    penalty: component(row, 'penalty'),
  };
}

/** Consecutive installment rows grouped per loan (the store gives them one loan's after another). */
function* perLoan(rows: Iterable<Record<string, unknown>>): Generator<InstallmentState[]> {
  let loanId: unknown = undefined;
  let state: InstallmentState[] = [];
  for (const row of rows) {
    if (row.loan_id !== loanId && state.length > 0) {
      yield state;
      state = [];
    }
    loanId = row.loan_id;
    state.push(installmentState(row));
  }
  if (state.length > 0) yield state;
}

/**
 * A branch's portfolio on `asOf`, as its day-end figures of that date: each active loan's kept figures derived
 * from its installments (keptFigures), its arrears on the day after (positionFromUnpaid, as the arrears snapshot),
 * at risk when more than 30 days in arrears; the day's disbursed and collected from its live transactions.
 */
function branchAmounts(store: HeadOfficeStore, officeCode: string, asOf: string): Amounts {
  const next = addDays(asOf, 1);
  let a: Amounts = { ...NO_AMOUNTS, activeLoans: store.loanCount(officeCode, LOAN_STATUSES.ACTIVE) };
  for (const state of perLoan(store.installmentsOfLoans(officeCode, LOAN_STATUSES.ACTIVE))) {
    const kept = keptFigures(state);
    const position = positionFromUnpaid(kept.unpaid, next);
    a = added(a, {
      principalOutstanding: kept.principalOutstanding,
      interestOutstanding: position.outstanding.interest,
      feeOutstanding: position.outstanding.fee,
      penaltyOutstanding: position.outstanding.penalty,
      overdue: position.overdue.total,
      par30: position.daysInArrears > PAR_DAYS ? kept.principalOutstanding : (0 as Minor),
    });
  }
  for (const t of store.loanTransactionSumsOn(officeCode, asOf)) {
    if (t.type === 'DISBURSEMENT') a = added(a, { disbursed: t.amount as Minor });
    else if (COLLECTED.has(t.type)) a = added(a, { collected: t.amount as Minor });
  }
  return a;
}

/**
 * The consolidated portfolio on `asOf`: every registered branch's (outstanding, overdue, PAR30, disbursed and
 * collected on the date) and the institution's, their sums, with PAR30 and the arrears rate recomputed from them.
 */
export function consolidatedPortfolio(store: HeadOfficeStore, asOf: string): ConsolidatedPortfolio {
  checkedDate(asOf);
  const registered = store.branches();
  const currency = commonCurrency(store, registered.map((b) => b.office_code));
  let total = { ...NO_AMOUNTS };
  const branches = registered.map((b): BranchPortfolio => {
    const amounts = branchAmounts(store, b.office_code, asOf);
    total = added(total, amounts);
    return { officeCode: b.office_code, name: b.name, businessDate: store.businessDateHeld(b.office_code), ...withRatios(amounts) };
  });
  return { asOf, currency, branches, institution: withRatios(total) };
}

// ---- the trial balance

/** Net balances per account on their side, omitting accounts that net to zero, by code (accounting.trialBalance). */
function trialBalanceOf(accounts: readonly { code: string; name: string; type: string; net: number }[]): TrialBalanceFigures {
  let totalDebit = 0;
  let totalCredit = 0;
  const rows = [...accounts]
    .filter((a) => a.net !== 0)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((a): TrialBalanceRow => {
      const debit = minor(a.net > 0 ? a.net : 0);
      const credit = minor(a.net < 0 ? -a.net : 0);
      totalDebit += debit;
      totalCredit += credit;
      return { glCode: a.code, name: a.name, type: a.type, debit, credit };
    });
  return { rows, totalDebit: minor(totalDebit), totalCredit: minor(totalCredit) };
}

/**
 * Each registered branch's trial balance on `asOf` (every entry head office holds when omitted), as its own
 * accounting.trialBalance shows it, and the institution's: per GL code, the sum of the branches' balances (debit
 * minus credit), on its side; its name and type are those of the first branch by office code that has the account.
 * Debits equal credits in each, since every branch's journal balances.
 */
export function consolidatedTrialBalance(store: HeadOfficeStore, asOf?: string): ConsolidatedTrialBalance {
  const through = asOf === undefined ? '9999-12-31' : checkedDate(asOf);
  const registered = store.branches();
  const currency = commonCurrency(store, registered.map((b) => b.office_code));
  const institution = new Map<string, { code: string; name: string; type: string; net: number }>();
  const branches = registered.map((b): BranchTrialBalance => {
    const accounts = store.glSums(b.office_code, through).map((s) => ({ code: s.code, name: s.name, type: s.type, net: s.debits - s.credits }));
    for (const a of accounts) {
      const sum = institution.get(a.code);
      if (sum) sum.net = minor(sum.net + a.net);
      else institution.set(a.code, { ...a });
    }
    return { officeCode: b.office_code, name: b.name, ...trialBalanceOf(accounts) };
  });
  return { asOf: asOf ?? null, currency, branches, institution: trialBalanceOf([...institution.values()]) };
}
