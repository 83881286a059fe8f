import { describe, expect, it } from 'vitest';
import { assertInvariants, snapshot } from '../../support/core';
import { AKIBA, BIASHARA, lendingBranch, setBusinessDate, type LendingBranch } from '../../support/lending';
import { openSavings } from '../../support/savings';

/**
 * Products carry catalogue charges (issue 15): `"charges":[{"id":2}]` on loan and savings products, the old inline
 * shapes made into catalogue charges, the accounting rule with its receivables or payable, and the copy a loan or a
 * savings account takes when it is submitted.
 */
const PENALTY = { name: 'Late payment penalty', currencyCode: 'KES', chargeAppliesTo: 'LOAN', chargeTimeType: 'OVERDUE_INSTALLMENT', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '2', penalty: true, feeFrequency: 'DAYS', feeInterval: 1 };
const VISIT = { name: 'Field visit fee', currencyCode: 'KES', chargeAppliesTo: 'LOAN', chargeTimeType: 'SPECIFIED_DUE_DATE', chargeCalculationType: 'FLAT', amount: '150', penalty: false };
const LEDGER = { name: 'Ledger fee', currencyCode: 'KES', chargeAppliesTo: 'LOAN', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '50' };
const PROCESSING = { name: 'Processing fee', currencyCode: 'KES', chargeAppliesTo: 'LOAN', chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '1.5' };
const WITHDRAWAL = { name: 'Withdrawal fee', currencyCode: 'KES', chargeAppliesTo: 'SAVINGS', chargeTimeType: 'WITHDRAWAL_FEE', chargeCalculationType: 'FLAT', amount: '20' };

async function catalogue(b: LendingBranch): Promise<Record<'penalty' | 'visit' | 'ledger' | 'processing' | 'withdrawal', number>> {
  const make = async (c: Record<string, unknown>) => (await b.manager.ok('charges.create', c as never)).id;
  return { penalty: await make(PENALTY), visit: await make(VISIT), ledger: await make(LEDGER), processing: await make(PROCESSING), withdrawal: await make(WITHDRAWAL) };
}

const tagged = (b: LendingBranch, tag: string) => (b.core.db.prepare('SELECT id FROM gl_accounts WHERE tag = ?').get(tag) as { id: number }).id;

describe('loan products and their charges', () => {
  it('takes the issue example: an accrual product carrying catalogue charges, with the chart receivables by default', async () => {
    const b = await lendingBranch();
    const c = await catalogue(b);
    // the set-up command made 1240 (penalties receivable) and 2400 (interest payable on savings) with the branch
    const rows = b.core.db.prepare("SELECT code, name, type, parent_id FROM gl_accounts WHERE code IN ('1240', '2400') ORDER BY code").all();
    expect(rows).toEqual([
      { code: '1240', name: 'Penalties receivable', type: 'ASSET', parent_id: 1 },
      { code: '2400', name: 'Interest payable on savings', type: 'LIABILITY', parent_id: 11 },
    ]);
    const { id } = await b.manager.ok('loanProducts.create', { ...BIASHARA, name: 'Biashara Accrual', shortName: 'BMA', accountingRule: 'ACCRUAL_PERIODIC', charges: [{ id: c.visit }, { id: c.penalty }] } as never);
    const p = await b.officer.ok('loanProducts.get', { id });
    expect(p.accountingRule).toBe('ACCRUAL_PERIODIC');
    expect(p.charges).toEqual([
      { id: c.visit, name: 'Field visit fee', chargeTimeType: 'SPECIFIED_DUE_DATE', chargeCalculationType: 'FLAT', amount: '150', penalty: false, active: true },
      { id: c.penalty, name: 'Late payment penalty', chargeTimeType: 'OVERDUE_INSTALLMENT', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '2', penalty: true, active: true },
    ]);
    // migration 0002's 1210 (id 8) and 1220 (id 9), and the 1240 of the set-up
    expect(p.accountingMapping).toEqual({
      loanPortfolioAccountId: 7,
      interestOnLoanAccountId: 19,
      incomeFromFeeAccountId: 20,
      incomeFromPenaltyAccountId: 21,
      writeOffAccountId: 25,
      incomeFromRecoveryAccountId: 22,
      overpaymentLiabilityAccountId: 13,
      receivableInterestAccountId: 8,
      receivableFeeAccountId: 9,
      receivablePenaltyAccountId: tagged(b, 'PENALTIES_RECEIVABLE'),
    });
    expect((await b.officer.ok('loanProducts.list', {})).find((x) => x.id === id)).toEqual(p);
    // Fineract's codes: 4 accrual upfront; a cash product keeps no receivables
    const { id: upfront } = await b.manager.ok('loanProducts.create', { ...BIASHARA, name: 'Upfront', shortName: 'UPF', accountingRule: 4 } as never);
    expect((await b.officer.ok('loanProducts.get', { id: upfront })).accountingRule).toBe('ACCRUAL_UPFRONT');
    expect((await b.officer.ok('loanProducts.get', { id: b.productId })).accountingMapping).toMatchObject({ receivableInterestAccountId: null, receivableFeeAccountId: null, receivablePenaltyAccountId: null });
    // the catalogue says which products carry each charge
    expect((await b.manager.ok('charges.get', { id: c.penalty })).products).toEqual([{ productType: 'LOAN', id, name: 'Biashara Accrual' }]);
    assertInvariants(b.core);
  });

  it('gives a new loan the product charges in its terms: the schedule figures of the fees, the others riding along', async () => {
    const b = await lendingBranch();
    const c = await catalogue(b);
    await b.manager.ok('loanProducts.update', { id: b.productId, ...BIASHARA, accountingRule: 'ACCRUAL_PERIODIC', charges: [{ id: c.ledger }, { id: c.processing }, { id: c.penalty }, { id: c.visit }] } as never);
    setBusinessDate(b.core, '2026-01-05');
    const { loanId } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId });
    const terms = JSON.parse((b.core.db.prepare('SELECT terms_json FROM loans WHERE id = ?').get(loanId) as { terms_json: string }).terms_json) as { charges: unknown[] };
    expect(terms.charges).toEqual([
      { name: 'Ledger fee', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '50', chargeId: c.ledger, penalty: false },
      { name: 'Processing fee', chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '1.5', chargeId: c.processing, penalty: false },
      { name: 'Late payment penalty', chargeTimeType: 'OVERDUE_INSTALLMENT', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '2', chargeId: c.penalty, penalty: true, feeFrequency: 'DAYS', feeInterval: 1 },
      { name: 'Field visit fee', chargeTimeType: 'SPECIFIED_DUE_DATE', chargeCalculationType: 'FLAT', amount: '150', chargeId: c.visit, penalty: false },
    ]);
    // the loan's accounting is its product's as it was at submission
    const accounting = b.core.db.prepare("SELECT accounting_rule, mapping_json FROM account_accounting WHERE account_type = 'LOAN' AND account_id = ?").get(loanId) as { accounting_rule: string; mapping_json: string };
    expect([accounting.accounting_rule, JSON.parse(accounting.mapping_json)]).toEqual(['ACCRUAL_PERIODIC', { interestReceivable: 8, feeReceivable: 9, penaltyReceivable: tagged(b, 'PENALTIES_RECEIVABLE') }]);
    await b.manager.ok('loans.approve', { loanId });
    await b.teller.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
    const loan = await b.manager.ok('loans.get', { loanId });
    // 50,000.00 at 2 % a month over 12: 4,727.98 (README); the installment fee 50.00 on each, the penalty and the
    // specified-due-date fee not scheduled; 1.5 % of 50,000.00 = 750.00 taken at disbursement
    expect(loan.periods.map((p) => p.feeChargesDue)).toEqual(Array(12).fill('50.00'));
    expect(loan.periods.map((p) => p.penaltyChargesDue)).toEqual(Array(12).fill('0.00'));
    expect(loan.periods[0]).toMatchObject({ interestDue: '1000.00', totalDueForPeriod: '4777.98' });
    expect(loan.transactions.filter((t) => t.type === 'REPAYMENT_AT_DISBURSEMENT').map((t) => [t.amount, t.feeChargesPortion])).toEqual([['750.00', '750.00']]);

    // the product changes afterwards: the loan keeps its copy, the next loan takes the new charges
    await b.manager.ok('charges.update', { id: c.ledger, amount: '60' });
    await b.manager.ok('loanProducts.update', { id: b.productId, ...BIASHARA, charges: [{ id: c.ledger }] } as never);
    expect((await b.manager.ok('loans.get', { loanId })).periods[5]).toMatchObject({ feeChargesDue: '50.00' });
    const { loanId: next } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId });
    const nextTerms = JSON.parse((b.core.db.prepare('SELECT terms_json FROM loans WHERE id = ?').get(next) as { terms_json: string }).terms_json) as { charges: unknown[] };
    expect(nextTerms.charges).toEqual([{ name: 'Ledger fee', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '60', chargeId: c.ledger, penalty: false }]);
    // left out of the update the accounting rule stayed ACCRUAL_PERIODIC
    expect(b.core.db.prepare("SELECT accounting_rule FROM account_accounting WHERE account_type = 'LOAN' AND account_id = ?").get(next)).toEqual({ accounting_rule: 'ACCRUAL_PERIODIC' });
    assertInvariants(b.core);
  });

  it('still takes the inline charges of before the catalogue: each a catalogue charge, the same one when saved again', async () => {
    const inline = [
      { name: 'Ledger fee', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '25' },
      { chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '2' },
    ];
    const b = await lendingBranch({ ...BIASHARA, charges: inline });
    const p = await b.officer.ok('loanProducts.get', { id: b.productId });
    expect(p.charges.map((c) => [c.name, c.chargeTimeType, c.chargeCalculationType, c.amount])).toEqual([
      ['Ledger fee', 'INSTALMENT_FEE', 'FLAT', '25'],
      ['Disbursement fee', 'DISBURSEMENT', 'PERCENT_OF_AMOUNT', '2'],
    ]);
    // saved again as it was: the same charges, none made twice; another product with another "Ledger fee" gets its own name
    await b.manager.ok('loanProducts.update', { id: b.productId, ...BIASHARA, charges: inline } as never);
    const { id: other } = await b.manager.ok('loanProducts.create', { ...BIASHARA, name: 'Other', shortName: 'OTH', charges: [{ ...inline[0], amount: '30' }] } as never);
    expect((await b.manager.ok('charges.list', {})).map((c) => [c.name, c.amount, c.products.map((x) => x.id)])).toEqual([
      ['Disbursement fee', '2', [b.productId]],
      ['Ledger fee', '25', [b.productId]],
      ['Ledger fee (OTH)', '30', [other]],
    ]);
    // loans of it have the fees of before: 25.00 each installment, 2 % of 20,000.00 = 400.00 at disbursement
    setBusinessDate(b.core, '2026-01-05');
    const { loanId } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId, principal: '20000' });
    await b.manager.ok('loans.approve', { loanId });
    await b.teller.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
    const loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.periods[0]).toMatchObject({ feeChargesDue: '25.00' });
    expect(loan.transactions.find((t) => t.type === 'REPAYMENT_AT_DISBURSEMENT')?.amount).toBe('400.00');
    assertInvariants(b.core);
  });

  it('exports its charges and rule to Fineract JSON and imports a Fineract product with its charges', async () => {
    const b = await lendingBranch();
    const c = await catalogue(b);
    await b.manager.ok('loanProducts.update', { id: b.productId, ...BIASHARA, accountingRule: 'ACCRUAL_UPFRONT', charges: [{ id: c.processing }, { id: c.penalty }] } as never);
    const exported = await b.admin.ok('loanProducts.export', { id: b.productId });
    expect(exported.accountingRule).toBe(4);
    expect(exported.charges).toEqual([
      { id: c.processing, name: 'Processing fee', chargeTimeType: 1, chargeCalculationType: 2, amount: '1.5', penalty: false },
      { id: c.penalty, name: 'Late payment penalty', chargeTimeType: 9, chargeCalculationType: 2, amount: '2', penalty: true },
    ]);
    // a Fineract GET answer: charges with enum objects and the other system's ids; the accounting rule as an object
    const { id } = await b.admin.ok('loanProducts.import', {
      product: {
        ...exported,
        name: 'From Mifos',
        shortName: 'MIF',
        accountingRule: { id: 3, code: 'accountingRuleType.periodic', value: 'ACCRUAL PERIODIC' },
        charges: [
          { id: 41, name: 'Processing fee', active: true, penalty: false, amount: 1.5, chargeTimeType: { id: 1, value: 'Disbursement' }, chargeCalculationType: { id: 2, value: '% Amount' } },
          { id: 42, name: 'Insurance', active: true, penalty: false, amount: 100, chargeTimeType: { id: 8 }, chargeCalculationType: { id: 1 } },
        ],
      },
    });
    const imported = await b.admin.ok('loanProducts.get', { id });
    expect(imported.accountingRule).toBe('ACCRUAL_PERIODIC');
    // "Processing fee" is the catalogue's own (same definition); "Insurance" is made
    expect(imported.charges.map((x) => [x.name, x.chargeTimeType, x.amount])).toEqual([['Processing fee', 'DISBURSEMENT', '1.5'], ['Insurance', 'INSTALMENT_FEE', '100']]);
    expect(imported.charges[0]!.id).toBe(c.processing);
    assertInvariants(b.core);
  });

  it('refuses charges and accounts that do not fit, naming the field, writing nothing', async () => {
    const b = await lendingBranch();
    const c = await catalogue(b);
    const { id: inactive } = await b.manager.ok('charges.create', { ...VISIT, name: 'Old fee', active: false } as never);
    const before = snapshot(b.core);
    const cases: [Record<string, unknown>, string][] = [
      [{ charges: [{ id: 99 }] }, 'charges.0.id'],
      [{ charges: [{ id: c.visit }, { id: c.withdrawal }] }, 'charges.1.id'], // a savings charge
      [{ charges: [{ id: inactive }] }, 'charges.0.id'],
      [{ charges: [{ id: c.visit }, { id: c.visit }] }, 'charges.1.id'],
      [{ charges: [{ id: 'x' }] }, 'charges.0.id'],
      [{ charges: [{ chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'FLAT', amount: '10', penalty: true }] }, 'charges.0.penalty'],
      [{ charges: [{ chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '10.001' }] }, 'charges.0.amount'],
      [{ accountingRule: 'ACCRUAL' }, 'accountingRule'],
      [{ accountingRule: 5 }, 'accountingRule'],
      [{ accountingRule: 'ACCRUAL_PERIODIC', accountingMapping: { receivableFeeAccountId: 1 } }, 'accountingMapping.receivableFeeAccountId'], // a header
    ];
    for (const [patch, field] of cases) {
      const err = await b.manager.err('loanProducts.create', { ...BIASHARA, name: 'New', shortName: 'NEW', ...patch });
      expect([err.code, err.fields?.map((f) => f.field)], JSON.stringify(patch)).toEqual(['VALIDATION_FAILED', [field]]);
    }
    expect(snapshot(b.core)).toBe(before);
  });
});

describe('savings products and their charges', () => {
  it('takes the issue example, the accounting rule with interest payable for accruals, and its own GL accounts', async () => {
    const b = await lendingBranch();
    const c = await catalogue(b);
    const { id } = await b.manager.ok('savingsProducts.create', { ...AKIBA, charges: [{ id: c.withdrawal }], accountingRule: 'CASH_BASED' });
    const p = await b.teller.ok('savingsProducts.get', { id });
    expect(p).toMatchObject({
      accountingRule: 'CASH_BASED',
      charges: [{ id: c.withdrawal, name: 'Withdrawal fee', chargeTimeType: 'WITHDRAWAL_FEE', chargeCalculationType: 'FLAT', amount: '20', penalty: false, active: true }],
      accountingMapping: { savingsControlAccountId: 12, interestOnSavingsAccountId: 26, incomeFromFeeAccountId: 20, overdraftPortfolioControlId: 10, incomeFromInterestId: 19, interestPayableAccountId: null, escheatLiabilityId: null },
    });
    // accrual: interest payable defaults to the chart's 2400; a mapping names other accounts
    const { id: feeIncome } = await b.admin.ok('accounting.createAccount', { code: '4210', name: 'Savings fees', type: 'INCOME', parentId: 18, manualEntriesAllowed: false });
    const { id: accrual } = await b.manager.ok('savingsProducts.create', { ...AKIBA, name: 'Akiba Accrual', shortName: 'AKA', accountingRule: 3, accountingMapping: { incomeFromFeeAccountId: feeIncome } } as never);
    const a = await b.teller.ok('savingsProducts.get', { id: accrual });
    expect(a.accountingRule).toBe('ACCRUAL_PERIODIC');
    expect(a.accountingMapping).toEqual({ savingsControlAccountId: 12, interestOnSavingsAccountId: 26, incomeFromFeeAccountId: feeIncome, overdraftPortfolioControlId: 10, incomeFromInterestId: 19, interestPayableAccountId: tagged(b, 'SAVINGS_INTEREST_PAYABLE'), escheatLiabilityId: null });
    // an account takes the product's rule and accounts when submitted
    setBusinessDate(b.core, '2026-01-01');
    const savingsId = await openSavings(b, accrual);
    expect(JSON.parse((b.core.db.prepare('SELECT gl_mapping_json FROM savings_accounts WHERE id = ?').get(savingsId) as { gl_mapping_json: string }).gl_mapping_json)).toMatchObject({ feeIncome });
    const accounting = b.core.db.prepare("SELECT accounting_rule, mapping_json FROM account_accounting WHERE account_type = 'SAVINGS' AND account_id = ?").get(savingsId) as { accounting_rule: string; mapping_json: string };
    expect([accounting.accounting_rule, JSON.parse(accounting.mapping_json)]).toEqual(['ACCRUAL_PERIODIC', { interestPayable: tagged(b, 'SAVINGS_INTEREST_PAYABLE') }]);
    assertInvariants(b.core);
  });

  it('makes the old withdrawalFee a catalogue charge the product carries, and refuses what does not fit', async () => {
    const b = await lendingBranch();
    const c = await catalogue(b);
    const { id } = await b.manager.ok('savingsProducts.create', { ...AKIBA, withdrawalFee: '15.50' });
    expect((await b.teller.ok('savingsProducts.get', { id })).charges.map((x) => [x.name, x.chargeTimeType, x.amount])).toEqual([['Withdrawal fee (AKV)', 'WITHDRAWAL_FEE', '15.50']]);
    // an account of it pays 15.50 with a withdrawal: 1,000.00 - 100.00 - 15.50
    setBusinessDate(b.core, '2026-01-01');
    const savingsId = await openSavings(b, id);
    await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '1000' });
    await b.teller.ok('savings.withdraw', { savingsId, transactionAmount: '100' });
    expect((await b.teller.ok('savings.get', { savingsId })).summary.accountBalance).toBe('884.50');

    const before = snapshot(b.core);
    const cases: [Record<string, unknown>, string][] = [
      [{ charges: [{ id: c.visit }] }, 'charges.0.id'], // a loan charge
      [{ charges: [{ id: 99 }] }, 'charges.0.id'],
      [{ charges: [{ id: c.withdrawal, amount: '1' }] }, 'charges.0.amount'],
      [{ accountingRule: 'ACCRUAL_UPFRONT' }, 'accountingRule'], // not a savings rule (Fineract's 1-3)
      [{ accountingRule: 4 }, 'accountingRule'],
      [{ accountingMapping: { savingsControlAccountId: 11 } }, 'accountingMapping.savingsControlAccountId'], // a header
      [{ accountingMapping: { loanPortfolioAccountId: 7 } }, 'accountingMapping.loanPortfolioAccountId'],
      [{ withdrawalFee: '1.234' }, 'withdrawalFee'],
    ];
    for (const [patch, field] of cases) {
      const err = await b.manager.err('savingsProducts.create', { ...AKIBA, name: 'New', shortName: 'NEW', ...patch });
      expect([err.code, err.fields?.map((f) => f.field)], JSON.stringify(patch)).toEqual(['VALIDATION_FAILED', [field]]);
    }
    expect(snapshot(b.core)).toBe(before);
  });
});

describe('the schedule engine', () => {
  it('takes PERCENT_OF_DISBURSEMENT_AMOUNT on a disbursement fee as a percentage of the principal', async () => {
    const b = await lendingBranch();
    // 1.5 % of 10,000.00 = 150.00, as PERCENT_OF_AMOUNT gives on a loan disbursed once
    const s = await b.officer.ok('loans.calculateSchedule', {
      principal: '10000',
      numberOfRepayments: 4,
      repaymentFrequencyType: 'MONTHS',
      interestRatePerPeriod: '12',
      interestType: 'FLAT',
      expectedDisbursementDate: '2026-01-05',
      charges: [{ chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 5, amount: '1.5' }],
    } as never);
    expect(s.feeChargesAtDisbursement).toBe('150.00');
  });
});
