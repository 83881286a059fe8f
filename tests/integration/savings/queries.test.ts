import { describe, expect, it } from 'vitest';
import { assertInvariants, snapshot } from '../../support/core';
import { AKIBA, setBusinessDate } from '../../support/lending';
import { openSavings, savingsBranch } from '../../support/savings';

/** The overdraft product of the savings tests: a 20.00 fee with every withdrawal, down to -500.00. */
const OVERDRAFT = { ...AKIBA, name: 'Overdraft', shortName: 'OD', minRequiredBalance: undefined, enforceMinRequiredBalance: false, withdrawalFee: '20', allowOverdraft: true, overdraftLimit: '500' };

describe('savings.list', () => {
  it('lists accounts newest first with their status, client, product and balance exact to the minor unit, filtered by client and status', async () => {
    // A1: Amina, Akiba, active (made by savingsBranch on 1 January 2026)
    const b = await savingsBranch();
    const amina = b.clientId;
    const { id: baraka } = await b.admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Mwangi', mobileNo: '+254700000002' });
    const { id: odProduct } = await b.manager.ok('savingsProducts.create', OVERDRAFT as never);
    // A2: Baraka, overdraft: 300 in, 600 out with the 20 fee: 300 - 20 - 600 = -320.00
    const a2 = await openSavings(b, odProduct, baraka);
    await b.teller.ok('savings.deposit', { savingsId: a2, transactionAmount: '300' });
    await b.teller.ok('savings.withdraw', { savingsId: a2, transactionAmount: '600' });
    // A3: Amina, submitted only; A4: Baraka, approved only
    const { savingsId: a3 } = await b.teller.ok('savings.submit', { clientId: amina, productId: b.savingsProductId });
    const { savingsId: a4 } = await b.teller.ok('savings.submit', { clientId: baraka, productId: b.savingsProductId });
    await b.manager.ok('savings.approve', { savingsId: a4 });
    // A5: Amina, 500 in and closed the same day with the 500 paid out (no interest: not one day has ended)
    const a5 = await openSavings(b, b.savingsProductId);
    await b.teller.ok('savings.deposit', { savingsId: a5, transactionAmount: '500' });
    expect((await b.teller.ok('savings.close', { savingsId: a5, withdrawBalance: true })).receipt!.amount).toBe('500.00');
    // A1: 36,500.00 in on 1 January; January's interest 36,500.00 x 6 % x 31 / 365 = 186.00, posted 1 February;
    // then 3,650.00 backdated to 16 January adds 3,650.00 x 6 % x 16 / 365 = 9.60, so 186.00 is reversed and
    // 195.60 posted; then 0.07 out: 36,500.00 + 3,650.00 + 195.60 - 0.07 = 40,345.53 (the reversed 186.00 not counted)
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '36500' });
    setBusinessDate(b.core, '2026-02-01');
    expect(await b.accountant.ok('savings.postInterest', { savingsId: b.savingsId })).toEqual({ accounts: 1, created: 1, reversed: 0 });
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '3650', transactionDate: '2026-01-16' });
    expect(await b.accountant.ok('savings.postInterest', { savingsId: b.savingsId })).toEqual({ accounts: 1, created: 1, reversed: 1 });
    await b.teller.ok('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '0.07' });

    const before = snapshot(b.core);
    // every account submitted on 1 January, all but A3 approved that day; no product has an opening balance
    const row = (id: number, accountNo: string, status: string, clientId: number, clientName: string, productName: string, accountBalance: string) => ({
      id,
      accountNo,
      status,
      clientId,
      clientName,
      productName,
      accountBalance,
      submittedOn: '2026-01-01',
      approvedOn: status === 'SUBMITTED_AND_PENDING_APPROVAL' ? null : '2026-01-01',
      minRequiredOpeningBalance: '0.00',
      // no sub-status set on any (dormancy and blocks: services/savings/dormancy.ts)
      subStatus: 'NONE',
    });
    const A1 = row(b.savingsId, 'NRB-S000001', 'ACTIVE', amina, 'Amina Odhiambo', 'Akiba Voluntary', '40345.53');
    const A2 = row(a2, 'NRB-S000002', 'ACTIVE', baraka, 'Baraka Mwangi', 'Overdraft', '-320.00');
    const A3 = row(a3, 'NRB-S000003', 'SUBMITTED_AND_PENDING_APPROVAL', amina, 'Amina Odhiambo', 'Akiba Voluntary', '0.00');
    const A4 = row(a4, 'NRB-S000004', 'APPROVED', baraka, 'Baraka Mwangi', 'Akiba Voluntary', '0.00');
    const A5 = row(a5, 'NRB-S000005', 'CLOSED', amina, 'Amina Odhiambo', 'Akiba Voluntary', '0.00');
    expect(await b.teller.ok('savings.list', {})).toEqual([A5, A4, A3, A2, A1]);
    expect(await b.teller.ok('savings.list', { clientId: amina })).toEqual([A5, A3, A1]);
    expect(await b.officer.ok('savings.list', { status: 'ACTIVE' })).toEqual([A2, A1]);
    expect(await b.teller.ok('savings.list', { status: 'CLOSED' })).toEqual([A5]);
    expect(await b.teller.ok('savings.list', { clientId: baraka, status: 'APPROVED' })).toEqual([A4]);
    expect(await b.teller.ok('savings.list', { clientId: baraka, status: 'SUBMITTED_AND_PENDING_APPROVAL' })).toEqual([]);
    expect(await b.teller.ok('savings.list', { clientId: 999 })).toEqual([]);
    // each row's balance is the one the account itself shows
    for (const r of [A1, A2, A3, A4, A5]) expect((await b.teller.ok('savings.get', { savingsId: r.id })).summary.accountBalance).toBe(r.accountBalance);
    // the books agree: savings control 40,345.53 (A1) + 0 (A5), the overdraft portfolio 320.00 (A2)
    const tb = await b.accountant.ok('accounting.trialBalance', {});
    expect(tb.rows.find((r) => r.glCode === '2100')).toMatchObject({ credit: '40345.53' });
    expect(tb.rows.find((r) => r.glCode === '1230')).toMatchObject({ debit: '320.00' });
    // a query writes nothing
    expect(snapshot(b.core)).toBe(before);
    assertInvariants(b.core);
  });

  it('refuses an unknown status, a bad client id or an unknown filter, naming the field, writing nothing', async () => {
    const b = await savingsBranch();
    const before = snapshot(b.core);
    expect(await b.teller.err('savings.list', { status: 'DORMANT' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'status' }] });
    expect(await b.teller.err('savings.list', { clientId: 'one' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'clientId' }] });
    expect((await b.teller.err('savings.list', { officeId: 1 })).code).toBe('VALIDATION_FAILED');
    expect(snapshot(b.core)).toBe(before);
  });
});

describe('savingsProducts.get', () => {
  it('returns every field as created, the defaults filled in, and the same product as the list', async () => {
    const b = await savingsBranch();
    const full = {
      name: 'Jenga Fixed Goal',
      shortName: 'JFG',
      description: 'Saving towards a goal, locked in for six weeks',
      currencyCode: 'KES',
      nominalAnnualInterestRate: '5.5',
      interestCompoundingPeriodType: 'DAILY',
      interestPostingPeriodType: 'QUARTERLY',
      interestCalculationType: 'AVERAGE_DAILY_BALANCE',
      interestCalculationDaysInYearType: '360',
      minRequiredBalance: '250.50',
      enforceMinRequiredBalance: true,
      minBalanceForInterestCalculation: '1000',
      withdrawalFee: '15.25',
      allowOverdraft: true,
      overdraftLimit: '2000',
      nominalAnnualInterestRateOverdraft: '18',
      lockinPeriodFrequency: 6,
      lockinPeriodFrequencyType: 'WEEKS',
    } as const;
    const { id } = await b.manager.ok('savingsProducts.create', full);
    const got = await b.teller.ok('savingsProducts.get', { id });
    // as sent, with the days in the year as the number 360 (the contract takes 360 or '360'), the withdrawal fee as
    // the catalogue charge the product carries (issue 15), cash-based, and the chart's accounts of each role
    // (migration 0002: 2100 savings deposits id 12, 5200 interest on savings 26, 4200 fee income 20, 1230 overdraft
    // portfolio 10, 4100 interest income 19)
    const { withdrawalFee: _fee, ...asSent } = full;
    const [fee] = await b.manager.ok('charges.list', { chargeAppliesTo: 'SAVINGS' });
    expect(fee).toMatchObject({ name: 'Withdrawal fee', chargeTimeType: 'WITHDRAWAL_FEE', chargeCalculationType: 'FLAT', amount: '15.25', products: [{ productType: 'SAVINGS', id, name: 'Jenga Fixed Goal' }] });
    const mapping = { savingsControlAccountId: 12, interestOnSavingsAccountId: 26, incomeFromFeeAccountId: 20, overdraftPortfolioControlId: 10, incomeFromInterestId: 19, interestPayableAccountId: null, escheatLiabilityId: null };
    expect(got).toEqual({
      ...asSent,
      interestCalculationDaysInYearType: 360,
      // no dormancy tracking unless asked (Fineract's default)
      isDormancyTrackingActive: false,
      id,
      active: true,
      charges: [{ id: fee!.id, name: 'Withdrawal fee', chargeTimeType: 'WITHDRAWAL_FEE', chargeCalculationType: 'FLAT', amount: '15.25', penalty: false, active: true }],
      accountingRule: 'CASH_BASED',
      accountingMapping: mapping,
    });

    const { id: minimal } = await b.manager.ok('savingsProducts.create', { name: 'Plain', shortName: 'PL', currencyCode: 'KES', nominalAnnualInterestRate: '0' });
    expect(await b.officer.ok('savingsProducts.get', { id: minimal })).toEqual({
      id: minimal,
      name: 'Plain',
      shortName: 'PL',
      description: null,
      currencyCode: 'KES',
      active: true,
      nominalAnnualInterestRate: '0',
      interestCompoundingPeriodType: 'MONTHLY',
      interestPostingPeriodType: 'MONTHLY',
      interestCalculationType: 'DAILY_BALANCE',
      interestCalculationDaysInYearType: 365,
      enforceMinRequiredBalance: false,
      allowOverdraft: false,
      isDormancyTrackingActive: false,
      charges: [],
      accountingRule: 'CASH_BASED',
      accountingMapping: mapping,
    });
    // the list (by name) shows the same products, the README's Akiba among them
    const akiba = await b.teller.ok('savingsProducts.get', { id: b.savingsProductId });
    expect(akiba).toEqual({ ...AKIBA, description: null, interestCalculationDaysInYearType: 365, allowOverdraft: false, isDormancyTrackingActive: false, id: b.savingsProductId, active: true, charges: [], accountingRule: 'CASH_BASED', accountingMapping: mapping });
    expect(await b.teller.ok('savingsProducts.list', {})).toEqual([akiba, got, await b.teller.ok('savingsProducts.get', { id: minimal })]);
    // an account of the product shows its name and rate
    const savingsId = await openSavings(b, id);
    expect(await b.teller.ok('savings.get', { savingsId })).toMatchObject({ product: { id, name: 'Jenga Fixed Goal', shortName: 'JFG' }, nominalAnnualInterestRate: '5.5' });
  });

  it('refuses an unknown product naming the field id, writing nothing', async () => {
    const b = await savingsBranch();
    const before = snapshot(b.core);
    expect(await b.teller.err('savingsProducts.get', { id: 999 })).toMatchObject({ code: 'NOT_FOUND', fields: [{ field: 'id', code: 'not_found' }] });
    expect(await b.teller.err('savingsProducts.get', { id: 0 })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'id' }] });
    expect(await b.teller.err('savingsProducts.get', {})).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'id' }] });
    expect(snapshot(b.core)).toBe(before);
  });
});
