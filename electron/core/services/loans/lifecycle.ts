import type { ParsedInput } from '../../../../shared/contract';
import { scheduleInputSchema, compareDecimalText, type CompleteScheduleInput } from '../../../../shared/contract/loanSchedule';
import { parseInput } from '../../../../shared/contract/parse';
import { AppError } from '../../../../shared/errors';
import { parseMoneyField } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import { actorOf, type HandlerContext } from '../../dispatch/context';
import { generateSchedule, installmentStatesFromSchedule, toLoanTerms, toScheduleOutput, type LoanTerms } from '../../domain/loans';
import { branchCalendar } from '../calendar';
import { getProductRow, productScheduleInput, toProduct, type ProductTerms } from '../loanProducts';
import { findLocalOffice, getOrganisation, getSetting, newGlobalId, nextSequence } from '../organisation';
import { requireLoanOfficer } from '../users';
import { applicantOf, insertLoan, productMapping } from './repository';
import { notBefore, transactionDate } from '../common/dates';
import { copyProductAccounting } from '../charges/accounting';
import { loanTermCharges } from '../charges/catalogue';

/**
 * A loan application's terms: the product's, changed within its ranges (DOMAIN.md "Loan products").
 * Returns the complete schedule input the loan keeps for life.
 */
type TermsChange = Omit<ParsedInput<'loans.previewSchedule'>, 'clientId' | 'productId'>;

export function loanTerms(ctx: HandlerContext, productId: number, change: TermsChange, field = 'productId'): { terms: CompleteScheduleInput; product: ReturnType<typeof toProduct> } {
  const db = ctx.db;
  const product = toProduct(db, getProductRow(db, productId, field));
  if (!product.active) {
    throw new AppError('INVALID_STATE', `The loan product ${product.name} is not active`, [{ field, code: 'inactive', message: 'is not active' }]);
  }
  const currency = getOrganisation(db).currency;
  /**
   * A term outside the product's range, refused naming the field and the range ("principal must be between 5000
   * and 200000"): `params` carries the bounds as the product keeps them, for the screen to write in its language.
   */
  const within = (f: string, value: string | number, min: string | number | undefined, max: string | number | undefined) => {
    const below = (a: string | number, b: string | number) => (typeof a === 'number' ? a < Number(b) : compareDecimalText(a, String(b)) < 0);
    if (!(min !== undefined && below(value, min)) && !(max !== undefined && below(max, value))) return;
    const msg = min !== undefined && max !== undefined ? `must be between ${min} and ${max}` : min !== undefined ? `must be at least ${min}` : `must be at most ${max}`;
    const params = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    throw new AppError('VALIDATION_FAILED', `${f} ${msg}`, [{ field: f, code: 'out_of_range', message: msg, params }]);
  };
  if (change.principal !== undefined) within('principal', change.principal, product.minPrincipal, product.maxPrincipal);
  if (change.numberOfRepayments !== undefined) within('numberOfRepayments', change.numberOfRepayments, product.minNumberOfRepayments, product.maxNumberOfRepayments);
  if (change.interestRatePerPeriod !== undefined) within('interestRatePerPeriod', change.interestRatePerPeriod, product.minInterestRatePerPeriod, product.maxInterestRatePerPeriod);
  // the product's catalogue charges as they are now (services/charges/catalogue.ts), not its terms_json: the loan
  // keeps this copy, a later change of the product or the charge does not move it
  const raw = productScheduleInput(
    product as unknown as ProductTerms,
    { ...change, expectedDisbursementDate: change.expectedDisbursementDate ?? ctx.businessDate(), currency },
    loanTermCharges(db, product.id),
  );
  const parsed = parseInput(scheduleInputSchema, raw);
  return { terms: { ...parsed, currency, expectedDisbursementDate: parsed.expectedDisbursementDate! }, product };
}


/** `withTerms`: what a caller adds to the terms before the schedule is checked (a JLG loan's meeting, loans/jlg.ts). */
export function submitLoan(ctx: HandlerContext, input: ParsedInput<'loans.submit'>, withTerms?: (terms: CompleteScheduleInput) => CompleteScheduleInput): { loanId: number; accountNo: string } {
  const db = ctx.db;
  const me = actorOf(ctx);
  const client = applicantOf(db, input.clientId);
  if (!client) throw new AppError('NOT_FOUND', `There is no client ${input.clientId}`, [{ field: 'clientId', code: 'not_found', message: 'no such client' }]);
  if (client.status !== 'ACTIVE') {
    throw new AppError('INVALID_STATE', `The client is ${client.status}: only an active client can apply for a loan`, [
      { field: 'clientId', code: 'client_not_active', message: `the client is ${client.status}` },
    ], { status: client.status });
  }
  const { clientId: _c, productId, loanOfficerId, purpose, submittedOnDate, ...change } = input;
  const submittedOn = transactionDate(ctx, submittedOnDate, 'submittedOnDate');
  const { terms: productTerms, product } = loanTerms(ctx, productId, change);
  const terms = withTerms ? withTerms(productTerms) : productTerms;
  notBefore(terms.expectedDisbursementDate, submittedOn, 'expectedDisbursementDate', 'the submission date');
  const officer = loanOfficerId ?? client.staff_id ?? null;
  if (officer !== null) requireLoanOfficer(db, officer);
  // the schedule must be computable before the application is saved
  generateSchedule(branchTerms(db, terms));
  const office = findLocalOffice(db)!;
  const accountNo = `${office.code}-L${String(nextSequence(db, `loan.account.${office.code}`)).padStart(6, '0')}`;
  const now = ctx.clock.now().toISOString();
  const dp = terms.currency.decimalPlaces;
  const loanId = insertLoan(db, {
    globalId: newGlobalId(db, 'loan', office.code),
    accountNo,
    clientId: client.id,
    productId: product.id,
    officeId: office.id,
    loanOfficerId: officer,
    currencyCode: terms.currency.code,
    principal: parseMoneyField(terms.principal, dp, 'principal'),
    termsJson: JSON.stringify(terms),
    strategyCode: product.transactionProcessingStrategyCode,
    inArrearsTolerance: parseMoneyField(product.inArrearsTolerance, dp, 'inArrearsTolerance'),
    glMappingJson: JSON.stringify(productMapping(db, product.id)),
    purpose: purpose ?? null,
    submittedOn,
    submittedBy: me.userId,
    expectedDisbursementDate: terms.expectedDisbursementDate,
    createdAt: now,
  });
  // the loan books by its product's accounting rule as it is today (charges/accounting.ts)
  copyProductAccounting(db, 'LOAN', product.id, loanId);
  ctx.touched('loan', loanId);
  return { loanId, accountNo };
}

/** Four eyes: the user who submitted a loan may not approve it, unless the branch allows it (a setting). */
export function checkMakerChecker(db: Db, submittedBy: number, approver: number): void {
  if (submittedBy === approver && getSetting(db, 'loans.allow_self_approval') !== 'true') {
    throw new AppError('PERMISSION_DENIED', 'You submitted this loan: another user must approve it', undefined, { rule: 'MAKER_CHECKER' });
  }
}

/**
 * A loan's schedule terms with the branch's calendar (services/calendar: its working days and their rule, its
 * active holidays), the one calendar every new schedule of the branch takes: preview, submit and disbursal.
 */
export function branchTerms(db: Db, terms: CompleteScheduleInput): LoanTerms {
  const t = toLoanTerms(terms);
  const branch = branchCalendar(db);
  return {
    ...t,
    calendar: {
      nonWorkingDays: [...new Set([...t.calendar.nonWorkingDays, ...branch.nonWorkingDays])],
      holidays: [...t.calendar.holidays, ...branch.holidays],
      rescheduleType: branch.rescheduleType,
      extendTermForDailyRepayments: branch.extendTermForDailyRepayments,
      extendTermForRepaymentsOnHolidays: branch.extendTermForRepaymentsOnHolidays,
    },
  };
}

/** loans.previewSchedule: the schedule a loan with these terms would get in this branch. */
export function previewSchedule(db: Db, terms: CompleteScheduleInput) {
  return toScheduleOutput(generateSchedule(branchTerms(db, terms)));
}

export function initialState(db: Db, terms: CompleteScheduleInput) {
  const schedule = generateSchedule(branchTerms(db, terms));
  return { schedule, state: installmentStatesFromSchedule(schedule) };
}
