import { z } from 'zod';
import { id, isoDate } from '../../../../shared/contract/fields';
import { AppError } from '../../../../shared/errors';
import type { ReportCategory, ReportName, ReportRow } from '../../../../shared/contract/reports';
import type { PermissionCode } from '../../../../shared/permissions';
import { parseMoney } from '../../../../shared/money';
import { addDays } from '../../domain/calendar/isoDate';
import { bookTextCell } from '../../../../shared/bookText';
import { accountNameText } from '../accounting/bookTexts';
import { accountBalances, accountStatement, isDebitNormal, trialBalance } from '../accounting/views';
import { glAccounts, lastClosingOnOrBefore, movementsPerAccount, tillsDay, vaultDay, type GlAccountRow } from './accountingRepository';
import { defineReport, type ReportBody, type ReportContext, type ReportDef } from './catalogue';
import { notAfterBusinessDate } from './dates';
import { asOfOf } from './period';

/** The accounting reports (FINERACT-NOTES.md 1.14) and the branch's cash. */

/** A report of one date (asOf, the business date unless given), not limited to a loan officer, printable. */
function asOfReport(name: ReportName, category: ReportCategory, access: PermissionCode, run: (ctx: ReportContext, asOf: string) => ReportBody): ReportDef {
  return defineReport({
    name,
    category,
    access,
    scopedToOfficer: false,
    printable: true,
    parameters: [{ name: 'asOf', type: 'date', required: false, default: 'businessDate' }],
    schema: z.strictObject({ asOf: isoDate.optional() }),
    run: (ctx, p) => run(ctx, asOfOf(ctx, p)),
  });
}

const trialBalanceReport = asOfReport('trialBalance', 'accounting', 'reports.accounting', (ctx, asOf) => {
  const tb = trialBalance(ctx.db, asOf);
  return {
    parameters: { asOf },
    columns: [
      { key: 'glCode', type: 'text' },
      { key: 'name', type: 'text' },
      { key: 'type', type: 'text' },
      { key: 'debit', type: 'money', total: true },
      { key: 'credit', type: 'money', total: true },
    ],
    rows: tb.rows.map((r) => ({ glCode: r.glCode, name: r.name, nameText: bookTextCell(r.nameText), type: r.type, debit: r.debit, credit: r.credit })),
    totals: { debit: tb.totalDebit, credit: tb.totalCredit },
  };
});

/**
 * Closures (accounting.closePeriod) lock the days up to a closing date and, as Fineract's acc_gl_closure, post no
 * closing entry: income and expenses stay on their accounts. So the reports honour them this way: the balance sheet
 * shows in equity the profit of the closed periods (income - expenses up to the last closing date on or before its
 * date) apart from the profit of the period still open (after it); the income statement and an account's detail
 * start, unless told otherwise, the day after the last closing date (the open period), from the first posting when
 * there is none; each names that closing date (parameters.closedUpTo).
 */
function openPeriodStart(ctx: ReportContext, toDate: string): { fromDate: string | null; closedUpTo: string | null } {
  const closedUpTo = lastClosingOnOrBefore(ctx.db, toDate);
  return { fromDate: closedUpTo === null ? null : addDays(closedUpTo, 1), closedUpTo };
}

/** An account's balance on its normal side (debits - credits for assets and expenses, the other way round else). */
function normal(a: GlAccountRow, m: { debits: number; credits: number } | undefined): number {
  if (!m) return 0;
  return isDebitNormal(a.type) ? m.debits - m.credits : m.credits - m.debits;
}

/** Income less expenses over the given movements (minor units). */
function profitOf(accounts: GlAccountRow[], moves: Map<number, { debits: number; credits: number }>): number {
  let profit = 0;
  for (const a of accounts) {
    if (a.type === 'INCOME') profit += normal(a, moves.get(a.id));
    if (a.type === 'EXPENSE') profit -= normal(a, moves.get(a.id));
  }
  return profit;
}

const SECTIONS = [
  ['ASSET', 'assets'],
  ['LIABILITY', 'liabilities'],
  ['EQUITY', 'equity'],
] as const;

const balanceSheet = asOfReport('balanceSheet', 'accounting', 'reports.accounting', (ctx, asOf) => {
  const accounts = glAccounts(ctx.db);
  const balances = accountBalances(ctx.db, asOf);
  const closedUpTo = lastClosingOnOrBefore(ctx.db, asOf);
  // Fineract's Balance Sheet Table (F-parts/0042) lists assets, liabilities and equity only, so it does not
  // balance unless closing entries were posted by hand; here the profit not moved to equity is shown in equity
  const total = profitOf(accounts, balances);
  const closedProfit = closedUpTo === null ? 0 : profitOf(accounts, accountBalances(ctx.db, closedUpTo));
  const rows: ReportRow[] = [];
  const totals = { assets: 0, liabilities: 0, equity: 0 };
  for (const [type, section] of SECTIONS) {
    for (const a of accounts) {
      if (a.type !== type || !balances.has(a.id)) continue;
      const balance = normal(a, balances.get(a.id));
      totals[section] += balance;
      rows.push({ section, line: 'account', glAccountId: a.id, glCode: a.code, name: a.name, nameText: bookTextCell(accountNameText(a.code, a.name)), balance: ctx.money(balance) });
    }
  }
  if (closedUpTo !== null) {
    totals.equity += closedProfit;
    rows.push({ section: 'equity', line: 'closedPeriodsProfit', glAccountId: null, glCode: null, name: `Profit of the periods closed up to ${closedUpTo}`, nameText: bookTextCell({ key: 'report.closedPeriodsProfit', params: { date: closedUpTo } }), balance: ctx.money(closedProfit) });
  }
  totals.equity += total - closedProfit;
  rows.push({
    section: 'equity',
    line: 'currentPeriodProfit',
    glAccountId: null,
    glCode: null,
    name: closedUpTo === null ? 'Profit of the period (income less expenses)' : `Profit of the period since ${closedUpTo}`,
    nameText: bookTextCell(closedUpTo === null ? { key: 'report.currentPeriodProfit', params: {} } : { key: 'report.currentPeriodProfitSince', params: { date: closedUpTo } }),
    balance: ctx.money(total - closedProfit),
  });
  return {
    parameters: { asOf, closedUpTo },
    columns: [
      { key: 'section', type: 'text' },
      { key: 'glCode', type: 'text' },
      { key: 'name', type: 'text' },
      { key: 'balance', type: 'money' },
    ],
    rows,
    // the contract: totals {"assets", "liabilities", "equity"} (assets = liabilities + equity)
    totals: { assets: ctx.money(totals.assets), liabilities: ctx.money(totals.liabilities), equity: ctx.money(totals.equity) },
  };
});

const incomeStatement = defineReport({
  name: 'incomeStatement',
  category: 'accounting',
  access: 'reports.accounting',
  scopedToOfficer: false,
  printable: true,
  parameters: [
    { name: 'fromDate', type: 'date', required: false },
    { name: 'toDate', type: 'date', required: false, default: 'businessDate' },
  ],
  schema: z.strictObject({ fromDate: isoDate.optional(), toDate: isoDate.optional() }),
  run(ctx, p) {
    const toDate = p.toDate ?? ctx.businessDate;
    notAfterBusinessDate(toDate, ctx.businessDate, 'toDate');
    const open = openPeriodStart(ctx, toDate);
    const fromDate = p.fromDate ?? open.fromDate;
    if (fromDate !== null && fromDate > toDate) throw periodError(fromDate, toDate);
    // Fineract's Income Statement Table (F-parts/0042): income (credits - debits) and expenses (debits - credits)
    // per account over entries dated in the period; the net profit, left to its template, is in the totals
    const accounts = glAccounts(ctx.db);
    const moves = new Map(movementsPerAccount(ctx.db, fromDate ?? '', toDate).map((m) => [m.id, m]));
    const rows: ReportRow[] = [];
    let income = 0;
    let expenses = 0;
    for (const [type, section] of [
      ['INCOME', 'income'],
      ['EXPENSE', 'expenses'],
    ] as const) {
      for (const a of accounts) {
        if (a.type !== type || !moves.has(a.id)) continue;
        const amount = normal(a, moves.get(a.id));
        if (type === 'INCOME') income += amount;
        else expenses += amount;
        rows.push({ section, glAccountId: a.id, glCode: a.code, name: a.name, nameText: bookTextCell(accountNameText(a.code, a.name)), amount: ctx.money(amount) });
      }
    }
    return {
      parameters: { fromDate, toDate, closedUpTo: open.closedUpTo },
      columns: [
        { key: 'section', type: 'text' },
        { key: 'glCode', type: 'text' },
        { key: 'name', type: 'text' },
        { key: 'amount', type: 'money' },
      ],
      rows,
      totals: { income: ctx.money(income), expenses: ctx.money(expenses), netProfit: ctx.money(income - expenses) },
    };
  },
});

function periodError(fromDate: string, toDate: string): AppError {
  return new AppError('VALIDATION_FAILED', `The period starts (${fromDate}) after it ends (${toDate})`, [{ field: 'fromDate', code: 'after_to_date', message: 'may not be after toDate' }]);
}

const glAccountDetail = defineReport({
  name: 'glAccountDetail',
  category: 'accounting',
  access: 'reports.accounting',
  scopedToOfficer: false,
  printable: true,
  parameters: [
    { name: 'glAccountId', type: 'glAccount', required: true },
    { name: 'fromDate', type: 'date', required: false },
    { name: 'toDate', type: 'date', required: false, default: 'businessDate' },
  ],
  schema: z.strictObject({ glAccountId: id, fromDate: isoDate.optional(), toDate: isoDate.optional() }),
  run(ctx, p) {
    const toDate = p.toDate ?? ctx.businessDate;
    notAfterBusinessDate(toDate, ctx.businessDate, 'toDate');
    const open = openPeriodStart(ctx, toDate);
    const fromDate = p.fromDate ?? open.fromDate;
    if (fromDate !== null && fromDate > toDate) throw periodError(fromDate, toDate);
    // accounting.accountStatement's figures (the standard ledger FINERACT-NOTES.md 1.14 recommends instead of
    // Fineract's GeneralLedgerReport, whose opening balance is off by a day or two): opening from the entries
    // before fromDate, each line with its running balance on the account's normal side, the closing balance
    const first = accountStatement(ctx.db, { glAccountId: p.glAccountId, fromDate: fromDate ?? undefined, toDate, limit: 5000 });
    const lines = [...first.lines];
    for (let cursor = first.nextCursor; cursor !== null; ) {
      const page = accountStatement(ctx.db, { glAccountId: p.glAccountId, fromDate: fromDate ?? undefined, toDate, limit: 5000, cursor });
      lines.push(...page.lines);
      cursor = page.nextCursor;
    }
    let debit = 0;
    let credit = 0;
    const rows = lines.map((l) => {
      debit += parseMoney(l.debit, ctx.decimals);
      credit += parseMoney(l.credit, ctx.decimals);
      return { date: l.date, entryId: l.entryId, description: l.description, descriptionText: bookTextCell(l.text), debit: l.debit, credit: l.credit, balance: l.balance };
    });
    return {
      parameters: { glAccountId: p.glAccountId, fromDate, toDate, closedUpTo: open.closedUpTo, glCode: first.account.code, name: first.account.name },
      columns: [
        { key: 'date', type: 'date' },
        { key: 'entryId', type: 'count' },
        { key: 'description', type: 'text' },
        { key: 'debit', type: 'money', total: true },
        { key: 'credit', type: 'money', total: true },
        { key: 'balance', type: 'money' },
      ],
      rows,
      totals: { openingBalance: first.openingBalance, debit: ctx.money(debit), credit: ctx.money(credit), closingBalance: first.closingBalance },
    };
  },
});

const tellerCashSummary = asOfReport('tellerCashSummary', 'cash', 'reports.cash', (ctx, asOf) => {
  // every till and the vault on one business date: opening (held at the end of the day before), cash in and
  // out (the till's movements of the day; a closing count's over/short apart), expected (opening + in - out),
  // counted and difference (its sessions of the day closed), closing (held after the day: counted, once closed)
  const rows: ReportRow[] = tillsDay(ctx.db, asOf).map((t) => ({
    till: t.code,
    teller: t.display_name,
    username: t.username,
    opening: ctx.money(t.opening),
    cashIn: ctx.money(t.cash_in),
    cashOut: ctx.money(t.cash_out),
    expected: ctx.money(t.opening + t.cash_in - t.cash_out),
    counted: t.counted === null ? null : ctx.money(t.counted),
    difference: t.difference === null ? null : ctx.money(t.difference),
    closing: ctx.money(t.closing),
    movements: t.movements,
  }));
  const vault = vaultDay(ctx.db, asOf);
  if (vault) {
    const closing = vault.opening + vault.debits - vault.credits;
    rows.push({
      till: vault.code,
      teller: null,
      username: null,
      opening: ctx.money(vault.opening),
      cashIn: ctx.money(vault.debits),
      cashOut: ctx.money(vault.credits),
      expected: ctx.money(closing),
      counted: null,
      difference: null,
      closing: ctx.money(closing),
      movements: null,
    });
  }
  // the totals: the branch's cash (every till and the vault); counted and difference only where a till was counted
  const sum = (key: string) => rows.reduce((n, r) => n + (r[key] === null ? 0 : parseMoney(String(r[key]), ctx.decimals)), 0);
  const counted = rows.some((r) => r.counted !== null);
  const totals: Record<string, string | number | null> = {};
  for (const key of ['opening', 'cashIn', 'cashOut', 'expected', 'counted', 'difference', 'closing']) totals[key] = counted || (key !== 'counted' && key !== 'difference') ? ctx.money(sum(key)) : null;
  totals.movements = rows.reduce((n, r) => n + Number(r.movements ?? 0), 0);
  return {
    parameters: { asOf },
    totals,
    columns: [
      { key: 'till', type: 'text' },
      { key: 'teller', type: 'text' },
      ...(['opening', 'cashIn', 'cashOut', 'expected', 'counted', 'difference', 'closing'] as const).map((key) => ({ key, type: 'money' as const, total: true })),
      { key: 'movements', type: 'count', total: true },
    ],
    rows,
  };
});

export const accountingReports: ReportDef[] = [trialBalanceReport, balanceSheet, incomeStatement, glAccountDetail, tellerCashSummary];
