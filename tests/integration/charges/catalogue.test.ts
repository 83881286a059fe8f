import { describe, expect, it } from 'vitest';
import { assertInvariants, snapshot } from '../../support/core';
import { BIASHARA, lendingBranch } from '../../support/lending';

/**
 * The charge catalogue (issue 15): charges.create | update | get | list with Fineract's names and codes, and the rules
 * of which time and calculation types go together as Fineract's ChargeDefinitionCommandFromApiJsonDeserializer,
 * ChargeTimeType, ChargeCalculationType and Charge have them, every refusal naming its field and writing nothing.
 */
const PENALTY = { name: 'Late payment penalty', currencyCode: 'KES', chargeAppliesTo: 'LOAN', chargeTimeType: 'OVERDUE_INSTALLMENT', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '2', penalty: true, feeFrequency: 'DAYS', feeInterval: 1 };
const VISIT = { name: 'Field visit fee', currencyCode: 'KES', chargeAppliesTo: 'LOAN', chargeTimeType: 'SPECIFIED_DUE_DATE', chargeCalculationType: 'FLAT', amount: '150', penalty: false };

describe('charges.create', () => {
  it('takes the issue calls as written, and Fineract codes for the same charge', async () => {
    const b = await lendingBranch();
    // exactly the JSON of the scriptable API
    expect(await b.manager.ok('charges.create', JSON.parse(JSON.stringify(PENALTY)))).toEqual({ id: 1 });
    expect(await b.manager.ok('charges.create', JSON.parse(JSON.stringify(VISIT)))).toEqual({ id: 2 });
    expect(await b.teller.ok('charges.get', { id: 1 })).toEqual({
      id: 1,
      name: 'Late payment penalty',
      currencyCode: 'KES',
      amount: '2',
      chargeAppliesTo: 'LOAN',
      chargeTimeType: 'OVERDUE_INSTALLMENT',
      chargeCalculationType: 'PERCENT_OF_AMOUNT',
      penalty: true,
      active: true,
      feeFrequency: 'DAYS',
      feeInterval: 1,
      feeOnMonthDay: null,
      paymentType: null,
      minCap: null,
      maxCap: null,
      incomeAccount: null,
      products: [],
    });
    // Fineract's integer codes: applies to 2 savings, time 5 withdrawal fee, calculation 2 % of amount; 1 loan,
    // 9 overdue installment, 1 flat, frequency 1 weeks
    const { id: withdrawal } = await b.manager.ok('charges.create', { name: 'Withdrawal 1%', currencyCode: 'KES', chargeAppliesTo: 2, chargeTimeType: 5, chargeCalculationType: 2, amount: 1 } as never);
    const { id: weekly } = await b.manager.ok('charges.create', { name: 'Weekly late', currencyCode: 'KES', chargeAppliesTo: 1, chargeTimeType: 9, chargeCalculationType: 1, amount: '100', penalty: true, feeFrequency: 1, feeInterval: 2 } as never);
    expect(await b.manager.ok('charges.get', { id: withdrawal })).toMatchObject({ chargeAppliesTo: 'SAVINGS', chargeTimeType: 'WITHDRAWAL_FEE', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '1', penalty: false });
    expect(await b.manager.ok('charges.get', { id: weekly })).toMatchObject({ chargeTimeType: 'OVERDUE_INSTALLMENT', chargeCalculationType: 'FLAT', feeFrequency: 'WEEKS', feeInterval: 2 });
    // the list by name, and by what the charges apply to (name or code)
    expect((await b.teller.ok('charges.list', {})).map((c) => c.name)).toEqual(['Field visit fee', 'Late payment penalty', 'Weekly late', 'Withdrawal 1%']);
    expect((await b.officer.ok('charges.list', { chargeAppliesTo: 'SAVINGS' })).map((c) => c.id)).toEqual([withdrawal]);
    expect((await b.accountant.ok('charges.list', { chargeAppliesTo: 1 } as never)).map((c) => c.id)).toEqual([2, 1, weekly]);
    // one logged command each, naming the charge
    const log = b.core.db.prepare("SELECT entity_ids_json FROM command_log WHERE operation = 'charges.create' ORDER BY seq").all() as { entity_ids_json: string }[];
    expect(log.map((r) => JSON.parse(r.entity_ids_json))).toEqual([['charge:1'], ['charge:2'], [`charge:${withdrawal}`], [`charge:${weekly}`]]);
    assertInvariants(b.core);
  });

  it('takes the savings fees with their days, a withdrawal fee tied to a payment type, caps and an income account', async () => {
    const b = await lendingBranch();
    const savings = { currencyCode: 'KES', chargeAppliesTo: 'SAVINGS', chargeCalculationType: 'FLAT', amount: '50' };
    const annual = await b.manager.ok('charges.create', { ...savings, name: 'Annual fee', chargeTimeType: 'ANNUAL_FEE', feeOnMonthDay: '1-15' } as never);
    const monthly = await b.manager.ok('charges.create', { ...savings, name: 'Ledger fee', chargeTimeType: 'MONTHLY_FEE', feeOnMonthDay: '5', feeInterval: 3 } as never);
    const weekly = await b.manager.ok('charges.create', { ...savings, name: 'Weekly fee', chargeTimeType: 'WEEKLY_FEE', feeInterval: 1 } as never);
    const activation = await b.manager.ok('charges.create', { ...savings, name: 'Opening fee', chargeTimeType: 'SAVINGS_ACTIVATION' } as never);
    const mobile = await b.manager.ok('charges.create', { ...savings, name: 'Mobile withdrawal', chargeTimeType: 'WITHDRAWAL_FEE', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '1.5', paymentTypeCode: 'MOBILE_MONEY', minCap: '10', maxCap: '200' } as never);
    const { id: other } = await b.admin.ok('accounting.createAccount', { code: '4250', name: 'Savings fee income', type: 'INCOME', parentId: 18, manualEntriesAllowed: false });
    const fee = await b.manager.ok('charges.create', { ...savings, name: 'Statement fee', chargeTimeType: 'SPECIFIED_DUE_DATE', incomeAccountId: other } as never);
    expect(await b.manager.ok('charges.get', annual)).toMatchObject({ feeOnMonthDay: '01-15', feeInterval: null });
    expect(await b.manager.ok('charges.get', monthly)).toMatchObject({ feeOnMonthDay: '05', feeInterval: 3 });
    expect(await b.manager.ok('charges.get', weekly)).toMatchObject({ feeOnMonthDay: null, feeInterval: 1 });
    expect(await b.manager.ok('charges.get', activation)).toMatchObject({ chargeTimeType: 'SAVINGS_ACTIVATION' });
    expect(await b.manager.ok('charges.get', mobile)).toMatchObject({ paymentType: { code: 'MOBILE_MONEY', name: 'Mobile money' }, minCap: '10.00', maxCap: '200.00' });
    expect(await b.manager.ok('charges.get', fee)).toMatchObject({ incomeAccount: { id: other, code: '4250', name: 'Savings fee income' } });

    // Fineract's Charge keeps caps only for a percentage of the amount and drops them silently: Branchbox drops them
    // with a warning
    const env = await b.manager.raw('charges.create', { ...VISIT, name: 'Capped flat', minCap: '10' });
    expect(env).toMatchObject({ ok: true, warnings: [{ code: 'IGNORED_FIELDS', details: { fields: ['minCap'] } }] });
    if (env.ok) expect(await b.manager.ok('charges.get', env.data as { id: number })).toMatchObject({ minCap: null, maxCap: null });
    assertInvariants(b.core);
  });

  it('refuses what Fineract refuses, naming the field, writing nothing', async () => {
    const b = await lendingBranch();
    const { id: asset } = await b.admin.ok('accounting.createAccount', { code: '1250', name: 'Something', type: 'ASSET', parentId: 1, manualEntriesAllowed: false });
    await b.manager.ok('charges.create', VISIT as never);
    const before = snapshot(b.core);
    const savings = { name: 'S', currencyCode: 'KES', chargeAppliesTo: 'SAVINGS', chargeCalculationType: 'FLAT', amount: '50' };
    const cases: [Record<string, unknown>, string, string?][] = [
      // ChargeTimeType.validLoanValues / validSavingsValues
      [{ ...VISIT, name: 'A', chargeTimeType: 'SAVINGS_ACTIVATION' }, 'chargeTimeType'],
      [{ ...savings, chargeTimeType: 'INSTALMENT_FEE' }, 'chargeTimeType'],
      [{ ...VISIT, name: 'A', chargeTimeType: 12 }, 'chargeTimeType'], // tranche disbursement: not in Branchbox
      // ChargeCalculationType.validValuesForSavings
      [{ ...savings, chargeTimeType: 'SPECIFIED_DUE_DATE', chargeCalculationType: 'PERCENT_OF_INTEREST' }, 'chargeCalculationType'],
      // performChargeTimeNCalculationTypeValidation: % of disbursement amount only for tranche disbursement charges
      [{ ...VISIT, name: 'A', chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'PERCENT_OF_DISBURSEMENT_AMOUNT' }, 'chargeCalculationType'],
      // Charge: a savings percentage only for a withdrawal fee
      [{ ...savings, chargeTimeType: 'ANNUAL_FEE', chargeCalculationType: 'PERCENT_OF_AMOUNT', feeOnMonthDay: '01-01' }, 'chargeCalculationType'],
      // ChargeDueAtDisbursementCannotBePenaltyException, ChargeMustBePenaltyException
      [{ ...VISIT, name: 'A', chargeTimeType: 'DISBURSEMENT', penalty: true }, 'penalty'],
      [{ ...PENALTY, name: 'A', penalty: false }, 'penalty'],
      // feeFrequency needs feeInterval; a monthly fee needs its day and an interval of 1 to 12; annual needs a real day
      [{ ...PENALTY, name: 'A', feeInterval: undefined }, 'feeInterval'],
      [{ ...PENALTY, name: 'A', feeFrequency: 4 }, 'feeFrequency'],
      [{ ...savings, chargeTimeType: 'MONTHLY_FEE', feeInterval: 1 }, 'feeOnMonthDay'],
      [{ ...savings, chargeTimeType: 'MONTHLY_FEE', feeOnMonthDay: '05', feeInterval: 13 }, 'feeInterval'],
      [{ ...savings, chargeTimeType: 'ANNUAL_FEE', feeOnMonthDay: '02-30' }, 'feeOnMonthDay'],
      [{ ...savings, chargeTimeType: 'WEEKLY_FEE', feeInterval: 1, feeOnMonthDay: '01-01' }, 'feeOnMonthDay'],
      [{ ...VISIT, name: 'A', feeFrequency: 'DAYS', feeInterval: 1 }, 'feeFrequency'],
      // the branch's currency, the currency's decimals, a percentage at most 100
      [{ ...VISIT, name: 'A', currencyCode: 'UGX' }, 'currencyCode'],
      [{ ...VISIT, name: 'A', amount: '150.001' }, 'amount'],
      [{ ...PENALTY, name: 'A', amount: '100.5' }, 'amount'],
      [{ ...VISIT, name: 'A', amount: '0' }, 'amount'],
      // a payment type is a savings withdrawal fee's; caps the right way round; an income account
      [{ ...VISIT, name: 'A', paymentTypeCode: 'CASH' }, 'paymentTypeId'],
      [{ ...savings, chargeTimeType: 'WITHDRAWAL_FEE', paymentTypeCode: 'CHEQUE' }, 'paymentTypeCode'],
      [{ ...savings, chargeTimeType: 'WITHDRAWAL_FEE', enablePaymentType: true }, 'paymentTypeId'],
      [{ ...savings, chargeTimeType: 'WITHDRAWAL_FEE', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '1', minCap: '50', maxCap: '20' }, 'maxCap'],
      [{ ...VISIT, name: 'A', incomeAccountId: asset }, 'incomeAccountId'],
      [{ ...VISIT, name: 'A', chargeAppliesTo: 3 }, 'chargeAppliesTo'], // client charges: not in Branchbox
      [{ ...VISIT, name: 'A', taxGroupId: 1 }, 'taxGroupId'],
      [{ ...VISIT }, 'name', 'DUPLICATE'],
    ];
    for (const [input, field, code = 'VALIDATION_FAILED'] of cases) {
      const err = await b.manager.err('charges.create', input);
      expect([err.code, err.fields?.map((f) => f.field)], JSON.stringify(input)).toEqual([code, [field]]);
    }
    for (const who of [b.teller, b.officer, b.accountant]) expect((await who.err('charges.create', { ...VISIT, name: 'A' })).code).toBe('PERMISSION_DENIED');
    expect(snapshot(b.core)).toBe(before);
  });
});

describe('charges.update', () => {
  it('changes what is given, checks the whole charge again, and keeps what products carry as Fineract does', async () => {
    const b = await lendingBranch();
    const { id: penalty } = await b.manager.ok('charges.create', PENALTY as never);
    const { id: visit } = await b.manager.ok('charges.create', VISIT as never);
    const { id: withdrawal } = await b.manager.ok('charges.create', { name: 'Withdrawal fee', currencyCode: 'KES', chargeAppliesTo: 'SAVINGS', chargeTimeType: 'WITHDRAWAL_FEE', chargeCalculationType: 'FLAT', amount: '20' } as never);
    expect(await b.manager.ok('charges.update', { id: visit, amount: '175', name: 'Field visit' })).toEqual({ id: visit });
    expect(await b.manager.ok('charges.get', { id: visit })).toMatchObject({ name: 'Field visit', amount: '175', chargeTimeType: 'SPECIFIED_DUE_DATE', penalty: false });
    // tied to mobile money, then untied
    await b.manager.ok('charges.update', { id: withdrawal, paymentTypeCode: 'MOBILE_MONEY' });
    expect((await b.manager.ok('charges.get', { id: withdrawal })).paymentType?.code).toBe('MOBILE_MONEY');
    await b.manager.ok('charges.update', { id: withdrawal, enablePaymentType: false });
    expect((await b.manager.ok('charges.get', { id: withdrawal })).paymentType).toBeNull();

    await b.manager.ok('loanProducts.update', { id: b.productId, ...BIASHARA, charges: [{ id: penalty }, { id: visit }] } as never);
    const before = snapshot(b.core);
    const refusals: [Record<string, unknown>, string, string][] = [
      // ChargeParameterUpdateNotSupportedException
      [{ id: visit, chargeAppliesTo: 'SAVINGS' }, 'chargeAppliesTo', 'VALIDATION_FAILED'],
      // the whole charge checked again: a fee due at disbursement cannot be a penalty
      [{ id: visit, chargeTimeType: 'DISBURSEMENT', penalty: true }, 'penalty', 'VALIDATION_FAILED'],
      // ChargeCannotBeUpdatedException: not deactivated, nor its frequency changed, while a loan product carries it
      [{ id: visit, active: false }, 'active', 'INVALID_STATE'],
      [{ id: penalty, feeFrequency: 'WEEKS' }, 'feeFrequency', 'INVALID_STATE'],
      [{ id: penalty, name: 'Field visit' }, 'name', 'DUPLICATE'],
      [{ id: 99, amount: '1' }, 'id', 'NOT_FOUND'],
    ];
    for (const [input, field, code] of refusals) {
      const err = await b.manager.err('charges.update', input);
      expect([err.code, err.fields?.map((f) => f.field)], JSON.stringify(input)).toEqual([code, [field]]);
    }
    expect(snapshot(b.core)).toBe(before);
    // its amount may change (loans submitted afterwards take it); a charge no product carries may be deactivated
    await b.manager.ok('charges.update', { id: penalty, amount: '2.5' });
    await b.manager.ok('charges.update', { id: withdrawal, active: false });
    expect((await b.manager.ok('charges.list', { activeOnly: true })).map((c) => c.name)).toEqual(['Field visit', 'Late payment penalty']);
    assertInvariants(b.core);
  });
});
