import {
  CALCULATION_TYPES_FOR,
  TIME_TYPES_FOR,
  type CatalogueChargeTimeType,
  type Charge,
  type ChargeAppliesTo,
  type ChargeInput,
  type ChargeUpdateInput,
  type ProductCharge,
} from '../../../../shared/contract/charges';
import { compareDecimalText, type ChargeCalculationType, type FeeFrequencyType, type ScheduleCharge } from '../../../../shared/contract/loanSchedule';
import { AppError, invalidField } from '../../../../shared/errors';
import { formatMoney, parseMoneyField } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import type { HandlerContext } from '../../dispatch/context';
import type { Registry } from '../../dispatch/registry';
import { resolvePaymentType } from '../common/paymentTypes';
import { getOrganisation, newGlobalId } from '../organisation';

/**
 * The charge catalogue (services/charges/README.md "The catalogue"; Fineract's m_charge): `charges.create | update |
 * get | list`, and what products do with it: the charges a product carries (`product_charges`), a charge written out
 * in a product's input made into a catalogue charge, and the copy a loan takes into its terms when it is submitted.
 */

export type ProductType = ChargeAppliesTo;

interface ChargeRow {
  id: number;
  global_id: string;
  name: string;
  currency_code: string;
  applies_to: ChargeAppliesTo;
  time_type: CatalogueChargeTimeType;
  calculation_type: ChargeCalculationType;
  amount: string;
  penalty: number;
  fee_frequency: FeeFrequencyType | null;
  fee_interval: number | null;
  fee_on_month_day: string | null;
  payment_type_id: number | null;
  min_cap: number | null;
  max_cap: number | null;
  gl_income: number | null;
  active: number;
}

/** A charge as the rules check it and the table keeps it (amounts of the caps in minor units). */
interface Definition {
  name: string;
  currencyCode: string;
  amount: string;
  appliesTo: ChargeAppliesTo;
  timeType: CatalogueChargeTimeType;
  calculationType: ChargeCalculationType;
  penalty: boolean;
  active: boolean;
  feeFrequency: FeeFrequencyType | null;
  feeInterval: number | null;
  feeOnMonthDay: string | null;
  paymentTypeId: number | null;
  minCap: number | null;
  maxCap: number | null;
  incomeAccountId: number | null;
}

/** The most decimals a percentage keeps (Fineract's m_charge.amount has scale 6). */
const PERCENT_DECIMALS = 6;

export function findChargeRow(db: Db, id: number): ChargeRow | undefined {
  return sql<[number], ChargeRow>(db, 'SELECT * FROM charges WHERE id = ?').get(id);
}

function getChargeRow(db: Db, id: number, field = 'id'): ChargeRow {
  const r = findChargeRow(db, id);
  if (!r) throw new AppError('NOT_FOUND', `There is no charge ${id}`, [{ field, code: 'not_found', message: 'no such charge' }]);
  return r;
}

const invalid = (prefix: string, field: string, message: string, code = 'invalid') => invalidField(`${prefix}${field}`, message, code);

/** "MM-DD" of a real day of the year (29 February is one, as Fineract's MonthDay has it), or null. */
function monthDay(text: string): string | null {
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(text);
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  const lengths = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (month < 1 || month > 12 || day < 1 || day > lengths[month - 1]!) return null;
  return `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Checks a charge as Fineract's ChargeDefinitionCommandFromApiJsonDeserializer and the Charge entity do, naming the
 * field of each problem (`prefix` places it inside a product's input: "charges.0."). Returns what the table keeps.
 */
function checkDefinition(ctx: HandlerContext, d: Definition, prefix = ''): Definition {
  const db = ctx.db;
  const org = getOrganisation(db);
  if (d.currencyCode !== org.currency.code) throw invalid(prefix, 'currencyCode', `must be ${org.currency.code}, the branch currency`, 'branch_currency');
  const kind = d.appliesTo === 'LOAN' ? 'loan' : 'savings';
  // ChargeTimeType.validLoanValues / validSavingsValues
  if (!TIME_TYPES_FOR[d.appliesTo].includes(d.timeType)) {
    throw invalid(prefix, 'chargeTimeType', `is not a time of ${kind} charges (${TIME_TYPES_FOR[d.appliesTo].join(', ')})`, 'charge_time_not_allowed');
  }
  // ChargeCalculationType.validValuesForLoan / validValuesForSavings
  if (!CALCULATION_TYPES_FOR[d.appliesTo].includes(d.calculationType)) {
    throw invalid(prefix, 'chargeCalculationType', `is not a calculation of ${kind} charges (${CALCULATION_TYPES_FOR[d.appliesTo].join(', ')})`, 'charge_calculation_not_allowed');
  }
  // performChargeTimeNCalculationTypeValidation: a percentage of the disbursement amount only for a tranche
  // disbursement charge, which Branchbox (one disbursement per loan) does not have
  if (d.calculationType === 'PERCENT_OF_DISBURSEMENT_AMOUNT') {
    throw invalid(prefix, 'chargeCalculationType', 'is taken only by tranche disbursement charges, as in Fineract: use PERCENT_OF_AMOUNT', 'tranche_only');
  }
  // Charge: a savings percentage only for a withdrawal fee (the no-activity fee comes with dormancy)
  if (d.appliesTo === 'SAVINGS' && d.calculationType === 'PERCENT_OF_AMOUNT' && d.timeType !== 'WITHDRAWAL_FEE') {
    throw invalid(prefix, 'chargeCalculationType', 'a percentage of the amount is allowed only for a withdrawal fee', 'percentage_not_allowed');
  }
  if (d.appliesTo === 'LOAN') {
    // ChargeDueAtDisbursementCannotBePenaltyException, ChargeMustBePenaltyException
    if (d.penalty && d.timeType === 'DISBURSEMENT') throw invalid(prefix, 'penalty', 'a charge due at disbursement cannot be a penalty', 'disbursement_penalty');
    if (!d.penalty && d.timeType === 'OVERDUE_INSTALLMENT') throw invalid(prefix, 'penalty', 'an overdue-installment charge must be a penalty', 'overdue_must_be_penalty');
  }

  const out: Definition = { ...d };
  const dp = org.currency.decimalPlaces;
  if (d.calculationType === 'FLAT') {
    parseMoneyField(d.amount, dp, `${prefix}amount`);
  } else {
    const frac = d.amount.split('.')[1] ?? '';
    if (frac.replace(/0+$/, '').length > PERCENT_DECIMALS) throw invalid(prefix, 'amount', `a percentage has at most ${PERCENT_DECIMALS} decimals`, 'tooManyDecimals');
    if (compareDecimalText(d.amount, '100') > 0) throw invalid(prefix, 'amount', 'a percentage must be at most 100', 'percentMax');
  }

  // how often the charge falls: overdue penalties (feeFrequency + feeInterval), monthly and weekly savings fees
  // (feeInterval), annual and monthly fees (feeOnMonthDay)
  if (d.feeFrequency !== null && d.timeType !== 'OVERDUE_INSTALLMENT') {
    throw invalid(prefix, 'feeFrequency', 'is taken only by an overdue-installment penalty (how often it falls again)', 'not_used_by_charge');
  }
  if (d.feeFrequency !== null && d.feeInterval === null) throw invalid(prefix, 'feeInterval', 'is required with feeFrequency', 'required');
  if (d.feeInterval !== null && !['OVERDUE_INSTALLMENT', 'MONTHLY_FEE', 'WEEKLY_FEE'].includes(d.timeType)) {
    throw invalid(prefix, 'feeInterval', 'is taken only by overdue penalties and monthly or weekly fees', 'not_used_by_charge');
  }
  if (d.timeType === 'OVERDUE_INSTALLMENT' && d.feeInterval !== null && d.feeFrequency === null) {
    throw invalid(prefix, 'feeFrequency', 'is required with feeInterval', 'required');
  }
  if (d.timeType === 'MONTHLY_FEE') {
    if (d.feeInterval === null) throw invalid(prefix, 'feeInterval', 'is required for a monthly fee (every 1 to 12 months)', 'required');
    if (d.feeInterval > 12) throw invalid(prefix, 'feeInterval', 'must be from 1 to 12 months', 'interval_months');
  }
  if (d.timeType === 'WEEKLY_FEE' && d.feeInterval === null) throw invalid(prefix, 'feeInterval', 'is required for a weekly fee (every how many weeks)', 'required');
  if (d.timeType === 'ANNUAL_FEE' || d.timeType === 'MONTHLY_FEE') {
    if (d.feeOnMonthDay === null) throw invalid(prefix, 'feeOnMonthDay', `is required for ${d.timeType === 'ANNUAL_FEE' ? 'an annual' : 'a monthly'} fee`, 'required');
    const dayOnly = /^\d{1,2}$/.test(d.feeOnMonthDay) && d.timeType === 'MONTHLY_FEE';
    const normal = dayOnly ? (Number(d.feeOnMonthDay) >= 1 && Number(d.feeOnMonthDay) <= 31 ? d.feeOnMonthDay.padStart(2, '0') : null) : monthDay(d.feeOnMonthDay);
    if (normal === null) throw invalid(prefix, 'feeOnMonthDay', d.timeType === 'ANNUAL_FEE' ? 'must be a day of the year written MM-DD' : 'must be MM-DD, or DD (a day of the month)', 'month_day');
    out.feeOnMonthDay = normal;
  } else if (d.feeOnMonthDay !== null) {
    throw invalid(prefix, 'feeOnMonthDay', 'is taken only by annual and monthly fees', 'not_used_by_charge');
  }

  if (d.paymentTypeId !== null && !(d.appliesTo === 'SAVINGS' && d.timeType === 'WITHDRAWAL_FEE')) {
    throw invalid(prefix, 'paymentTypeId', 'only a savings withdrawal fee is tied to a payment type', 'payment_type_not_allowed');
  }

  // Charge keeps the caps only of a percentage of the amount (isPercentageOfApprovedAmount); Fineract drops them
  // silently otherwise: so does Branchbox, with a warning
  if (d.calculationType !== 'PERCENT_OF_AMOUNT') {
    if (d.minCap !== null || d.maxCap !== null) {
      ctx.warn({ code: 'IGNORED_FIELDS', message: 'minCap and maxCap apply to a percentage of the amount only: not kept', details: { fields: ['minCap', 'maxCap'].filter((f) => (f === 'minCap' ? d.minCap : d.maxCap) !== null) } });
    }
    out.minCap = null;
    out.maxCap = null;
  } else if (d.minCap !== null && d.maxCap !== null && d.minCap > d.maxCap) {
    throw invalid(prefix, 'maxCap', 'must not be below minCap', 'below_min');
  }

  if (d.incomeAccountId !== null) {
    const a = sql<[number], { usage: string; active: number; type: string }>(db, 'SELECT usage, active, type FROM gl_accounts WHERE id = ?').get(d.incomeAccountId);
    if (!a || a.usage !== 'DETAIL' || a.active !== 1 || !['INCOME', 'LIABILITY'].includes(a.type)) {
      throw invalid(prefix, 'incomeAccountId', 'must be an active income (or liability) detail GL account', 'income_account');
    }
  }
  return out;
}

/** The payment type a withdrawal fee is tied to: Fineract's enablePaymentType + paymentTypeId, or paymentTypeCode. */
function paymentTypeOf(db: Db, i: { enablePaymentType?: boolean | undefined; paymentTypeId?: number | null | undefined; paymentTypeCode?: string | null | undefined }, current: number | null): number | null {
  const given = (i.paymentTypeId ?? null) !== null || (i.paymentTypeCode ?? null) !== null;
  if (i.enablePaymentType === false) {
    if (given) throw invalidField('paymentTypeId', 'must be left out when enablePaymentType is false', 'payment_type_not_allowed');
    return null;
  }
  if (!given) {
    if (i.enablePaymentType === true && current === null) throw invalidField('paymentTypeId', 'is required with enablePaymentType', 'required');
    // left out on update: kept; set to null: removed
    return i.paymentTypeId === null || i.paymentTypeCode === null ? null : current;
  }
  return resolvePaymentType(db, { paymentTypeId: i.paymentTypeId ?? undefined, paymentTypeCode: i.paymentTypeCode ?? undefined }).id;
}

function capOf(text: string | null | undefined, dp: number, field: string): number | null {
  if (text === null || text === undefined) return null;
  const v = parseMoneyField(text, dp, field);
  // Fineract: positiveAmount
  if (v <= 0) throw invalidField(field, 'must be greater than zero');
  return v;
}

function nameTaken(db: Db, name: string, id: number | null): boolean {
  return sql<[string, number], { id: number }>(db, 'SELECT id FROM charges WHERE name = ? AND id <> ?').get(name, id ?? 0) !== undefined;
}

/** A definition as the named parameters of the charges table's statements. */
function rowOf(d: Definition, now: string) {
  return {
    name: d.name,
    currency_code: d.currencyCode,
    time_type: d.timeType,
    calculation_type: d.calculationType,
    amount: d.amount,
    penalty: d.penalty ? 1 : 0,
    fee_frequency: d.feeFrequency,
    fee_interval: d.feeInterval,
    fee_on_month_day: d.feeOnMonthDay,
    payment_type_id: d.paymentTypeId,
    min_cap: d.minCap,
    max_cap: d.maxCap,
    gl_income: d.incomeAccountId,
    active: d.active ? 1 : 0,
    now,
  };
}

function insertCharge(ctx: HandlerContext, d: Definition): number {
  const id = Number(
    sql(
      ctx.db,
      `INSERT INTO charges (global_id, name, currency_code, applies_to, time_type, calculation_type, amount, penalty, fee_frequency,
         fee_interval, fee_on_month_day, payment_type_id, min_cap, max_cap, gl_income, active, created_at, updated_at)
       VALUES (@global_id, @name, @currency_code, @applies_to, @time_type, @calculation_type, @amount, @penalty, @fee_frequency,
         @fee_interval, @fee_on_month_day, @payment_type_id, @min_cap, @max_cap, @gl_income, @active, @now, @now)`,
    ).run({ ...rowOf(d, ctx.clock.now().toISOString()), global_id: newGlobalId(ctx.db, 'charge'), applies_to: d.appliesTo }).lastInsertRowid,
  );
  ctx.touched('charge', id);
  return id;
}

function createCharge(ctx: HandlerContext, input: ChargeInput): number {
  const db = ctx.db;
  const dp = getOrganisation(db).currency.decimalPlaces;
  const d = checkDefinition(ctx, {
    name: input.name,
    currencyCode: input.currencyCode,
    amount: input.amount,
    appliesTo: input.chargeAppliesTo,
    timeType: input.chargeTimeType,
    calculationType: input.chargeCalculationType,
    penalty: input.penalty,
    active: input.active,
    feeFrequency: input.feeFrequency ?? null,
    feeInterval: input.feeInterval ?? null,
    feeOnMonthDay: input.feeOnMonthDay ?? null,
    paymentTypeId: paymentTypeOf(db, input, null),
    minCap: capOf(input.minCap, dp, 'minCap'),
    maxCap: capOf(input.maxCap, dp, 'maxCap'),
    incomeAccountId: input.incomeAccountId ?? null,
  });
  if (nameTaken(db, d.name, null)) throw new AppError('DUPLICATE', `A charge is already named ${d.name}`, [{ field: 'name', code: 'charge_name_taken', message: 'is already the name of another charge' }]);
  return insertCharge(ctx, d);
}

function definitionOf(r: ChargeRow): Definition {
  return {
    name: r.name,
    currencyCode: r.currency_code,
    amount: r.amount,
    appliesTo: r.applies_to,
    timeType: r.time_type,
    calculationType: r.calculation_type,
    penalty: r.penalty === 1,
    active: r.active === 1,
    feeFrequency: r.fee_frequency,
    feeInterval: r.fee_interval,
    feeOnMonthDay: r.fee_on_month_day,
    paymentTypeId: r.payment_type_id,
    minCap: r.min_cap,
    maxCap: r.max_cap,
    incomeAccountId: r.gl_income,
  };
}

function carriedBy(db: Db, chargeId: number): { productType: ProductType; id: number; name: string }[] {
  return sql<[number], { productType: ProductType; id: number; name: string }>(
    db,
    `SELECT pc.product_type AS productType, pc.product_id AS id, coalesce(lp.name, sp.name) AS name
       FROM product_charges pc
       LEFT JOIN loan_products lp ON pc.product_type = 'LOAN' AND lp.id = pc.product_id
       LEFT JOIN savings_products sp ON pc.product_type = 'SAVINGS' AND sp.id = pc.product_id
      WHERE pc.charge_id = ? ORDER BY pc.product_type, name`,
  ).all(chargeId);
}

/**
 * charges.update: what is given changes (null clears an optional field), then the whole charge is checked again as
 * on create. As Fineract's ChargeWritePlatformService: chargeAppliesTo never changes; a charge a product carries
 * cannot be deactivated, nor, for a loan charge, have its penalty frequency changed.
 */
function updateCharge(ctx: HandlerContext, input: ChargeUpdateInput): number {
  const db = ctx.db;
  const row = getChargeRow(db, input.id);
  const was = definitionOf(row);
  if (input.chargeAppliesTo !== undefined && input.chargeAppliesTo !== was.appliesTo) {
    throw invalidField('chargeAppliesTo', 'cannot be changed (as in Fineract): make a new charge', 'not_updatable');
  }
  const dp = getOrganisation(db).currency.decimalPlaces;
  const pick = <T>(v: T | undefined, old: T): T => (v === undefined ? old : v);
  const d = checkDefinition(ctx, {
    name: pick(input.name, was.name),
    currencyCode: pick(input.currencyCode, was.currencyCode),
    amount: pick(input.amount, was.amount),
    appliesTo: was.appliesTo,
    timeType: pick(input.chargeTimeType, was.timeType),
    calculationType: pick(input.chargeCalculationType, was.calculationType),
    penalty: pick(input.penalty, was.penalty),
    active: pick(input.active, was.active),
    feeFrequency: pick(input.feeFrequency, was.feeFrequency),
    feeInterval: pick(input.feeInterval, was.feeInterval),
    feeOnMonthDay: pick(input.feeOnMonthDay, was.feeOnMonthDay),
    paymentTypeId: paymentTypeOf(db, input, was.paymentTypeId),
    minCap: input.minCap === undefined ? was.minCap : capOf(input.minCap, dp, 'minCap'),
    maxCap: input.maxCap === undefined ? was.maxCap : capOf(input.maxCap, dp, 'maxCap'),
    incomeAccountId: pick(input.incomeAccountId, was.incomeAccountId),
  });
  const products = carriedBy(db, row.id);
  if (was.active && !d.active && products.length > 0) {
    throw new AppError('INVALID_STATE', `The charge ${row.name} is carried by ${products.map((p) => p.name).join(', ')}: take it off first`, [
      { field: 'active', code: 'charge_in_use', message: `is carried by the products ${products.map((p) => p.name).join(', ')}` },
    ]);
  }
  if (d.appliesTo === 'LOAN' && products.length > 0) {
    for (const f of ['feeFrequency', 'feeInterval'] as const) {
      if (d[f] !== was[f]) {
        throw new AppError('INVALID_STATE', `The charge ${row.name} is carried by a loan product: its ${f} cannot change`, [
          { field: f, code: 'charge_in_use', message: 'cannot change while a loan product carries the charge' },
        ]);
      }
    }
  }
  if (nameTaken(db, d.name, row.id)) throw new AppError('DUPLICATE', `A charge is already named ${d.name}`, [{ field: 'name', code: 'charge_name_taken', message: 'is already the name of another charge' }]);
  sql(
    db,
    `UPDATE charges SET name = @name, currency_code = @currency_code, time_type = @time_type, calculation_type = @calculation_type,
       amount = @amount, penalty = @penalty, fee_frequency = @fee_frequency, fee_interval = @fee_interval,
       fee_on_month_day = @fee_on_month_day, payment_type_id = @payment_type_id, min_cap = @min_cap, max_cap = @max_cap,
       gl_income = @gl_income, active = @active, updated_at = @now
     WHERE id = @id`,
  ).run({ ...rowOf(d, ctx.clock.now().toISOString()), id: row.id });
  ctx.touched('charge', row.id);
  return row.id;
}

function toCharge(db: Db, r: ChargeRow): Charge {
  const dp = getOrganisation(db).currency.decimalPlaces;
  const pt = r.payment_type_id === null ? undefined : sql<[number], { id: number; code: string; name: string }>(db, 'SELECT id, code, name FROM payment_types WHERE id = ?').get(r.payment_type_id);
  const gl = r.gl_income === null ? undefined : sql<[number], { id: number; code: string; name: string }>(db, 'SELECT id, code, name FROM gl_accounts WHERE id = ?').get(r.gl_income);
  return {
    id: r.id,
    name: r.name,
    currencyCode: r.currency_code,
    amount: r.amount,
    chargeAppliesTo: r.applies_to,
    chargeTimeType: r.time_type,
    chargeCalculationType: r.calculation_type,
    penalty: r.penalty === 1,
    active: r.active === 1,
    feeFrequency: r.fee_frequency,
    feeInterval: r.fee_interval,
    feeOnMonthDay: r.fee_on_month_day,
    paymentType: pt ?? null,
    minCap: r.min_cap === null ? null : formatMoney(r.min_cap, dp),
    maxCap: r.max_cap === null ? null : formatMoney(r.max_cap, dp),
    incomeAccount: gl ?? null,
    products: carriedBy(db, r.id),
  };
}

// ----- products and their charges ---------------------------------------------------------------------------

interface CarriedRow extends ChargeRow {
  position: number;
}

function carriedRows(db: Db, type: ProductType, productId: number): CarriedRow[] {
  return sql<[ProductType, number], CarriedRow>(
    db,
    `SELECT c.*, pc.position FROM product_charges pc JOIN charges c ON c.id = pc.charge_id
      WHERE pc.product_type = ? AND pc.product_id = ? ORDER BY pc.position, c.id`,
  ).all(type, productId);
}

/** The charges a product carries, in its order, as the product lists them. */
export function productCharges(db: Db, type: ProductType, productId: number): ProductCharge[] {
  return carriedRows(db, type, productId).map((r) => ({
    id: r.id,
    name: r.name,
    chargeTimeType: r.time_type,
    chargeCalculationType: r.calculation_type,
    amount: r.amount,
    penalty: r.penalty === 1,
    active: r.active === 1,
  }));
}

/** A loan's copy of a catalogue charge in its terms: the fields the schedule uses, the charge, its penalty flag and frequency. */
function asTermCharge(r: ChargeRow): ScheduleCharge {
  return {
    name: r.name,
    chargeTimeType: r.time_type as ScheduleCharge['chargeTimeType'],
    chargeCalculationType: r.calculation_type,
    amount: r.amount,
    chargeId: r.id,
    penalty: r.penalty === 1,
    ...(r.fee_frequency !== null ? { feeFrequency: r.fee_frequency } : {}),
    ...(r.fee_interval !== null ? { feeInterval: r.fee_interval } : {}),
  };
}

/** These loan charges of the catalogue as a loan's terms keep them (the product's charges, in its order). */
export function scheduleChargesOf(db: Db, ids: readonly number[]): ScheduleCharge[] {
  return ids.map((id) => asTermCharge(findChargeRow(db, id)!));
}

/**
 * The charges a new loan of the product takes into its terms (services/loans/lifecycle.ts): the product's active
 * catalogue charges (a charge a product carries cannot be deactivated, so all of them).
 */
export function loanTermCharges(db: Db, productId: number): ScheduleCharge[] {
  return carriedRows(db, 'LOAN', productId).filter((r) => r.active === 1).map(asTermCharge);
}

/**
 * Checks the catalogue charges a product's input names (`field` "charges", each "charges.N.id"): they exist, apply
 * to this kind of product (Fineract's ChargeCannotBeAppliedToException), are in the product's currency
 * (InvalidCurrencyException), are active, and are named once.
 */
export function checkProductCharges(db: Db, type: ProductType, currencyCode: string, ids: readonly number[], field = 'charges'): void {
  const seen = new Set<number>();
  ids.forEach((id, i) => {
    const f = `${field}.${i}.id`;
    const r = findChargeRow(db, id);
    if (!r) throw invalidField(f, 'is not a charge of the catalogue', 'not_found');
    if (r.applies_to !== type) throw invalidField(f, `is a ${r.applies_to === 'LOAN' ? 'loan' : 'savings'} charge: a ${type === 'LOAN' ? 'loan' : 'savings'} product takes ${type === 'LOAN' ? 'loan' : 'savings'} charges`, 'wrong_kind');
    if (r.currency_code !== currencyCode) throw invalidField(f, `is a charge in ${r.currency_code}: the product is in ${currencyCode}`, 'other_currency');
    if (r.active !== 1) throw invalidField(f, 'is not active', 'charge_inactive');
    if (seen.has(id)) throw invalidField(f, 'is named twice', 'listed_twice');
    seen.add(id);
  });
}

/** Makes the product carry exactly these charges, in this order (rows rewritten only when something changed). */
export function setProductCharges(ctx: HandlerContext, type: ProductType, productId: number, ids: readonly number[]): void {
  const db = ctx.db;
  const now = carriedRows(db, type, productId).map((r) => r.id);
  if (now.length === ids.length && now.every((id, i) => id === ids[i])) return;
  sql(db, 'DELETE FROM product_charges WHERE product_type = ? AND product_id = ?').run(type, productId);
  ids.forEach((id, i) => sql(db, 'INSERT INTO product_charges (product_type, product_id, charge_id, position) VALUES (?, ?, ?, ?)').run(type, productId, id, i));
}

/** A charge written out in a product's input (the shape before the catalogue). */
export interface InlineCharge {
  name?: string | undefined;
  chargeTimeType: CatalogueChargeTimeType;
  chargeCalculationType: ChargeCalculationType;
  amount: string;
  penalty?: boolean | undefined;
  feeFrequency?: FeeFrequencyType | undefined;
  feeInterval?: number | undefined;
}

const DEFAULT_NAMES: Record<CatalogueChargeTimeType, string> = {
  DISBURSEMENT: 'Disbursement fee',
  SPECIFIED_DUE_DATE: 'Fee',
  INSTALMENT_FEE: 'Installment fee',
  OVERDUE_INSTALLMENT: 'Overdue penalty',
  SAVINGS_ACTIVATION: 'Activation fee',
  WITHDRAWAL_FEE: 'Withdrawal fee',
  ANNUAL_FEE: 'Annual fee',
  MONTHLY_FEE: 'Monthly fee',
  WEEKLY_FEE: 'Weekly fee',
  SAVINGS_NOACTIVITY_FEE: 'No activity fee',
};

/**
 * The catalogue charge a charge written out in a product's input becomes (services/charges/README.md): the charge
 * of that name when it is the same charge (a product saved again, a product exported and imported back), else a new
 * one under that name, or, when the name is another charge's, "name (SHORT)", "name (SHORT 2)" ...
 */
export function catalogueChargeFor(ctx: HandlerContext, type: ProductType, productShortName: string, c: InlineCharge, prefix: string): number {
  const db = ctx.db;
  const org = getOrganisation(db);
  const base = c.name?.trim() || DEFAULT_NAMES[c.chargeTimeType];
  const wanted = checkDefinition(ctx, {
    name: base,
    currencyCode: org.currency.code,
    amount: c.amount,
    appliesTo: type,
    timeType: c.chargeTimeType,
    calculationType: c.chargeCalculationType,
    penalty: c.penalty ?? c.chargeTimeType === 'OVERDUE_INSTALLMENT',
    active: true,
    feeFrequency: c.feeFrequency ?? null,
    feeInterval: c.feeInterval ?? null,
    feeOnMonthDay: null,
    paymentTypeId: null,
    minCap: null,
    maxCap: null,
    incomeAccountId: null,
  }, prefix);
  const same = (r: ChargeRow) =>
    r.applies_to === type &&
    r.currency_code === wanted.currencyCode &&
    r.time_type === wanted.timeType &&
    r.calculation_type === wanted.calculationType &&
    compareDecimalText(r.amount, wanted.amount) === 0 &&
    (r.penalty === 1) === wanted.penalty &&
    r.fee_frequency === wanted.feeFrequency &&
    r.fee_interval === wanted.feeInterval &&
    r.fee_on_month_day === null &&
    r.payment_type_id === null &&
    r.min_cap === null &&
    r.max_cap === null &&
    r.gl_income === null &&
    r.active === 1;
  for (let n = 0; n < 100; n++) {
    const name = n === 0 ? base : `${base} (${productShortName}${n > 1 ? ` ${n}` : ''})`;
    const existing = sql<[string], ChargeRow>(db, 'SELECT * FROM charges WHERE name = ?').get(name);
    if (!existing) return insertCharge(ctx, { ...wanted, name });
    if (same(existing)) return existing.id;
  }
  throw invalid(prefix, 'name', 'is the name of too many other charges: give this charge a name of its own');
}

export function registerCharges(registry: Registry): void {
  registry.register('charges.create', (ctx, input) => ({ id: createCharge(ctx, input) }));
  registry.register('charges.update', (ctx, input) => ({ id: updateCharge(ctx, input) }));
  registry.register('charges.get', (ctx, input) => toCharge(ctx.db, getChargeRow(ctx.db, input.id)));
  registry.register('charges.list', (ctx, input) =>
    sql<[string | null, string | null, number], ChargeRow>(ctx.db, 'SELECT * FROM charges WHERE (? IS NULL OR applies_to = ?) AND (? = 0 OR active = 1) ORDER BY name')
      .all(input.chargeAppliesTo ?? null, input.chargeAppliesTo ?? null, input.activeOnly ? 1 : 0)
      .map((r) => toCharge(ctx.db, r)),
  );
}
