import { z } from 'zod';
import { id } from '../../../../shared/contract/fields';
import { LOAN_STATUSES } from '../../../../shared/contract/loans';
import { defineReport, type ReportDef } from './catalogue';
import { clientListing as clientListingRows, clientLoansListing as clientLoansRows } from './flowsRepository';
import { officerOf } from './period';
import { descriptionNames } from './repository';

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
    const names = descriptionNames(ctx.db);
    const rows = clientLoansRows(ctx.db, staff, product).map((r) => {
      const [clientAccountNo, clientName, clientStatus, loanId, accountNo, productId, status, officerId, principal, numberOfRepayments, repaymentEvery, frequencyType, rate] = r;
      return {
        clientAccountNo,
        clientName,
        clientStatus,
        loanId,
        accountNo,
        productName: productId === null ? null : (names.products.get(productId) ?? null),
        status: status === null ? null : (statusNames.get(status) ?? String(status)),
        loanOfficer: officerId === null ? null : (names.officers.get(officerId) ?? null),
        principal: principal === null ? null : ctx.money(principal),
        numberOfRepayments,
        repaymentEvery: loanId === null ? null : `${repaymentEvery ?? ''} ${frequencyType ?? ''}`.trim(),
        interestRatePerPeriod: rate === null ? null : String(rate),
        submittedOn: r[13],
        approvedOn: r[14],
        expectedDisbursementDate: r[15],
        disbursedOn: r[16],
        maturityDate: r[17],
        closedOn: r[18],
        rejectedOn: r[19],
        withdrawnOn: r[20],
        writtenOffOn: r[21],
      };
    });
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
