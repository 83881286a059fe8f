import { z } from 'zod';
import { id, isoDate } from '../../../../shared/contract/fields';
import { addDays, daysBetween } from '../../domain/calendar/isoDate';
import { defineReport, type ReportDef } from './catalogue';
import { dormancyAsOf, savingsBalancesAsOf } from './flowsRepository';
import { asOfOf, officerOf } from './period';

/** The savings reports (FINERACT-NOTES.md 1.15): balances as of a date, accounts becoming dormant. */

const savingsBalances = defineReport({
  name: 'savingsBalances',
  category: 'savings',
  access: 'reports.portfolio',
  scopedToOfficer: true,
  printable: true,
  parameters: [
    { name: 'asOf', type: 'date', required: false, default: 'businessDate' },
    { name: 'productId', type: 'savingsProduct', required: false },
    { name: 'loanOfficerId', type: 'staff', required: false },
  ],
  schema: z.strictObject({ asOf: isoDate.optional(), productId: id.optional(), loanOfficerId: id.optional() }),
  run(ctx, p) {
    const asOf = asOfOf(ctx, p);
    const staff = officerOf(ctx, p.loanOfficerId);
    const product = p.productId ?? null;
    // Fineract's Client Savings Summary reads the running balance of the last transaction on or before the date;
    // here the live transactions dated on or before it are added up (the same figure, without a kept running
    // balance), every account activated by then (Fineract's lists only those with a transaction in its period)
    const rows = savingsBalancesAsOf(ctx.db, asOf, staff, product).map((r) => ({
      savingsId: r.savings_id,
      accountNo: r.account_no,
      clientAccountNo: r.client_account_no,
      clientName: r.client_name,
      productName: r.product_name,
      currencyCode: r.currency_code,
      loanOfficer: r.officer_name,
      activatedOn: r.activated_on,
      closedOn: r.closed_on !== null && r.closed_on <= asOf ? r.closed_on : null,
      deposits: ctx.money(r.deposits),
      withdrawals: ctx.money(r.withdrawals),
      interest: ctx.money(r.interest),
      charges: ctx.money(r.charges),
      balance: ctx.money(r.balance),
      lastTransactionOn: r.last_transaction_on,
    }));
    return {
      parameters: { asOf, productId: product, loanOfficerId: staff },
      columns: [
        { key: 'accountNo', type: 'text' },
        { key: 'clientAccountNo', type: 'text' },
        { key: 'clientName', type: 'text' },
        { key: 'productName', type: 'text' },
        { key: 'currencyCode', type: 'text' },
        { key: 'loanOfficer', type: 'text' },
        { key: 'activatedOn', type: 'date' },
        { key: 'closedOn', type: 'date' },
        ...(['deposits', 'withdrawals', 'interest', 'charges', 'balance'] as const).map((key) => ({ key, type: 'money' as const, total: true })),
        { key: 'lastTransactionOn', type: 'date' },
      ],
      rows,
    };
  },
});

interface Tracking {
  daysToInactive: number;
  daysToDormancy: number;
  daysToEscheat: number;
}

const dormantAccounts = defineReport({
  name: 'dormantAccounts',
  category: 'savings',
  access: 'reports.portfolio',
  scopedToOfficer: true,
  printable: true,
  parameters: [
    { name: 'asOf', type: 'date', required: false, default: 'businessDate' },
    { name: 'days', type: 'count', required: false, default: 30 },
    { name: 'productId', type: 'savingsProduct', required: false },
    { name: 'loanOfficerId', type: 'staff', required: false },
  ],
  schema: z.strictObject({ asOf: isoDate.optional(), days: z.number().int().min(1).max(3650).optional(), productId: id.optional(), loanOfficerId: id.optional() }),
  run(ctx, p) {
    const asOf = asOfOf(ctx, p);
    const days = p.days ?? 30;
    const staff = officerOf(ctx, p.loanOfficerId);
    const product = p.productId ?? null;
    const horizon = addDays(asOf, days);
    // Fineract's Savings Accounts Dormancy Report (165) lists the accounts of one sub-status with their last
    // activity (deposit or withdrawal not reversed, else activation). Here: the accounts of products tracking
    // dormancy that are inactive or dormant on asOf, or whose idle days reach daysToDormancy within `days` days
    // (day-end's dormancy step: INACTIVE at daysToInactive, DORMANT at daysToDormancy, escheat at daysToEscheat,
    // counted from the last activity), with the day each step falls
    const rows = dormancyAsOf(ctx.db, asOf, staff, product).flatMap((r) => {
      const t = JSON.parse(r.terms_json) as Partial<Tracking>;
      if (!t.daysToInactive || !t.daysToDormancy || !t.daysToEscheat) return [];
      if (r.sub_status !== 'NONE' && r.sub_status !== 'INACTIVE' && r.sub_status !== 'DORMANT') return [];
      const dormantOn = addDays(r.last_active, t.daysToDormancy);
      if (r.sub_status === 'NONE' && dormantOn > horizon) return [];
      return [
        {
          savingsId: r.savings_id,
          accountNo: r.account_no,
          clientAccountNo: r.client_account_no,
          clientName: r.client_name,
          productName: r.product_name,
          loanOfficer: r.officer_name,
          subStatus: r.sub_status,
          subStatusSince: r.sub_status_since,
          lastActiveOn: r.last_active,
          daysIdle: daysBetween(r.last_active, asOf),
          inactiveOn: addDays(r.last_active, t.daysToInactive),
          dormantOn,
          escheatOn: addDays(r.last_active, t.daysToEscheat),
          daysToDormancy: Math.max(0, daysBetween(asOf, dormantOn)),
          balance: ctx.money(r.balance),
        },
      ];
    });
    rows.sort((a, b) => (a.dormantOn < b.dormantOn ? -1 : a.dormantOn > b.dormantOn ? 1 : a.accountNo < b.accountNo ? -1 : 1));
    return {
      parameters: { asOf, days, productId: product, loanOfficerId: staff },
      columns: [
        { key: 'accountNo', type: 'text' },
        { key: 'clientAccountNo', type: 'text' },
        { key: 'clientName', type: 'text' },
        { key: 'productName', type: 'text' },
        { key: 'loanOfficer', type: 'text' },
        { key: 'subStatus', type: 'text' },
        { key: 'subStatusSince', type: 'date' },
        { key: 'lastActiveOn', type: 'date' },
        { key: 'daysIdle', type: 'days' },
        { key: 'inactiveOn', type: 'date' },
        { key: 'dormantOn', type: 'date' },
        { key: 'escheatOn', type: 'date' },
        { key: 'daysToDormancy', type: 'days' },
        { key: 'balance', type: 'money', total: true },
      ],
      rows,
    };
  },
});

export const savingsReports: ReportDef[] = [savingsBalances, dormantAccounts];
