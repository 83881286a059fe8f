import type { Output, ParsedInput, SavingsTransactionView, SavingsView } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { formatMoney } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import { addDays } from '../../domain/calendar';
import { lowestAllowedBalance, signedAmount } from '../../domain/savings';
import { findLocalOffice, getOrganisation } from '../organisation';
import { accountCharges, chargeNamesOfTransactions, transferLegsOf, undoNotesOf } from './repository';
import { chargeViews } from './chargeViews';
import { subStatusView } from './dormancy';
import { interestOf } from './interest';
import { accountTerms, openingBalanceOf } from './products';
import {
  clientOf,
  getAccount,
  listAccountRows,
  paymentTypeCodes,
  productInputOf,
  productNamesOf,
  readTransactions,
  receiptNumbersOf,
  statusOf,
  STATUS_NAME,
  type AccountRow,
  type TxnRow,
} from './repository';

/**
 * Read models of savings: an account with its statement (running balance, reversed rows kept and marked), its
 * totals, what it can give now (down to the domain's lowest allowed balance) and the interest earned but not yet
 * posted; and the list of accounts with their balances.
 */
/**
 * The lines of a statement: each transaction of `rows` (in date order) with the running balance from `opening`;
 * a reversed row is listed, marked, and moves nothing (as Fineract's statement). One home for savings.get's
 * statement and savings.statement's period.
 */
export function statementLines(db: Db, a: AccountRow, rows: TxnRow[], opening: number): { lines: SavingsTransactionView[]; closing: number } {
  const f = (n: number) => formatMoney(n, getOrganisation(db).currency.decimalPlaces);
  const paymentTypes = paymentTypeCodes(db);
  const receipts = receiptNumbersOf(db, a.id);
  const chargeOf = chargeNamesOfTransactions(db, a.id);
  const transferOf = transferLegsOf(db, a.id);
  const undoNotes = undoNotesOf(db, a.id);
  let running = opening;
  const lines = rows.map((t) => {
    if (!t.reversed) running += signedAmount(t);
    return {
      id: t.id,
      type: t.type as SavingsView['transactions'][number]['type'],
      date: t.transaction_date,
      amount: f(t.amount),
      runningBalance: f(running),
      reversed: t.reversed === 1,
      paymentType: t.payment_type_id ? (paymentTypes.get(t.payment_type_id) ?? null) : null,
      receiptNumber: t.receipt_number,
      issuedReceiptNumber: receipts.get(t.id) ?? null,
      note: t.note,
      charge: chargeOf.has(t.id) ? { id: chargeOf.get(t.id)!.accountChargeId, name: chargeOf.get(t.id)!.name } : null,
      transfer: transferOf.get(t.id) ?? null,
      undoNote: t.reversed ? (undoNotes.get(t.id) ?? null) : null,
    };
  });
  return { lines, closing: running };
}

export function savingsView(db: Db, id: number, asOf: string): SavingsView {
  const a = getAccount(db, id);
  const currency = getOrganisation(db).currency;
  const f = (n: number) => formatMoney(n, currency.decimalPlaces);
  const client = clientOf(db, a.client_id);
  const product = productNamesOf(db, a.product_id);
  const rows = readTransactions(db, a.id);
  // the totals apart, as Fineract's summary has them (totalFeeCharge, totalPenaltyCharge, totalWithdrawalFees,
  // totalAnnualFees, totalOverdraftInterestDerived): overdraft interest is interest, not a fee
  const sums = { deposits: 0, withdrawals: 0, interest: 0, fees: 0, penalties: 0, withdrawalFees: 0, annualFees: 0, overdraftInterest: 0 };
  const chargeOf = chargeNamesOfTransactions(db, a.id);
  const charges = new Map(accountCharges(db, a.id).map((c) => [c.id, c]));
  for (const t of rows) {
    if (t.reversed) continue;
    if (t.type === 'DEPOSIT') sums.deposits += t.amount;
    if (t.type === 'WITHDRAWAL') sums.withdrawals += t.amount;
    if (t.type === 'INTEREST_POSTING') sums.interest += t.amount;
    if (t.type === 'OVERDRAFT_INTEREST') sums.overdraftInterest += t.amount;
    if (t.type === 'FEE' || t.type === 'WITHDRAWAL_FEE') {
      const charge = charges.get(chargeOf.get(t.id)?.accountChargeId ?? 0);
      if (charge?.penalty === 1) sums.penalties += t.amount;
      else sums.fees += t.amount;
      if (t.type === 'WITHDRAWAL_FEE') sums.withdrawalFees += t.amount;
      if (charge?.time_type === 'ANNUAL_FEE') sums.annualFees += t.amount;
    }
  }
  const { lines: txns, closing: running } = statementLines(db, a, rows, 0);
  const productInput = productInputOf(a);
  const terms = accountTerms(db, a);
  let notPosted = 0;
  if (a.activated_on && asOf > a.activated_on) {
    // from the checkpoint of the last posting run when the account has one
    notPosted = interestOf(db, a, terms, addDays(asOf, -1), rows).computed.current?.interest ?? 0;
  }
  const lastPosting = rows.filter((t) => !t.reversed && t.type === 'INTEREST_POSTING').map((t) => t.transaction_date).sort().at(-1) ?? null;
  return {
    id: a.id,
    accountNo: a.account_no,
    status: statusOf(a),
    subStatus: subStatusView(db, a, asOf),
    client: { id: client.id, accountNo: client.account_no, displayName: client.display_name },
    product: { id: product.id, name: product.name, shortName: product.short_name },
    currency,
    timeline: { submittedOn: a.submitted_on, approvedOn: a.approved_on, activatedOn: a.activated_on, closedOn: a.closed_on, lockedInUntil: a.locked_in_until },
    summary: {
      accountBalance: f(running),
      // Fineract's available balance: the balance less the minimum it must keep; below zero while an overdraft is used
      availableBalance: f(running - (terms.enforceMinRequiredBalance ? (terms.minRequiredBalance ?? 0) : 0)),
      withdrawableBalance: f(Math.max(0, running - lowestAllowedBalance(terms))),
      totalDeposits: f(sums.deposits),
      totalWithdrawals: f(sums.withdrawals),
      totalInterestPosted: f(sums.interest),
      totalFees: f(sums.fees),
      totalPenalties: f(sums.penalties),
      totalWithdrawalFees: f(sums.withdrawalFees),
      totalAnnualFees: f(sums.annualFees),
      totalOverdraftInterest: f(sums.overdraftInterest),
      interestNotPosted: f(notPosted),
      lastInterestPostingDate: lastPosting,
    },
    nominalAnnualInterestRate: productInput.nominalAnnualInterestRate,
    minRequiredOpeningBalance: f(openingBalanceOf(productInput, currency.decimalPlaces)),
    charges: chargeViews(db, a.id, currency.decimalPlaces),
    transactions: txns,
  };
}

/**
 * savings.statement: the account's transactions dated from `fromDate` to `toDate` (the submission date and the
 * business date when left out), with the balance at the end of the day before `fromDate` (every transaction before
 * it that is not reversed), the running balance from it, the period's credits and debits, and the closing balance.
 */
export function savingsStatement(db: Db, input: ParsedInput<'savings.statement'>, businessDate: string): Output<'savings.statement'> {
  const a = getAccount(db, input.savingsId);
  const fromDate = input.fromDate ?? a.submitted_on;
  const toDate = input.toDate ?? businessDate;
  if (toDate < fromDate) {
    throw new AppError('VALIDATION_FAILED', 'toDate is before fromDate', [{ field: 'toDate', code: 'before_from', message: 'is before the first day of the period' }]);
  }
  const dp = getOrganisation(db).currency.decimalPlaces;
  const rows = readTransactions(db, a.id);
  const before = rows.filter((t) => t.transaction_date < fromDate);
  const during = rows.filter((t) => t.transaction_date >= fromDate && t.transaction_date <= toDate);
  const opening = before.reduce((sum, t) => sum + (t.reversed ? 0 : signedAmount(t)), 0);
  const { lines, closing } = statementLines(db, a, during, opening);
  let credits = 0;
  let debits = 0;
  for (const t of during) {
    if (t.reversed) continue;
    const signed = signedAmount(t);
    if (signed > 0) credits += signed;
    else debits -= signed;
  }
  const client = clientOf(db, a.client_id);
  const product = productNamesOf(db, a.product_id);
  const office = findLocalOffice(db)!;
  return {
    account: {
      id: a.id,
      accountNo: a.account_no,
      status: statusOf(a),
      client: { id: client.id, accountNo: client.account_no, displayName: client.display_name },
      product: { id: product.id, name: product.name, shortName: product.short_name },
      currency: getOrganisation(db).currency,
      nominalAnnualInterestRate: productInputOf(a).nominalAnnualInterestRate,
    },
    office: { code: office.code, name: office.name },
    fromDate,
    toDate,
    openingBalance: formatMoney(opening, dp),
    closingBalance: formatMoney(closing, dp),
    totalCredits: formatMoney(credits, dp),
    totalDebits: formatMoney(debits, dp),
    transactions: lines,
    printedOn: businessDate,
  };
}

/** savings.list: a page of accounts newest first (after `afterId`), with the balances kept on the accounts. */
export function listSavings(db: Db, input: ParsedInput<'savings.list'>): Output<'savings.list'> {
  const dp = getOrganisation(db).currency.decimalPlaces;
  return listAccountRows(db, input).map((r) => ({
    id: r.id,
    accountNo: r.account_no,
    status: STATUS_NAME[r.status]!,
    clientId: r.client_id,
    clientName: r.client_name,
    productName: r.product_name,
    accountBalance: formatMoney(r.balance, dp),
    submittedOn: r.submitted_on,
    approvedOn: r.approved_on,
    minRequiredOpeningBalance: formatMoney(openingBalanceOf({ minRequiredOpeningBalance: r.opening_balance ?? undefined }, dp), dp),
    subStatus: r.sub_status,
  }));
}
