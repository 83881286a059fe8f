import type { LoanTransactionResult } from '../../../../shared/contract';
import { AppError, invalidField } from '../../../../shared/errors';
import { parseMoneyField } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import type { Registry } from '../../dispatch/registry';
import { outstandingOf, type InstallmentState } from '../../domain/loans';
import { moneyRules } from '../../domain/loans/money';
import { notBefore, transactionDate } from '../common/dates';
import { getOrganisation } from '../organisation';
import { parseChargeTarget } from './chargeFigures';
import { loanChargeFigures } from './chargeViews';
import { addInstallmentFeeCharge, addLoanCharge, percentageChargeAmount, percentBasis, readLoanCharges } from './charges';
import { rebuildLoan, reverseTransaction, transactionOf } from './posting';
import { catalogueChargeRow, getLoanRow, readInstallments, requireStatus, STATUS_NAME, type CatalogueChargeRow, type LoanRow } from './repository';
import { loanSummary } from './views';

/**
 * Charges on a disbursed loan (services/charges/README.md "Loan charges"): loans.addCharge, loans.waiveCharge (per
 * loan charge, or per installment and component as before) and loans.undoWaiveCharge, with Fineract's rules
 * (LoanChargeWritePlatformServiceImpl addLoanCharge, waiveLoanCharge, undoWaiveLoanCharge).
 */
function catalogueCharge(db: Db, id: number): CatalogueChargeRow {
  const c = catalogueChargeRow(db, id);
  if (!c) throw new AppError('NOT_FOUND', `There is no charge ${id}`, [{ field: 'chargeId', code: 'not_found', message: 'no such charge' }]);
  return c;
}

function transactionResult(ctx: HandlerContext, loanId: number, transactionId: number, state?: InstallmentState[]): LoanTransactionResult {
  const loan = getLoanRow(ctx.db, loanId);
  return { loanId, transactionId, status: STATUS_NAME[loan.status]!, receipt: null, summary: loanSummary(ctx.db, loan, ctx.businessDate(), state) };
}

/** A date that is the charge's own when it has passed, else the business date (DOMAIN.md: a waiver is dated so). */
function pastOrToday(ctx: HandlerContext, date: string): string {
  return date < ctx.businessDate() ? date : ctx.businessDate();
}

function addCharge(ctx: HandlerContext, input: { loanId: number; chargeId: number; amount?: string | undefined; dueDate?: string | undefined }) {
  const db = ctx.db;
  const loan = getLoanRow(db, input.loanId);
  // DOMAIN.md: adding a charge to a closed loan reopens it (Fineract's LOAN_CHARGE_ADDED transition); after a
  // write-off only recoveries follow
  requireStatus(loan, ['ACTIVE', 'CLOSED_OBLIGATIONS_MET', 'OVERPAID'], 'given a charge');
  const charge = catalogueCharge(db, input.chargeId);
  if (charge.applies_to !== 'LOAN') throw invalidField('chargeId', 'is a savings charge: only loan charges go on a loan', 'not_loan_charge');
  if (charge.active !== 1) throw new AppError('INVALID_STATE', `The charge ${charge.name} is not active`, [{ field: 'chargeId', code: 'inactive', message: 'is not active' }]);
  if (charge.currency_code !== loan.currency_code) {
    // Fineract's addCharge: "Charge and Loan must have the same currency"
    throw invalidField('chargeId', `is in ${charge.currency_code}, the loan in ${loan.currency_code}`, 'currency_mismatch');
  }
  switch (charge.time_type) {
    case 'OVERDUE_INSTALLMENT':
      // Fineract's validateAddLoanCharge: an overdue-installment charge is applied by the penalty run only
      throw invalidField('chargeId', 'is an overdue-installment penalty: the overdue penalty run applies it', 'overdue_charge');
    case 'DISBURSEMENT':
      // Loan.addLoanCharge: "due.at.disbursement.and.loan.is.disbursed"
      throw invalidField('chargeId', 'is due at disbursement and the loan is already disbursed', 'due_at_disbursement');
    case 'SPECIFIED_DUE_DATE':
    case 'INSTALMENT_FEE':
      break;
    default:
      throw invalidField('chargeId', `is a ${charge.time_type} charge, which a loan does not take`, 'invalid_time_type');
  }
  if (charge.calculation_type === 'PERCENT_OF_DISBURSEMENT_AMOUNT') {
    // Fineract's addLoanCharge looks for a disbursement still to come: a disbursed loan has none
    throw invalidField('chargeId', 'is a percentage of a disbursement, and the loan has no disbursement left', 'no_disbursement_left');
  }
  const currency = getOrganisation(db).currency;
  const rules = moneyRules(currency);
  const flat = charge.calculation_type === 'FLAT';
  // Fineract's loan charge "amount": the money of a flat charge, the percentage of a percentage one
  const given = input.amount ?? charge.amount;
  const flatAmount = flat ? parseMoneyField(given, currency.decimalPlaces, 'amount') : 0;
  const percentage = flat ? null : given;
  const state = readInstallments(db, loan.id);
  if (charge.time_type === 'INSTALMENT_FEE') {
    if (input.dueDate !== undefined) throw invalidField('dueDate', 'an installment fee falls on every installment: leave the due date out', 'not_applicable');
    return addInstallmentFeeCharge(ctx, loan, { chargeId: charge.id, name: charge.name, calculationType: charge.calculation_type, penalty: charge.penalty === 1, percentage, flatAmount }, rules);
  }
  if (input.dueDate === undefined) throw invalidField('dueDate', 'is required for a charge on a specified due date', 'required');
  // Loan.validateChargeHasValidSpecifiedDateIfApplicable: not before the disbursement date
  notBefore(input.dueDate, loan.disbursed_on!, 'dueDate', 'the disbursement date');
  const totalInterest = state.reduce((s, i) => s + i.interest.due, 0);
  const amount = flat ? flatAmount : percentageChargeAmount(percentBasis(charge.calculation_type, loan.principal, totalInterest), percentage!, rules, charge.min_cap, charge.max_cap);
  if (amount <= 0) throw invalidField('amount', 'comes to nothing: the charge must be greater than zero', 'zero');
  return addLoanCharge(ctx, loan, {
    chargeId: charge.id,
    name: charge.name,
    timeType: 'SPECIFIED_DUE_DATE',
    calculationType: charge.calculation_type,
    penalty: charge.penalty === 1,
    percentage,
    amount,
    dueDate: input.dueDate,
  });
}

/** Which installment of a loan charge a waiver takes (Fineract's waiveLoanCharge) and what is unpaid on it. */
function waiverOf(ctx: HandlerContext, loan: LoanRow, loanChargeId: number, installmentNumber: number | undefined): { installmentNumber: number; amount: number; date: string; component: 'fee' | 'penalty' } {
  const { charges, figures } = loanChargeFigures(ctx.db, loan.id, readInstallments(ctx.db, loan.id));
  const lc = charges.find((c) => c.id === loanChargeId);
  if (!lc) throw new AppError('NOT_FOUND', `Loan ${loan.account_no} has no charge ${loanChargeId}`, [{ field: 'loanChargeId', code: 'not_found', message: 'no such charge on this loan' }]);
  if (lc.time_type === 'DISBURSEMENT') throw invalidField('loanChargeId', 'was collected at disbursement: there is nothing left to waive', 'already_paid');
  const f = figures.get(lc.id)!;
  let s = f.installments[0];
  if (lc.time_type === 'INSTALMENT_FEE') {
    // an installment fee: the installment named, else the earliest one not yet settled (getUnpaidInstallmentLoanCharge)
    s = installmentNumber !== undefined ? f.installments.find((x) => x.installmentNumber === installmentNumber) : (f.installments.find((x) => x.outstanding > 0) ?? f.installments[0]);
    if (!s) throw invalidField('installmentNumber', `the charge has nothing on installment ${installmentNumber}`, 'not_found');
  } else if (installmentNumber !== undefined && installmentNumber !== s?.installmentNumber) {
    throw invalidField('installmentNumber', `the charge is on installment ${s?.installmentNumber}`, 'wrong_installment');
  }
  if (!s) throw invalidField('loanChargeId', 'puts nothing on any installment', 'nothing_to_waive');
  if (s.outstanding === 0) {
    const waived = s.waived > 0;
    throw new AppError('VALIDATION_FAILED', `The charge is already ${waived ? 'waived' : 'paid'}`, [
      { field: lc.time_type === 'INSTALMENT_FEE' && installmentNumber !== undefined ? 'installmentNumber' : 'loanChargeId', code: waived ? 'already_waived' : 'already_paid', message: `is already ${waived ? 'waived' : 'paid'}` },
    ]);
  }
  // dated the charge's due date when that is past (DOMAIN.md; Fineract's Loan.waiveLoanCharge)
  const due = lc.time_type === 'INSTALMENT_FEE' ? s.dueDate : (lc.due_date ?? s.dueDate);
  return { installmentNumber: s.installmentNumber, amount: s.outstanding, date: pastOrToday(ctx, due), component: lc.penalty === 1 ? 'penalty' : 'fee' };
}

export function registerLoanCharges(registry: Registry): void {
  registry.register('loans.addCharge', (ctx, input) => {
    const { loanChargeId, state } = addCharge(ctx, input);
    const loan = getLoanRow(ctx.db, input.loanId);
    return { loanId: loan.id, loanChargeId, status: STATUS_NAME[loan.status]!, summary: loanSummary(ctx.db, loan, ctx.businessDate(), state) };
  });

  registry.register('loans.waiveCharge', (ctx, input) => {
    const db = ctx.db;
    const loan = getLoanRow(db, input.loanId);
    requireStatus(loan, ['ACTIVE'], 'given a charge waiver');
    const given = input.transactionDate ? transactionDate(ctx, input.transactionDate, 'transactionDate') : null;
    if (input.loanChargeId !== undefined) {
      if (input.chargeType !== undefined) throw invalidField('chargeType', 'goes with installmentNumber alone: a loan charge is a fee or a penalty already', 'not_applicable');
      const w = waiverOf(ctx, loan, input.loanChargeId, input.installmentNumber);
      const { ids, state } = rebuildLoan(ctx, loan, [
        { type: 'WAIVE_CHARGE', date: given ?? w.date, amount: w.amount, installmentNumber: w.installmentNumber, component: w.component, loanChargeId: input.loanChargeId, note: input.note ?? null },
      ]);
      return transactionResult(ctx, loan.id, ids[0]!, state);
    }
    // the shape before per-charge waivers: every fee (or penalty) of one installment
    if (input.installmentNumber === undefined) throw invalidField('installmentNumber', 'is required (or loanChargeId)', 'required');
    const component = input.chargeType === 'PENALTY' ? 'penalty' : 'fee';
    const inst = readInstallments(db, loan.id).find((i) => i.installmentNumber === input.installmentNumber);
    if (!inst) throw new AppError('VALIDATION_FAILED', `There is no installment ${input.installmentNumber}`, [{ field: 'installmentNumber', code: 'not_found', message: 'no such installment' }]);
    if (outstandingOf(inst[component]) === 0) {
      throw new AppError('VALIDATION_FAILED', `Installment ${input.installmentNumber} has no unpaid ${component}`, [{ field: 'installmentNumber', code: 'nothing_to_waive', message: `has no unpaid ${component}` }]);
    }
    // dated the charge's due date when that is past (DOMAIN.md)
    const date = given ?? pastOrToday(ctx, inst.dueDate);
    const { ids, state } = rebuildLoan(ctx, loan, [
      // only what is unpaid now: money already paid on the charge stays paid (DOMAIN.md)
      { type: 'WAIVE_CHARGE', date, amount: outstandingOf(inst[component]), installmentNumber: input.installmentNumber, component, note: input.note ?? null },
    ]);
    return transactionResult(ctx, loan.id, ids[0]!, state);
  });

  registry.register('loans.undoWaiveCharge', (ctx, input) => {
    const db = ctx.db;
    const loan = getLoanRow(db, input.loanId);
    const row = transactionOf(db, loan, input.transactionId);
    // Fineract's undoWaiveLoanCharge: a waive-charge transaction, not already undone, on an active loan
    if (row.type !== 'WAIVE_CHARGE') throw invalidField('transactionId', 'is not a charge waiver', 'not_a_charge_waiver');
    if (row.reversed) throw new AppError('INVALID_STATE', `Transaction ${row.id} is already undone`, [{ field: 'transactionId', code: 'already_reversed', message: 'is already undone' }]);
    requireStatus(loan, ['ACTIVE'], 'given back a waived charge');
    const target = parseChargeTarget(row.charge_target);
    if (target?.loanChargeId != null) {
      const lc = readLoanCharges(db, loan.id).find((c) => c.id === target.loanChargeId);
      // Fineract undoes waivers of specified-due-date charges and installment fees only (undoWaivedCharge)
      if (lc && lc.time_type !== 'SPECIFIED_DUE_DATE' && lc.time_type !== 'INSTALMENT_FEE') {
        throw invalidField('transactionId', `waived an ${lc.time_type.toLowerCase().replace(/_/g, ' ')} charge, whose waiver Fineract does not undo`, 'undo_not_supported');
      }
    }
    const { state } = rebuildLoan(ctx, loan, [], new Set([row.id]));
    reverseTransaction(ctx, loan, row, input.note ?? 'Charge waiver undone');
    return transactionResult(ctx, loan.id, row.id, state);
  });
}
