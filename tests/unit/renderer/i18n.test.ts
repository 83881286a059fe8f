import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../../renderer/src/i18n/en.json';
import fr from '../../../renderer/src/i18n/fr.json';
import { ERROR_CODES } from '../../../shared/errors';
import { ROLES } from '../../../shared/permissions';
import {
  DOCUMENT_TYPES,
  GENDERS,
  CLIENT_STATUSES,
  GL_ACCOUNT_TYPES,
  glAccountUsage,
  interestCalculationType,
  interestCompoundingPeriodType,
  interestPostingPeriodType,
  SAVINGS_SUB_STATUSES,
} from '../../../shared/contract';
import * as schedule from '../../../shared/contract/loanSchedule';
import * as charges from '../../../shared/contract/charges';
import { HOLIDAY_RESCHEDULING_TYPES, REPAYMENT_RESCHEDULE_TYPES } from '../../../shared/contract/calendar';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const EN = leaves(en as Tree);
const FR = leaves(fr as Tree);

describe('renderer translations', () => {
  it('English and French have exactly the same keys', () => {
    expect([...FR.keys()].filter((k) => !EN.has(k))).toEqual([]);
    expect([...EN.keys()].filter((k) => !FR.has(k))).toEqual([]);
  });

  it('every error code has a message in both languages', () => {
    for (const code of ERROR_CODES) {
      expect(EN.get(`errors.${code}`), code).toBeTruthy();
      expect(FR.get(`errors.${code}`), code).toBeTruthy();
    }
  });

  it('every field-validation code the core sends has a message', () => {
    const codes = ['required', 'invalid', 'invalid_type', 'too_small', 'too_big', 'invalid_choice', 'invalid_format', 'unknown_field', 'duplicate', 'not_found'];
    for (const code of codes) expect(EN.get(`validation.${code}`), code).toBeTruthy();
  });

  it('every role, gender, document type and status is named', () => {
    for (const r of ROLES) expect(EN.has(`roles.${r}`) && FR.has(`roles.${r}`), r).toBe(true);
    for (const g of GENDERS) expect(FR.has(`clients.genders.${g}`), g).toBe(true);
    for (const d of DOCUMENT_TYPES) expect(FR.has(`clients.documentTypes.${d}`), d).toBe(true);
    for (const s of CLIENT_STATUSES) expect(FR.has(`clients.statuses.${s}`), s).toBe(true);
  });

  it('every value of the loan, savings and accounting enums has its label', () => {
    const groups: [string, readonly string[]][] = [
      ['enums.repaymentFrequencyType', Object.keys(schedule.REPAYMENT_FREQUENCY_TYPES)],
      ['enums.everyUnit', Object.keys(schedule.REPAYMENT_FREQUENCY_TYPES)],
      ['enums.interestRateFrequencyType', Object.keys(schedule.INTEREST_RATE_FREQUENCY_TYPES)],
      ['enums.interestType', Object.keys(schedule.INTEREST_TYPES)],
      ['enums.amortizationType', Object.keys(schedule.AMORTIZATION_TYPES)],
      ['enums.interestCalculationPeriodType', Object.keys(schedule.INTEREST_CALCULATION_PERIOD_TYPES)],
      ['enums.daysInYearType', Object.keys(schedule.DAYS_IN_YEAR_TYPES)],
      ['enums.daysInMonthType', Object.keys(schedule.DAYS_IN_MONTH_TYPES)],
      ['enums.chargeTimeType', Object.keys(schedule.CHARGE_TIME_TYPES)],
      ['enums.chargeCalculationType', Object.keys(schedule.CHARGE_CALCULATION_TYPES)],
      ['enums.chargeTimeType', Object.keys(charges.CATALOGUE_CHARGE_TIME_TYPES)],
      ['enums.chargeAppliesTo', Object.keys(charges.CHARGE_APPLIES_TO)],
      ['enums.feeFrequency', Object.keys(schedule.FEE_FREQUENCY_TYPES)],
      ['enums.accountingRule', Object.keys(charges.LOAN_ACCOUNTING_RULES)],
      ['charges.everyUnit', Object.keys(schedule.FEE_FREQUENCY_TYPES)],
      ['enums.strategy', schedule.TRANSACTION_PROCESSING_STRATEGY_CODES],
      ['enums.weekday', schedule.WEEKDAY_NAMES],
      ['enums.repaymentRescheduleType', Object.keys(REPAYMENT_RESCHEDULE_TYPES)],
      ['enums.holidayReschedulingType', Object.keys(HOLIDAY_RESCHEDULING_TYPES)],
      ['accounting.types', GL_ACCOUNT_TYPES],
      ['accounting.usages', glAccountUsage.options],
      ['savingsProducts.compoundingType', interestCompoundingPeriodType.options],
      ['savingsProducts.postingType', interestPostingPeriodType.options],
      ['savingsProducts.calculationType', interestCalculationType.options],
      ['savingsSubStatus', SAVINGS_SUB_STATUSES],
    ];
    for (const [group, values] of groups) {
      for (const v of values) expect(EN.has(`${group}.${v}`) && FR.has(`${group}.${v}`), `${group}.${v}`).toBe(true);
    }
  });

  it('every key a screen names in full exists in both languages', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.(vue|ts)$/.test(e.name) ? [join(dir, e.name)] : []));
    const missing: string[] = [];
    for (const file of files(join(__dirname, '../../../renderer/src'))) {
      for (const [, key] of readFileSync(file, 'utf8').matchAll(/\bte?\(\s*'([A-Za-z_][\w.-]*)'/g)) {
        if (!EN.has(key!) || !FR.has(key!)) missing.push(`${file}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('French is really French, not English left behind', () => {
    const same = [...EN.entries()].filter(([k, v]) => FR.get(k) === v && /[a-z]{4,}\s+[a-z]{4,}/i.test(v));
    expect(same.map(([k]) => k)).toEqual([]);
  });

  it('no message uses a character vue-i18n would read as syntax by accident', () => {
    for (const [k, v] of [...EN, ...FR]) {
      expect(v, k).not.toMatch(/@|\$/);
      if (v.includes('|')) expect(k, 'plural messages only').toMatch(/count|everyUnit|attemptsLeft/);
    }
  });
});
