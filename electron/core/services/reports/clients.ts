import { z } from 'zod';
import { id } from '../../../../shared/contract/fields';
import { LOAN_STATUSES } from '../../../../shared/contract/loans';
import { defineReport, type ReportDef } from './catalogue';
import { clientListing as clientListingRows, clientLoansListing as clientLoansRows } from './flowsRepository';
import { officerOf } from './period';

/** The client reports (FINERACT-NOTES.md 1.13): Client Listing (1) and Client Loans Listing (2). */

const statusNames = new Map<number, string>(Object.entries(LOAN_STATUSES).map(([name, code]) => [code, name]));

const clientListing = defineReport({
  name: 'clientListing',
  category: 'clients',
  access: 'reports.portfolio',
  scopedToOfficer: true,
  printable: true,
  parameters: [{ name: 'loanOfficerId', type: 'staff', required: false }],
  schema: z.strictObject({ loanOfficerId: id.optional() }),
  run(ctx, p) {
    const staff = officerOf(ctx, p.loanOfficerId);
    // every client of any status, as Fineract's report 1; a loan officer's: those they are the officer of or
    // whose loan they look after
    const rows = clientListingRows(ctx.db, staff).map((r) => ({
      clientId: r.client_id,
      office: r.office_name,
      accountNo: r.account_no,
      clientName: r.display_name,
      status: r.status,
      submittedOn: r.submitted_on,
      activatedOn: r.activated_on,
      closedOn: r.closed_on,
      externalId: r.external_id,
      mobileNo: r.mobile_no,
      loanOfficer: r.officer_name,
    }));
    return {
      parameters: { loanOfficerId: staff },
      columns: [
        { key: 'office', type: 'text' },
        { key: 'accountNo', type: 'text' },
        { key: 'clientName', type: 'text' },
        { key: 'status', type: 'text' },
        { key: 'submittedOn', type: 'date' },
        { key: 'activatedOn', type: 'date' },
        { key: 'closedOn', type: 'date' },
        { key: 'externalId', type: 'text' },
        { key: 'mobileNo', type: 'text' },
        { key: 'loanOfficer', type: 'text' },
      ],
      rows,
    };
  },
});

const clientLoansListing = defineReport({
  name: 'clientLoansListing',
  category: 'clients',
  access: 'reports.portfolio',
  scopedToOfficer: true,
  printable: true,
  parameters: [
    { name: 'loanOfficerId', type: 'staff', required: false },
    { name: 'productId', type: 'loanProduct', required: false },
  ],
  schema: z.strictObject({ loanOfficerId: id.optional(), productId: id.optional() }),
  run(ctx, p) {
    const staff = officerOf(ctx, p.loanOfficerId);
    const product = p.productId ?? null;
    const rows = clientLoansRows(ctx.db, staff, product).map((r) => ({
      clientAccountNo: r.client_account_no,
      clientName: r.client_name,
      clientStatus: r.client_status,
      loanId: r.loan_id,
      accountNo: r.account_no,
      productName: r.product_name,
      status: r.status === null ? null : (statusNames.get(r.status) ?? String(r.status)),
      loanOfficer: r.officer_name,
      principal: r.principal === null ? null : ctx.money(r.principal),
      numberOfRepayments: r.number_of_repayments,
      repaymentEvery: r.loan_id === null ? null : `${r.repayment_every ?? ''} ${r.repayment_frequency_type ?? ''}`.trim(),
      interestRatePerPeriod: r.interest_rate_per_period === null ? null : String(r.interest_rate_per_period),
      submittedOn: r.submitted_on,
      approvedOn: r.approved_on,
      expectedDisbursementDate: r.expected_disbursement_date,
      disbursedOn: r.disbursed_on,
      maturityDate: r.maturity_date,
      closedOn: r.closed_on,
      rejectedOn: r.rejected_on,
      withdrawnOn: r.withdrawn_on,
      writtenOffOn: r.written_off_on,
    }));
    return {
      parameters: { loanOfficerId: staff, productId: product },
      columns: [
        { key: 'clientAccountNo', type: 'text' },
        { key: 'clientName', type: 'text' },
        { key: 'clientStatus', type: 'text' },
        { key: 'accountNo', type: 'text' },
        { key: 'productName', type: 'text' },
        { key: 'status', type: 'text' },
        { key: 'loanOfficer', type: 'text' },
        { key: 'principal', type: 'money', total: true },
        { key: 'numberOfRepayments', type: 'count' },
        { key: 'repaymentEvery', type: 'text' },
        { key: 'interestRatePerPeriod', type: 'text' },
        { key: 'submittedOn', type: 'date' },
        { key: 'approvedOn', type: 'date' },
        { key: 'expectedDisbursementDate', type: 'date' },
        { key: 'disbursedOn', type: 'date' },
        { key: 'maturityDate', type: 'date' },
        { key: 'closedOn', type: 'date' },
        { key: 'rejectedOn', type: 'date' },
        { key: 'withdrawnOn', type: 'date' },
        { key: 'writtenOffOn', type: 'date' },
      ],
      rows,
    };
  },
});

export const clientReports: ReportDef[] = [clientListing, clientLoansListing];
