/**
 * Collection sheet benchmarks (issue 17): the sheet of a 500-member center (25 groups of 20, each member with a
 * weekly JLG loan two installments in arrears and a savings account) generated (goal < 150 ms) and posted in one
 * command, every installment due, a deposit and the attendance of each member (goal < 300 ms), each beside a raw
 * baseline of the same run: the sheet's installments read by one raw statement, and the rows the post writes
 * inserted raw at the run's raw batch rate.
 */
import { benchBranch, call, ms, percentile, type Figure } from './support';

const GROUPS = 25;
const PER_GROUP = 20;

export async function benchCollectionSheet(rawBatchRowsPerSecond: number): Promise<Figure[]> {
  const { core, token } = await benchBranch('branchbox-bench-sheet-');
  const db = core.db;
  db.prepare("INSERT INTO settings (key, value) VALUES ('loans.allow_self_approval', 'true')").run();
  // Tuesday 6 January 2026: the center's first meeting, the loans disbursed there
  db.prepare("UPDATE settings SET value = '2026-01-06' WHERE key = 'business_date'").run();
  const { id: staffId } = await call(core, token, 'staff.create', { firstname: 'Bench', lastname: 'Officer', isLoanOfficer: true });
  const { id: productId } = await call(core, token, 'loanProducts.create', {
    name: 'Bench Weekly', shortName: 'BW', currencyCode: 'KES', principal: '8000', numberOfRepayments: 8, repaymentEvery: 1,
    repaymentFrequencyType: 'WEEKS', interestRatePerPeriod: '8', interestRateFrequencyType: 'WHOLE_TERM', interestType: 'FLAT',
  });
  const { id: savingsProductId } = await call(core, token, 'savingsProducts.create', {
    name: 'Bench Group Savings', shortName: 'BGS', currencyCode: 'KES', nominalAnnualInterestRate: '0',
    interestCompoundingPeriodType: 'MONTHLY', interestPostingPeriodType: 'MONTHLY', interestCalculationType: 'DAILY_BALANCE', interestCalculationDaysInYearType: 365,
  });
  const { id: centerId } = await call(core, token, 'centers.create', { name: 'Bench Center', staffId, activationDate: '2026-01-06' });
  await call(core, token, 'calendars.create', { entityType: 'CENTER', entityId: centerId, typeId: 'COLLECTION', startDate: '2026-01-06', frequency: 'WEEKLY', interval: 1, repeatsOnDay: 'TUESDAY' });
  const savingsIds: number[] = [];
  for (let g = 0; g < GROUPS; g++) {
    const members: number[] = [];
    for (let i = 0; i < PER_GROUP; i++) {
      const { id: clientId } = await call(core, token, 'clients.create', { firstname: `Member${g}x${i}`, lastname: 'Bench' });
      members.push(clientId);
      const { savingsId } = await call(core, token, 'savings.submit', { clientId, productId: savingsProductId });
      await call(core, token, 'savings.approve', { savingsId });
      await call(core, token, 'savings.activate', { savingsId });
      savingsIds.push(savingsId);
    }
    const { id: groupId } = await call(core, token, 'groups.create', { name: `Bench Group ${g + 1}`, centerId, clientMembers: members, staffId, activationDate: '2026-01-06' });
    const { loanIds } = await call(core, token, 'loans.submitJlg', { groupId, productId, calendarId: 1, expectedDisbursementDate: '2026-01-06', members: members.map((clientId) => ({ clientId, principal: '8000' })) });
    await call(core, token, 'loans.approveJlg', { groupId, loanIds });
    await call(core, token, 'loans.disburseJlg', { groupId, loanIds, paymentTypeCode: 'CASH' });
  }
  // the meeting of 27 January: installments of 13, 20 and 27 January due, two of them in arrears
  db.prepare("UPDATE settings SET value = '2026-01-27' WHERE key = 'business_date'").run();
  const ref = { centerId, meetingDate: '2026-01-27' };
  const figures: Figure[] = [];

  for (let i = 0; i < 3; i++) await call(core, token, 'collectionSheet.get', ref); // warm up
  const samples: number[] = [];
  let sheet: { groups: { clients: { clientId: number; loans: { loanId: number; amountDue: string }[]; savings: { savingsId: number }[] }[] }[] } | undefined;
  for (let i = 0; i < 20; i++) {
    const s = process.hrtime.bigint();
    sheet = await call(core, token, 'collectionSheet.get', ref);
    samples.push(ms(s));
  }
  const clients = sheet!.groups.flatMap((g) => g.clients);
  const loanIds = clients.flatMap((c) => c.loans.map((l) => l.loanId));
  const rawSamples: number[] = [];
  const raw = db.prepare(
    `SELECT loan_id, SUM(principal_due - principal_paid), SUM(interest_due - interest_paid), SUM(fee_due - fee_paid), SUM(penalty_due - penalty_paid)
     FROM loan_installments WHERE due_date <= ? AND loan_id IN (SELECT value FROM json_each(?)) GROUP BY loan_id`,
  );
  const ids = JSON.stringify(loanIds);
  for (let i = 0; i < 20; i++) {
    const s = process.hrtime.bigint();
    raw.all('2026-01-27', ids);
    rawSamples.push(ms(s));
  }
  figures.push({ name: `collection sheet get, ${clients.length} members p50`, value: percentile(samples, 50), unit: 'ms', goal: '< 150 ms' });
  figures.push({ name: 'raw: the sheet\'s installments in one statement (baseline)', value: percentile(rawSamples, 50), unit: 'ms' });

  const body = {
    ...ref,
    paymentTypeCode: 'CASH',
    bulkRepaymentTransactions: clients.flatMap((c) => c.loans.map((l) => ({ loanId: l.loanId, transactionAmount: l.amountDue }))),
    bulkSavingsDueTransactions: clients.flatMap((c) => c.savings.map((s) => ({ savingsId: s.savingsId, transactionAmount: '100' }))),
    clientsAttendance: clients.map((c) => ({ clientId: c.clientId, attendanceType: 'PRESENT' })),
  };
  // posted, undone and posted again: each post measured
  const posts: number[] = [];
  let rows = 0;
  for (let round = 0; round < 3; round++) {
    const before = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const s = process.hrtime.bigint();
    const posted = await call(core, token, 'collectionSheet.post', body);
    posts.push(ms(s));
    rows = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n - before;
    if (round < 2) await call(core, token, 'collectionSheet.undo', { sheetId: posted.sheetId });
  }
  figures.push({ name: `collection sheet post, ${body.bulkRepaymentTransactions.length} repayments + ${body.bulkSavingsDueTransactions.length} deposits`, value: percentile(posts, 50), unit: 'ms', goal: '< 300 ms' });
  figures.push({ name: `raw: the post's ${rows.toLocaleString('en')} rows at the raw batch rate (baseline)`, value: (rows / rawBatchRowsPerSecond) * 1000, unit: 'ms' });
  core.close();
  return figures;
}
