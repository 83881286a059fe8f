import { z } from 'zod';
import { id, isoDate } from '../../../../shared/contract/fields';
import { defineReport, type ReportDef } from './catalogue';
import { activeClientsKept, pendingApproval, pendingDisbursal } from './repository';
import { notAfterBusinessDate } from './dates';
import { daysBetween } from '../../domain/calendar/isoDate';
import { loanListReport, portfolioParameters, portfolioReport, portfolioSchema, portfolioScope } from './figures';
import { arrearsRate, emptyMeasures, groupsFromKept, groupsOnDate, loanOfficerPortfolio, mergeInto, portfolioAtRisk, PAR_TYPES, type ParType } from './par';
import { agingDetail, agingSummary, loansInLastInstallment, loansPastMaturity } from './arrears';
import { obligationsMet, writtenOff } from './closed';

/** The loan portfolio's reports (FINERACT-NOTES.md 1.1-1.5, 1.10-1.12, 2). */

const awaitingApproval = defineReport({
  name: 'awaitingApproval',
  category: 'portfolio',
  access: 'reports.portfolio',
  scopedToOfficer: true,
  printable: true,
  parameters: [
    { name: 'asOf', type: 'date', required: false, default: 'businessDate' },
    { name: 'loanOfficerId', type: 'staff', required: false },
    { name: 'productId', type: 'loanProduct', required: false },
  ],
  schema: z.strictObject({ asOf: isoDate.optional(), loanOfficerId: id.optional(), productId: id.optional() }),
  run(ctx, p) {
    const asOf = p.asOf ?? ctx.businessDate;
    notAfterBusinessDate(asOf, ctx.businessDate, 'asOf');
    const staffId = ctx.staffScope ?? p.loanOfficerId ?? null;
    const rows = pendingApproval(ctx.db, asOf, staffId, p.productId ?? null).map((r) => ({
      loanId: r.loan_id,
      accountNo: r.account_no,
      clientAccountNo: r.client_account_no,
      clientName: r.client_name,
      productName: r.product_name,
      currencyCode: r.currency_code,
      principal: ctx.money(r.principal),
      submittedOn: r.submitted_on,
      daysPendingApproval: daysBetween(r.submitted_on, asOf),
      purpose: r.purpose,
      loanOfficer: r.officer_name,
    }));
    return {
      parameters: { asOf, loanOfficerId: staffId, productId: p.productId ?? null },
      columns: [
        { key: 'accountNo', type: 'text' },
        { key: 'clientAccountNo', type: 'text' },
        { key: 'clientName', type: 'text' },
        { key: 'productName', type: 'text' },
        { key: 'currencyCode', type: 'text' },
        { key: 'principal', type: 'money', total: true },
        { key: 'submittedOn', type: 'date' },
        { key: 'daysPendingApproval', type: 'days' },
        { key: 'purpose', type: 'text' },
        { key: 'loanOfficer', type: 'text' },
      ],
      rows,
    };
  },
});

const awaitingDisbursal = portfolioReport({
  name: 'awaitingDisbursal',
  parameters: [...portfolioParameters],
  schema: z.strictObject(portfolioSchema),
  run(ctx, p) {
    const { asOf, filter, applied } = portfolioScope(ctx, p);
    const rows = pendingDisbursal(ctx.db, asOf, filter).map((r) => ({
      loanId: r.loan_id,
      accountNo: r.account_no,
      clientAccountNo: r.client_account_no,
      clientName: r.client_name,
      productName: r.product_name,
      currencyCode: r.currency_code,
      principal: ctx.money(r.principal),
      approvedOn: r.approved_on,
      expectedDisbursementDate: r.expected_disbursement_date,
      // Fineract's "Days to Disbursal": negative once the expected date has passed
      daysToDisbursal: daysBetween(asOf, r.expected_disbursement_date),
      purpose: r.purpose,
      loanOfficer: r.officer_name,
    }));
    return {
      parameters: applied,
      columns: [
        { key: 'accountNo', type: 'text' },
        { key: 'clientAccountNo', type: 'text' },
        { key: 'clientName', type: 'text' },
        { key: 'productName', type: 'text' },
        { key: 'currencyCode', type: 'text' },
        { key: 'principal', type: 'money', total: true },
        { key: 'approvedOn', type: 'date' },
        { key: 'expectedDisbursementDate', type: 'date' },
        { key: 'daysToDisbursal', type: 'days' },
        { key: 'purpose', type: 'text' },
        { key: 'loanOfficer', type: 'text' },
      ],
      rows,
    };
  },
});

/** Fineract's Active Loans - Summary (report 11): per office (the client's) and currency, with the arrears rate of `parType`. */
const activeLoans = portfolioReport({
  name: 'activeLoans',
  parameters: [...portfolioParameters, { name: 'parType', type: 'choice', required: false, choices: PAR_TYPES.map(String), default: 1 }],
  schema: z.strictObject({ ...portfolioSchema, parType: z.coerce.number().pipe(z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])).optional() }),
  run(ctx, p) {
    const { asOf, filter, applied } = portfolioScope(ctx, p);
    const parType = (p.parType ?? 1) as ParType;
    const cells = (m: ReturnType<typeof emptyMeasures>, disbursed: number) => ({
      clients: m.distinctClients ?? m.clients.size,
      activeLoans: m.loans,
      loansInArrears: m.loansInArrears,
      principalDisbursed: ctx.money(disbursed),
      principalOutstanding: ctx.money(m.outstanding.principal),
      principalOverdue: ctx.money(m.overdue.principal),
      interestOutstanding: ctx.money(m.outstanding.interest),
      interestOverdue: ctx.money(m.overdue.interest),
      feesOutstanding: ctx.money(m.outstanding.fee),
      feesOverdue: ctx.money(m.overdue.fee),
      penaltiesOutstanding: ctx.money(m.outstanding.penalty),
      penaltiesOverdue: ctx.money(m.overdue.penalty),
      parType,
      arrearsRate: arrearsRate(m, parType),
    });
    // on the business date from what the loans keep, added up per office in SQL (loan_figures); on another date as
    // the books now say for it, what they keep plus what the transactions after it settled (par.ts); the same
    // figures as every loan's (tests)
    const onDate = asOf === ctx.businessDate ? null : groupsOnDate(ctx, 'branch', asOf, filter);
    const groups = onDate ? onDate.groups : groupsFromKept(ctx, 'branch', asOf, filter);
    const all = emptyMeasures();
    let disbursed = 0;
    for (const g of groups) {
      mergeInto(all, g.m);
      disbursed += g.disbursed;
    }
    all.distinctClients = onDate ? onDate.clients : activeClientsKept(ctx.db, filter);
    const rows = groups.map((g) => ({ officeName: g.name, currencyCode: g.currencyCode, ...cells(g.m, g.disbursed) }));
    const { parType: _p, ...totals } = cells(all, disbursed);
    return {
      parameters: { ...applied, parType },
      columns: [
        { key: 'officeName', type: 'text' },
        { key: 'currencyCode', type: 'text' },
        { key: 'clients', type: 'count' },
        { key: 'activeLoans', type: 'count' },
        { key: 'loansInArrears', type: 'count' },
        { key: 'principalDisbursed', type: 'money' },
        { key: 'principalOutstanding', type: 'money' },
        { key: 'principalOverdue', type: 'money' },
        { key: 'interestOutstanding', type: 'money' },
        { key: 'interestOverdue', type: 'money' },
        { key: 'feesOutstanding', type: 'money' },
        { key: 'feesOverdue', type: 'money' },
        { key: 'penaltiesOutstanding', type: 'money' },
        { key: 'penaltiesOverdue', type: 'money' },
        { key: 'parType', type: 'count' },
        { key: 'arrearsRate', type: 'percent' },
      ],
      rows,
      totals,
    };
  },
});

const activeLoansDetails = loanListReport('activeLoansDetails', () => true);

export const portfolioReports: ReportDef[] = [
  portfolioAtRisk,
  agingDetail,
  agingSummary,
  activeLoans,
  activeLoansDetails,
  loansPastMaturity,
  loansInLastInstallment,
  obligationsMet,
  writtenOff,
  awaitingApproval,
  awaitingDisbursal,
  loanOfficerPortfolio,
];
