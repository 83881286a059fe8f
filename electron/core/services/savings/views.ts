import type { Output, ParsedInput, SavingsView } from '../../../../shared/contract';
import { formatMoney } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import { addDays } from '../../domain/calendar';
import { lowestAllowedBalance, signedAmount } from '../../domain/savings';
import { getOrganisation } from '../organisation';
import { chargeNamesOfTransactions, transferLegsOf } from './repository';
import { chargeViews } from './chargeViews';
import { interestOf } from './interest';
import { accountTerms } from './products';
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
} from './repository';

/**
 * Read models of savings: an account with its statement (running balance, reversed rows kept and marked), its
 * totals, what it can give now (down to the domain's lowest allowed balance) and the interest earned but not yet
 * posted; and the list of accounts with their balances.
 */
export function savingsView(db: Db, id: number, asOf: string): SavingsView {
  const a = getAccount(db, id);
  const currency = getOrganisation(db).currency;
  const f = (n: number) => formatMoney(n, currency.decimalPlaces);
  const client = clientOf(db, a.client_id);
  const product = productNamesOf(db, a.product_id);
  const rows = readTransactions(db, a.id);
  const paymentTypes = paymentTypeCodes(db);
  const receipts = receiptNumbersOf(db, a.id);
  const chargeOf = chargeNamesOfTransactions(db, a.id);
  const transferOf = transferLegsOf(db, a.id);
  let running = 0;
  const sums = { deposits: 0, withdrawals: 0, interest: 0, fees: 0 };
  const txns = rows.map((t) => {
    if (!t.reversed) {
      running += signedAmount(t);
      if (t.type === 'DEPOSIT') sums.deposits += t.amount;
      if (t.type === 'WITHDRAWAL') sums.withdrawals += t.amount;
      if (t.type === 'INTEREST_POSTING') sums.interest += t.amount;
      if (t.type === 'FEE' || t.type === 'WITHDRAWAL_FEE' || t.type === 'OVERDRAFT_INTEREST') sums.fees += t.amount;
    }
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
    };
  });
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
    client: { id: client.id, accountNo: client.account_no, displayName: client.display_name },
    product: { id: product.id, name: product.name, shortName: product.short_name },
    currency,
    timeline: { submittedOn: a.submitted_on, approvedOn: a.approved_on, activatedOn: a.activated_on, closedOn: a.closed_on, lockedInUntil: a.locked_in_until },
    summary: {
      accountBalance: f(running),
      availableBalance: f(Math.max(0, running - lowestAllowedBalance(terms))),
      totalDeposits: f(sums.deposits),
      totalWithdrawals: f(sums.withdrawals),
      totalInterestPosted: f(sums.interest),
      totalFees: f(sums.fees),
      interestNotPosted: f(notPosted),
      lastInterestPostingDate: lastPosting,
    },
    nominalAnnualInterestRate: productInput.nominalAnnualInterestRate,
    charges: chargeViews(db, a.id, currency.decimalPlaces),
    transactions: txns,
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
  }));
}
