import { LOAN_STATUSES, type LoanListItem, type LoanPeriod, type LoanSummaryAmounts, type LoanTransactionView, type LoanView, type ParsedInput } from '../../../../shared/contract';
import { formatMoney, type Currency } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import { foreclosureAmount, loanPosition, outstandingOf, prepaymentAmount, type InstallmentState } from '../../domain/loans';
import { getOrganisation } from '../organisation';
import { getLoanRow, readInstallments, readInstallmentsOf, readTransactions, STATUS_NAME, termsOf, type LoanRow } from './repository';

/** Read models of loans: the detail (summary, schedule with what is paid, due and overdue, transactions) and lists. */
export function loanSummary(db: Db, loan: LoanRow, asOf: string, state: InstallmentState[] = readInstallments(db, loan.id)): LoanSummaryAmounts {
  const currency = getOrganisation(db).currency;
  const f = (n: number) => formatMoney(n, currency.decimalPlaces);
  const sum = (pick: (i: InstallmentState) => number) => state.reduce((s, i) => s + pick(i), 0);
  const totals = sql<[number], { overpaid: number; recovered: number; fees: number; disbursed: number }>(
    db,
    `SELECT coalesce(sum(t.overpayment_portion), 0) AS overpaid,
       coalesce(sum(CASE WHEN t.type = 'RECOVERY_REPAYMENT' THEN t.amount END), 0) AS recovered,
       coalesce(sum(CASE WHEN t.type = 'REPAYMENT_AT_DISBURSEMENT' THEN t.amount END), 0) AS fees,
       coalesce(sum(CASE WHEN t.type = 'DISBURSEMENT' THEN t.amount END), 0) AS disbursed
     FROM loan_transactions t
     WHERE t.loan_id = ? AND t.type <> 'REVERSAL' AND NOT EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id)`,
  ).get(loan.id)!;
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

function periods(state: InstallmentState[], principal: number, asOf: string, currency: Currency): LoanPeriod[] {
  const f = (n: number) => formatMoney(n, currency.decimalPlaces);
  let balance = principal;
  return state.map((i) => {
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
      feeChargesOutstanding: f(outstandingOf(i.fee)),
      penaltyChargesDue: f(i.penalty.due),
      penaltyChargesOutstanding: f(outstandingOf(i.penalty)),
      totalDueForPeriod: f(due),
      totalPaidForPeriod: f(paid),
      totalOutstandingForPeriod: f(outstanding),
      principalLoanBalanceOutstanding: f(balance),
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
  const client = sql<[number], { id: number; account_no: string; display_name: string }>(db, 'SELECT id, account_no, display_name FROM clients WHERE id = ?').get(loan.client_id)!;
  const product = sql<[number], { id: number; name: string; short_name: string }>(db, 'SELECT id, name, short_name FROM loan_products WHERE id = ?').get(loan.product_id)!;
  const officer = loan.loan_officer_id
    ? sql<[number], { id: number; name: string }>(db, "SELECT id, firstname || ' ' || lastname AS name FROM staff WHERE id = ?").get(loan.loan_officer_id)
    : undefined;
  const userName = (id: number | null) => (id ? (sql<[number], { display_name: string }>(db, 'SELECT display_name FROM users WHERE id = ?').get(id)?.display_name ?? null) : null);
  const state = readInstallments(db, loan.id);
  const paymentTypes = new Map(sql<[], { id: number; code: string }>(db, 'SELECT id, code FROM payment_types').all().map((p) => [p.id, p.code]));
  const receipts = new Map(
    sql<[number], { source_id: number; number: string }>(
      db,
      "SELECT r.source_id, r.number FROM receipts r JOIN loan_transactions t ON t.id = r.source_id WHERE r.source_type = 'loan_transaction' AND t.loan_id = ?",
    )
      .all(loan.id)
      .map((r) => [r.source_id, r.number]),
  );
  const transactions: LoanTransactionView[] = readTransactions(db, loan.id).map((t) => ({
    id: t.id,
    type: t.type as LoanTransactionView['type'],
    date: t.transaction_date,
    amount: f(t.amount),
    principalPortion: f(t.principal_portion),
    interestPortion: f(t.interest_portion),
    feeChargesPortion: f(t.fee_portion),
    penaltyChargesPortion: f(t.penalty_portion),
    overpaymentPortion: f(t.overpayment_portion),
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
    periods: periods(state, loan.principal, asOf, currency),
    transactions,
    charges: terms.charges.map((c) => ({ name: c.name ?? '', chargeTimeType: c.chargeTimeType, chargeCalculationType: c.chargeCalculationType, amount: c.amount })),
  };
}

export function listLoans(db: Db, q: ParsedInput<'loans.list'>, asOf: string): LoanListItem[] {
  const currency = getOrganisation(db).currency;
  const f = (n: number) => formatMoney(n, currency.decimalPlaces);
  const like = q.query ? `%${q.query.toLowerCase().replace(/[%_]/g, ' ').trim()}%` : null;
  const rows = sql<(string | number | null)[], LoanRow & { client_name: string; client_account_no: string; product_name: string; officer_name: string | null }>(
    db,
    `SELECT l.*, c.display_name AS client_name, c.account_no AS client_account_no, p.name AS product_name,
       CASE WHEN s.id IS NULL THEN NULL ELSE s.firstname || ' ' || s.lastname END AS officer_name
     FROM loans l JOIN clients c ON c.id = l.client_id JOIN loan_products p ON p.id = l.product_id LEFT JOIN staff s ON s.id = l.loan_officer_id
     WHERE (? IS NULL OR l.client_id = ?) AND (? IS NULL OR l.loan_officer_id = ?) AND (? IS NULL OR l.status = ?)
       AND (? IS NULL OR lower(c.display_name) LIKE ? OR lower(l.account_no) LIKE ? OR lower(c.account_no) LIKE ?)
     ORDER BY l.id DESC LIMIT ?`,
  ).all(
    q.clientId ?? null, q.clientId ?? null,
    q.loanOfficerId ?? null, q.loanOfficerId ?? null,
    q.status ? LOAN_STATUSES[q.status] : null, q.status ? LOAN_STATUSES[q.status] : null,
    like, like, like, like,
    q.limit,
  );
  const installments = readInstallmentsOf(db, rows.map((r) => r.id));
  return rows.map((r) => {
    const state = installments.get(r.id)!;
    const pos = state.length > 0 ? loanPosition(state, asOf) : null;
    const next = state.find((i) => i.dueDate >= asOf && outstandingOf(i.principal) + outstandingOf(i.interest) + outstandingOf(i.fee) + outstandingOf(i.penalty) > 0);
    return {
      id: r.id,
      accountNo: r.account_no,
      status: STATUS_NAME[r.status]!,
      clientId: r.client_id,
      clientName: r.client_name,
      clientAccountNo: r.client_account_no,
      productName: r.product_name,
      principal: f(r.principal),
      totalOutstanding: f(pos ? pos.outstanding.total : 0),
      totalOverdue: f(pos ? pos.overdue.total : 0),
      daysInArrears: pos && STATUS_NAME[r.status] === 'ACTIVE' ? pos.daysInArrears : 0,
      nextDueDate: next?.dueDate ?? null,
      nextDueAmount: f(next ? outstandingOf(next.principal) + outstandingOf(next.interest) + outstandingOf(next.fee) + outstandingOf(next.penalty) : 0),
      loanOfficerName: r.officer_name,
      submittedOn: r.submitted_on,
      submittedByUserId: r.submitted_by,
      expectedDisbursementDate: r.expected_disbursement_date,
    };
  });
}
