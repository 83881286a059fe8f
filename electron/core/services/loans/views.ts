import { type LoanListItem, type LoanPeriod, type LoanSummaryAmounts, type LoanTransactionView, type LoanView, type ParsedInput } from '../../../../shared/contract';
import { formatMoney, type Currency } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import { foreclosureAmount, loanPosition, outstandingOf, positionFromUnpaid, prepaymentAmount, type InstallmentState } from '../../domain/loans';
import { getOrganisation } from '../organisation';
import { loanChargeViews } from './chargeViews';
import { outstandingBalances, parseChargeTarget, periodSettlements, type PeriodSettlement } from './chargeFigures';
import { REPLAYED_TYPES } from './posting';
import { previewSchedule } from './lifecycle';
import {
  loanGroupOf,
  clientOf,
  getLoanRow,
  listLoanRows,
  loanTotals,
  paymentTypeCodes,
  productNamesOf,
  readInstallments,
  readTransactions,
  receiptNumbersOf,
  staffNameOf,
  STATUS_NAME,
  termsOf,
  unpaidOf,
  userDisplayName,
  type LoanRow,
} from './repository';

const nullableMoney = (n: number | null, f: (n: number) => string): string | null => (n === null ? null : f(n));

/** Read models of loans: the detail (summary, schedule with what is paid, due and overdue, transactions) and lists. */
export function loanSummary(db: Db, loan: LoanRow, asOf: string, state: InstallmentState[] = readInstallments(db, loan.id)): LoanSummaryAmounts {
  const currency = getOrganisation(db).currency;
  const f = (n: number) => formatMoney(n, currency.decimalPlaces);
  const sum = (pick: (i: InstallmentState) => number) => state.reduce((s, i) => s + pick(i), 0);
  const totals = loanTotals(db, loan.id);
  const overpaid = totals.overpaid;
  const recovered = totals.recovered;
  const feesAtDisbursement = totals.fees;
  const disbursed = totals.disbursed;
  const pos = state.length > 0 ? loanPosition(state, asOf) : null;
  const next = state.find((i) => i.dueDate >= asOf && outstandingOf(i.principal) + outstandingOf(i.interest) + outstandingOf(i.fee) + outstandingOf(i.penalty) > 0);
  const nextAmount = next ? outstandingOf(next.principal) + outstandingOf(next.interest) + outstandingOf(next.fee) + outstandingOf(next.penalty) : 0;
  const active = STATUS_NAME[loan.status] === 'ACTIVE';
  const totalOutstanding = sum((i) => outstandingOf(i.principal) + outstandingOf(i.interest) + outstandingOf(i.fee) + outstandingOf(i.penalty));
  return {
    principalDisbursed: f(disbursed),
    principalPaid: f(sum((i) => i.principal.paid)),
    principalWaived: f(sum((i) => i.principal.waived)),
    principalWrittenOff: f(sum((i) => i.principal.writtenOff)),
    principalOutstanding: f(sum((i) => outstandingOf(i.principal))),
    interestCharged: f(sum((i) => i.interest.due)),
    interestPaid: f(sum((i) => i.interest.paid)),
    interestWaived: f(sum((i) => i.interest.waived)),
    interestWrittenOff: f(sum((i) => i.interest.writtenOff)),
    interestOutstanding: f(sum((i) => outstandingOf(i.interest))),
    feeChargesCharged: f(sum((i) => i.fee.due) + feesAtDisbursement),
    feeChargesPaid: f(sum((i) => i.fee.paid) + feesAtDisbursement),
    feeChargesWaived: f(sum((i) => i.fee.waived)),
    feeChargesOutstanding: f(sum((i) => outstandingOf(i.fee))),
    penaltyChargesCharged: f(sum((i) => i.penalty.due)),
    penaltyChargesPaid: f(sum((i) => i.penalty.paid)),
    penaltyChargesWaived: f(sum((i) => i.penalty.waived)),
    penaltyChargesOutstanding: f(sum((i) => outstandingOf(i.penalty))),
    feeChargesWrittenOff: f(sum((i) => i.fee.writtenOff)),
    penaltyChargesWrittenOff: f(sum((i) => i.penalty.writtenOff)),
    // Fineract's LoanSummary: totalWaived = interest + fees + penalties waived; totalWrittenOff = every component
    totalWaived: f(sum((i) => i.interest.waived + i.fee.waived + i.penalty.waived)),
    totalWrittenOff: f(sum((i) => i.principal.writtenOff + i.interest.writtenOff + i.fee.writtenOff + i.penalty.writtenOff)),
    totalExpectedRepayment: f(sum((i) => i.principal.due + i.interest.due + i.fee.due + i.penalty.due) + feesAtDisbursement),
    totalRepayment: f(sum((i) => i.principal.paid + i.interest.paid + i.fee.paid + i.penalty.paid) + feesAtDisbursement + overpaid),
    totalOutstanding: f(totalOutstanding),
    totalOverdue: f(pos ? pos.overdue.total : 0),
    totalDueToday: f(pos ? pos.due.total : 0),
    overpaidAmount: f(overpaid),
    recoveredAmount: f(recovered),
    daysInArrears: active && pos ? pos.daysInArrears : 0,
    agingBucket: active && pos ? pos.agingBucket : 'CURRENT',
    nextDueDate: next?.dueDate ?? null,
    nextDueAmount: f(nextAmount),
    prepaymentAmount: f(state.length > 0 && active ? prepaymentAmount(state).total : 0),
    foreclosureAmount: f(state.length > 0 && active ? foreclosureAmount(state, asOf, currency).total : 0),
  };
}

function periods(state: InstallmentState[], principal: number, asOf: string, currency: Currency, settled: Map<number, PeriodSettlement>): LoanPeriod[] {
  const f = (n: number) => formatMoney(n, currency.decimalPlaces);
  let balance = principal;
  return state.map((i) => {
    const s = settled.get(i.installmentNumber);
    balance -= i.principal.due;
    const due = i.principal.due + i.interest.due + i.fee.due + i.penalty.due;
    const paid = i.principal.paid + i.interest.paid + i.fee.paid + i.penalty.paid;
    const outstanding = outstandingOf(i.principal) + outstandingOf(i.interest) + outstandingOf(i.fee) + outstandingOf(i.penalty);
    return {
      period: i.installmentNumber,
      fromDate: i.fromDate,
      dueDate: i.dueDate,
      principalDue: f(i.principal.due),
      principalPaid: f(i.principal.paid),
      principalOutstanding: f(outstandingOf(i.principal)),
      interestDue: f(i.interest.due),
      interestPaid: f(i.interest.paid),
      interestWaived: f(i.interest.waived),
      interestOutstanding: f(outstandingOf(i.interest)),
      feeChargesDue: f(i.fee.due),
      feeChargesPaid: f(i.fee.paid),
      feeChargesWaived: f(i.fee.waived),
      feeChargesOutstanding: f(outstandingOf(i.fee)),
      penaltyChargesDue: f(i.penalty.due),
      penaltyChargesPaid: f(i.penalty.paid),
      penaltyChargesWaived: f(i.penalty.waived),
      penaltyChargesOutstanding: f(outstandingOf(i.penalty)),
      totalDueForPeriod: f(due),
      totalPaidForPeriod: f(paid),
      totalWaivedForPeriod: f(i.interest.waived + i.fee.waived + i.penalty.waived),
      totalWrittenOffForPeriod: f(i.principal.writtenOff + i.interest.writtenOff + i.fee.writtenOff + i.penalty.writtenOff),
      totalPaidInAdvanceForPeriod: f(s?.paidInAdvance ?? 0),
      totalPaidLateForPeriod: f(s?.paidLate ?? 0),
      totalOutstandingForPeriod: f(outstanding),
      principalLoanBalanceOutstanding: f(balance),
      obligationsMetOnDate: s?.obligationsMetOnDate ?? null,
      complete: outstanding === 0,
      overdue: outstanding > 0 && i.dueDate < asOf,
    };
  });
}

export function getLoanView(db: Db, loanId: number, asOf: string): LoanView {
  const loan = getLoanRow(db, loanId);
  const currency = getOrganisation(db).currency;
  const f = (n: number) => formatMoney(n, currency.decimalPlaces);
  const terms = termsOf(loan);
  const client = clientOf(db, loan.client_id);
  const product = productNamesOf(db, loan.product_id);
  const officer = loan.loan_officer_id ? staffNameOf(db, loan.loan_officer_id) : undefined;
  const userName = (id: number | null) => (id ? userDisplayName(db, id) : null);
  const state = readInstallments(db, loan.id);
  const paymentTypes = paymentTypeCodes(db);
  const receipts = receiptNumbersOf(db, loan.id);
  const rows = readTransactions(db, loan.id);
  const balances = outstandingBalances(rows);
  const live = rows.filter((t) => !t.reversed && REPLAYED_TYPES.has(t.type));
  const transactions: LoanTransactionView[] = rows.map((t) => ({
    id: t.id,
    type: t.type as LoanTransactionView['type'],
    date: t.transaction_date,
    amount: f(t.amount),
    principalPortion: f(t.principal_portion),
    interestPortion: f(t.interest_portion),
    feeChargesPortion: f(t.fee_portion),
    penaltyChargesPortion: f(t.penalty_portion),
    overpaymentPortion: f(t.overpayment_portion),
    outstandingLoanBalance: nullableMoney(balances.get(t.id) ?? null, f),
    loanChargeId: parseChargeTarget(t.charge_target)?.loanChargeId ?? null,
    installmentNumber: parseChargeTarget(t.charge_target)?.installmentNumber ?? null,
    reversed: t.reversed === 1,
    replacesId: t.replaces_id,
    paymentType: t.payment_type_id ? (paymentTypes.get(t.payment_type_id) ?? null) : null,
    receiptNumber: t.receipt_number,
    issuedReceiptNumber: receipts.get(t.id) ?? null,
    note: t.note,
  }));
  return {
    id: loan.id,
    accountNo: loan.account_no,
    status: STATUS_NAME[loan.status]!,
    statusCode: loan.status,
    client: { id: client.id, accountNo: client.account_no, displayName: client.display_name },
    product: { id: product.id, name: product.name, shortName: product.short_name },
    loanOfficer: officer ? { id: officer.id, displayName: officer.name } : null,
    currency,
    principal: f(loan.principal),
    numberOfRepayments: terms.numberOfRepayments,
    interestRatePerPeriod: terms.interestRatePerPeriod,
    interestRateFrequencyType: terms.interestRateFrequencyType,
    interestType: terms.interestType,
    transactionProcessingStrategyCode: loan.strategy_code,
    purpose: loan.purpose,
    group: groupOf(db, loan.id),
    timeline: {
      submittedOn: loan.submitted_on,
      submittedBy: userName(loan.submitted_by) ?? '',
      approvedOn: loan.approved_on,
      approvedBy: userName(loan.approved_by),
      expectedDisbursementDate: loan.expected_disbursement_date,
      disbursedOn: loan.disbursed_on,
      closedOn: loan.closed_on,
      writtenOffOn: loan.written_off_on,
    },
    summary: loanSummary(db, loan, asOf, state),
    periods: periods(state, loan.principal, asOf, currency, periodSettlements(state, live)),
    // an application, approved or not, has no installments yet: the schedule its kept terms give in this branch
    // today (issue 19 point 4), shown as proposed
    proposed: loan.status === 100 || loan.status === 200 ? proposedSchedule(db, terms) : null,
    transactions,
    charges: loanChargeViews(db, loan, terms, state, f),
  };
}

/** The schedule of an application's terms; null when they no longer give one here (disbursal will then refuse and say why). */
function proposedSchedule(db: Db, terms: ReturnType<typeof termsOf>): LoanView['proposed'] {
  try {
    return previewSchedule(db, terms);
  } catch {
    return null;
  }
}

function groupOf(db: Db, loanId: number): LoanView['group'] {
  const g = loanGroupOf(db, loanId);
  return g ? { groupId: g.group_id, groupName: g.group_name, calendarId: g.calendar_id, syncDisbursementWithMeeting: g.sync_disbursement_with_meeting === 1 } : null;
}

/**
 * A page of loans, newest first (keyset: `afterId` is the last id of the previous page). No installment is read:
 * the outstanding is the loan's kept total, and overdue, days in arrears and the next due follow from its kept
 * unpaid installments and the date (positionFromUnpaid: the figures loanPosition gives of the full state).
 */
export function listLoans(db: Db, q: ParsedInput<'loans.list'>, asOf: string): LoanListItem[] {
  const currency = getOrganisation(db).currency;
  const f = (n: number) => formatMoney(n, currency.decimalPlaces);
  return listLoanRows(db, q).map((r) => {
    const pos = positionFromUnpaid(unpaidOf(r.unpaid_json), asOf);
    return {
      id: r.id,
      accountNo: r.account_no,
      status: STATUS_NAME[r.status]!,
      clientId: r.client_id,
      clientName: r.client_name,
      clientAccountNo: r.client_account_no,
      productName: r.product_name,
      principal: f(r.principal),
      totalOutstanding: f(r.total_outstanding),
      totalOverdue: f(pos.overdue.total),
      daysInArrears: STATUS_NAME[r.status] === 'ACTIVE' ? pos.daysInArrears : 0,
      nextDueDate: pos.nextDueDate,
      nextDueAmount: f(pos.nextDueAmount),
      loanOfficerName: r.officer_name,
      submittedOn: r.submitted_on,
      submittedByUserId: r.submitted_by,
      approvedOn: r.approved_on,
      expectedDisbursementDate: r.expected_disbursement_date,
    };
  });
}
