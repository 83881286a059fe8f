import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../electron/core/domain/calendar';
import { consolidatedPortfolio, consolidatedTrialBalance, type PortfolioFigures } from '../../../electron/core/hq/figures';
import { headOfficePairingText, importBundle, openHeadOffice, registerBranch, type HeadOffice } from '../../../electron/core/hq/import';
import { HeadOfficeStore } from '../../../electron/core/hq/store';
import { branchPairingText, cutPendingBundles } from '../../../electron/core/services/export';
import { parseMoney } from '../../../shared/money';
import { assertInvariants } from '../../support/core';
import { BIASHARA, lendingBranch, setBusinessDate, type LendingBranch } from '../../support/lending';

/**
 * Head office's consolidated figures (issue 13): each branch's portfolio and trial balance computed from the rows
 * its bundles brought equal the branch's own (its day-end figures of the date, its accounting.trialBalance) to the
 * minor unit, and the institution's are their sums, with PAR30 and the arrears rate recomputed from the sums.
 * Three branches lend over three months (no tills: every payment is mobile money, so day-end may close each day).
 */
interface Branch extends LendingBranch {
  code: string;
}

const OFFICES = [
  { code: 'NRB', name: 'Nairobi West', product: BIASHARA },
  // an installment fee: fees outstanding and overdue
  { code: 'KSM', name: 'Kisumu', product: { ...BIASHARA, charges: [{ chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '25' }] } },
  // a disbursement fee, collected at disbursement (a repayment at disbursement)
  { code: 'MSA', name: 'Mombasa', product: { ...BIASHARA, charges: [{ name: 'Processing fee', chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '2' }] } },
];

async function branches(hq: HeadOffice): Promise<Branch[]> {
  const out: Branch[] = [];
  for (const o of OFFICES) {
    const b = await lendingBranch(o.product, { tills: false, office: { code: o.code, name: o.name } });
    await b.admin.ok('exports.setHeadOffice', { pairing: headOfficePairingText(hq, 'Umoja Microfinance HQ') });
    registerBranch(hq, await branchPairingText(b.core.db, null));
    setBusinessDate(b.core, '2025-12-01');
    out.push({ ...b, code: o.code });
  }
  return out;
}

async function disburse(b: Branch, principal: string): Promise<number> {
  const { loanId } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId, principal });
  await b.manager.ok('loans.approve', { loanId });
  await b.manager.ok('loans.disburse', { loanId, paymentTypeCode: 'MOBILE_MONEY' });
  return loanId;
}

const repay = (b: Branch, loanId: number, amount: string) => b.teller.ok('loans.repay', { loanId, transactionAmount: amount, paymentTypeCode: 'MOBILE_MONEY' });

/** Day-end closes every day from the business date through `date`. */
async function closeThrough(b: Branch, date: string): Promise<void> {
  const r = await b.manager.ok('dayEnd.run', { untilDate: date });
  expect(r.closed[r.closed.length - 1]).toBe(date);
}

/** Each branch's pending bundles cut and imported. */
async function exportAll(hq: HeadOffice, all: Branch[]): Promise<void> {
  for (const b of all) {
    for (const bundle of await cutPendingBundles(b.core.db, null, () => new Date())) {
      expect(await importBundle(hq, bundle.file, readFileSync(bundle.file))).toMatchObject({ status: 'applied', officeCode: b.code });
    }
  }
}

/** The branch's own day-end figures of `date` (the BRANCH row of day_end_snapshots). */
function dayEndFigures(b: Branch, date: string): Record<string, number> {
  const row = b.core.db.prepare("SELECT figures_json FROM day_end_snapshots WHERE business_date = ? AND dimension = 'BRANCH'").get(date) as { figures_json: string } | undefined;
  if (!row) throw new Error(`${b.code} has no day-end figures of ${date}`);
  return JSON.parse(row.figures_json) as Record<string, number>;
}

type Stock = Omit<PortfolioFigures, 'disbursed' | 'collected' | 'par30Ratio' | 'arrearsRate'>;

/** The branch's day-end figures in the consolidated portfolio's terms. */
function stockOf(f: Record<string, number>): Stock {
  return {
    activeLoans: f.activeLoans!,
    principalOutstanding: f.principalOutstanding! as Stock['principalOutstanding'],
    interestOutstanding: f.interestOutstanding! as Stock['interestOutstanding'],
    feeOutstanding: f.feeOutstanding! as Stock['feeOutstanding'],
    penaltyOutstanding: f.penaltyOutstanding! as Stock['penaltyOutstanding'],
    overdue: (f.principalOverdue! + f.interestOverdue! + f.feeOverdue! + f.penaltyOverdue!) as Stock['overdue'],
    par30: f.par30! as Stock['par30'],
  };
}

/** part / whole as a percentage with two decimals, half-even, in integers (independent of the code under test). */
function percent(part: number, whole: number): string | null {
  if (whole === 0) return null;
  const n = BigInt(part) * 10_000n;
  const d = BigInt(whole);
  let q = n / d;
  const twice = 2n * (n % d);
  if (twice > d || (twice === d && q % 2n === 1n)) q += 1n;
  return `${q / 100n}.${String(q % 100n).padStart(2, '0')}`;
}

const AMOUNTS = ['activeLoans', 'principalOutstanding', 'interestOutstanding', 'feeOutstanding', 'penaltyOutstanding', 'overdue', 'par30', 'disbursed', 'collected'] as const;

/**
 * On `date`: each branch's disbursed and collected equal its day-end's; with `stock`, its outstanding, overdue and
 * PAR30 too (head office holds the branch as it was when that day closed). The institution's amounts are the sums;
 * its ratios are recomputed from them.
 */
function expectPortfolio(hq: HeadOffice, all: Branch[], date: string, stock: boolean): PortfolioFigures {
  const p = consolidatedPortfolio(hq.store, date);
  expect(p.branches.map((r) => r.officeCode)).toEqual(all.map((b) => b.code).sort());
  for (const b of all) {
    const own = dayEndFigures(b, date);
    const row = p.branches.find((r) => r.officeCode === b.code)!;
    expect({ disbursed: row.disbursed, collected: row.collected }, `${b.code} ${date}`).toEqual({ disbursed: own.disbursed, collected: own.collected });
    if (stock) {
      expect(row, `${b.code} ${date}`).toMatchObject(stockOf(own));
      expect(row.par30Ratio).toBe(percent(own.par30!, own.principalOutstanding!));
    }
  }
  for (const k of AMOUNTS) expect(p.institution[k], `${k} ${date}`).toBe(p.branches.reduce((s, r) => s + r[k], 0));
  const i = p.institution;
  expect(i.par30Ratio).toBe(percent(i.par30, i.principalOutstanding));
  expect(i.arrearsRate).toBe(percent(i.overdue, i.principalOutstanding + i.interestOutstanding + i.feeOutstanding + i.penaltyOutstanding));
  return i;
}

/** Each branch's trial balance equals its own accounting.trialBalance; the institution's is their sum per GL code. */
async function expectTrialBalance(hq: HeadOffice, all: Branch[], asOf?: string): Promise<void> {
  const tb = consolidatedTrialBalance(hq.store, asOf);
  const net = new Map<string, number>();
  for (const b of all) {
    const own = await b.accountant.ok('accounting.trialBalance', asOf === undefined ? {} : { asOf });
    const row = tb.branches.find((r) => r.officeCode === b.code)!;
    expect(row.rows, `${b.code} ${asOf}`).toEqual(own.rows.map((r) => ({ glCode: r.glCode, name: r.name, type: r.type, debit: parseMoney(r.debit, 2), credit: parseMoney(r.credit, 2) })));
    expect([row.totalDebit, row.totalCredit]).toEqual([parseMoney(own.totalDebit, 2), parseMoney(own.totalCredit, 2)]);
    expect(row.totalDebit).toBe(row.totalCredit);
    for (const r of row.rows) net.set(r.glCode, (net.get(r.glCode) ?? 0) + r.debit - r.credit);
  }
  const institution = tb.institution;
  expect(new Map(institution.rows.map((r) => [r.glCode, r.debit - r.credit]))).toEqual(new Map([...net].filter(([, n]) => n !== 0)));
  expect(institution.totalDebit).toBe(institution.totalCredit);
  // every account on the same side in each branch here: the institution's columns are the branches' summed
  for (const side of ['totalDebit', 'totalCredit'] as const) expect(institution[side]).toBe(tb.branches.reduce((s, r) => s + r[side], 0));
}

function dates(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

describe('consolidated figures at head office', () => {
  it("equal each branch's own figures to the minor unit, and the institution's their sums, over two rounds of bundles", async () => {
    const hq = await openHeadOffice(HeadOfficeStore.open(null), null);
    const [nrb, ksm, msa] = await branches(hq);
    const all = [nrb!, ksm!, msa!];
    const loans = new Map<string, number>();

    // December: every branch lends twice (monthly installments due on the 1st and the 15th)
    for (const [k, b] of all.entries()) loans.set(`${b.code}A`, await disburse(b, String(50_000 + 10_000 * k)));
    for (const b of all) await closeThrough(b, '2025-12-14');
    for (const [k, b] of all.entries()) loans.set(`${b.code}B`, await disburse(b, String(20_000 + 5_000 * k)));
    for (const b of all) await closeThrough(b, '2025-12-19');
    // and Nairobi once more: E, never repaid (its first installment due 20 January)
    loans.set('NRBE', await disburse(nrb!, '15000'));
    for (const b of all) await closeThrough(b, '2025-12-31');
    // 1 January, A's first installment: Nairobi pays it and more, Kisumu a part, Mombasa nothing
    await repay(nrb!, loans.get('NRBA')!, '6000');
    await repay(ksm!, loans.get('KSMA')!, '1000');
    for (const b of all) await closeThrough(b, '2026-01-14');
    // 15 January, B's first installment: Nairobi pays; Mombasa pays and the payment is undone the same day; Mombasa lends again
    await repay(nrb!, loans.get('NRBB')!, '3000');
    const undone = await repay(msa!, loans.get('MSAB')!, '2500');
    await msa!.manager.ok('loans.adjustTransaction', { loanId: loans.get('MSAB')!, transactionId: undone.transactionId, transactionAmount: '0' });
    loans.set('MSAC', await disburse(msa!, '30000'));
    for (const b of all) await closeThrough(b, '2026-01-31');

    // first round: every bundle so far
    await exportAll(hq, all);
    // disbursed and collected on every day; the portfolio on the last day closed (what head office holds)
    for (const d of dates('2025-12-01', '2026-01-30')) expectPortfolio(hq, all, d, false);
    const jan31 = expectPortfolio(hq, all, '2026-01-31', true);
    // Kisumu's and Mombasa's A are 31 days late on 1 February: at risk; each branch stands on 1 February, its 31 January closed
    const round1 = consolidatedPortfolio(hq.store, '2026-01-31');
    expect(round1.branches.map((r) => [r.officeCode, r.par30 > 0, r.businessDate])).toEqual([
      ['KSM', true, '2026-02-01'],
      ['MSA', true, '2026-02-01'],
      ['NRB', false, '2026-02-01'],
    ]);
    expect(jan31.feeOutstanding).toBeGreaterThan(0);
    // 15 January at Mombasa: only the processing fee of C (2 % of 30,000.00) was collected; B's payment was undone
    expect(consolidatedPortfolio(hq.store, '2026-01-15').branches.find((r) => r.officeCode === 'MSA')).toMatchObject({ disbursed: 3_000_000, collected: 60_000 });
    expect(jan31.overdue).toBeGreaterThan(0);
    // the institution's PAR30 is the ratio of the sums, not the average of the branches' ratios
    const mean = round1.branches.reduce((s, r) => s + Number(r.par30Ratio), 0) / round1.branches.length;
    expect(Number(jan31.par30Ratio)).not.toBeCloseTo(mean, 2);
    for (const asOf of ['2025-12-01', '2025-12-15', '2026-01-01', '2026-01-15', '2026-01-31', undefined]) await expectTrialBalance(hq, all, asOf);

    // February: more work, then the second round
    await repay(nrb!, loans.get('NRBA')!, '5000');
    for (const b of all) await closeThrough(b, '2026-02-09');
    await repay(ksm!, loans.get('KSMA')!, '12000'); // Kisumu catches up
    await msa!.manager.ok('loans.writeOff', { loanId: loans.get('MSAB')! }); // closed, written off: no longer in the portfolio
    await repay(msa!, loans.get('MSAC')!, '1500');
    for (const b of all) await closeThrough(b, '2026-02-15');
    await nrb!.manager.ok('loans.foreclose', { loanId: loans.get('NRBB')!, paymentTypeCode: 'MOBILE_MONEY' }); // paid off: closed
    loans.set('KSMD', await disburse(ksm!, '40000'));
    for (const b of all) await closeThrough(b, '2026-03-01');
    const status = (b: Branch, loan: string) => (b.core.db.prepare('SELECT status FROM loans WHERE id = ?').get(loans.get(loan)!) as { status: number }).status;
    expect([status(nrb!, 'NRBB'), status(msa!, 'MSAB')]).toEqual([600, 601]);

    await exportAll(hq, all);
    for (const d of dates('2025-12-01', '2026-02-15')) expectPortfolio(hq, all, d, false);
    // nothing changed a loan after 16 February's work: head office holds each branch as every later day closed
    for (const d of dates('2026-02-16', '2026-03-01')) expectPortfolio(hq, all, d, true);
    // Nairobi's E, unpaid since 20 January: the figures of 18 February count 30 days late on the 19th (not at risk),
    // those of the 19th 31 days on the 20th (at risk)
    const nairobi = (d: string) => consolidatedPortfolio(hq.store, d).branches.find((r) => r.officeCode === 'NRB')!.par30;
    expect([nairobi('2026-02-18'), nairobi('2026-02-19')]).toEqual([0, 1_500_000]);
    const mar1 = consolidatedPortfolio(hq.store, '2026-03-01');
    expect(mar1.branches.map((r) => [r.officeCode, r.activeLoans, r.businessDate])).toEqual([
      ['KSM', 3, '2026-03-02'],
      ['MSA', 2, '2026-03-02'],
      ['NRB', 2, '2026-03-02'],
    ]);
    expect(mar1.currency).toEqual({ code: 'KES', decimalPlaces: 2 });
    for (const asOf of ['2026-01-31', '2026-02-10', '2026-02-16', '2026-03-01', undefined]) await expectTrialBalance(hq, all, asOf);
    for (const b of all) assertInvariants(b.core);
  }, 300_000);

  it('refuses a date that is not one, naming the field', async () => {
    const store = HeadOfficeStore.open(null);
    expect(() => consolidatedPortfolio(store, '2026-02-30')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ field: 'asOf' })] }));
    expect(() => consolidatedTrialBalance(store, '31/01/2026')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(consolidatedPortfolio(store, '2026-01-31')).toMatchObject({ branches: [], currency: null, institution: { activeLoans: 0, par30Ratio: null, arrearsRate: null } });
  });
});
