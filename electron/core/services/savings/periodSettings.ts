import { AppError, type FieldError } from '../../../../shared/errors';
import type { HandlerContext } from '../../dispatch/context';
import type { Db } from '../../db/connection';
import { financialYearMovesPeriods, type CompoundingPeriodType, type PostingPeriodType, type SavingsProductTerms } from '../../domain/savings';
import { getSetting, setSetting } from '../organisation';
import { activeAccountPeriods, recomputeFromActivation } from './repository';

/**
 * The two branch settings that move savings interest periods, Fineract's global configurations
 * financial-year-beginning-month (quarterly, half-yearly and yearly periods follow the financial year; default
 * January) and savings-interest-posting-current-period-end (a period's interest is posted on its last day instead of
 * the day after; default off). Every account's interest is computed with the branch's values (as Fineract reads its
 * global configuration at each posting).
 *
 * Fineract asks for both to be set "before any savings interest is posted" and takes a later change as it comes,
 * computing periods from activation with the new value. Here a change that would move the periods of an active
 * account on which interest is posted is refused, naming the setting (its postings would all be reversed and posted
 * again on other dates, across closed months); an account it moves that has no posting yet is computed again from
 * activation at the next run, with the new periods.
 */
const FINANCIAL_YEAR = 'financial_year_beginning_month';
const AT_PERIOD_END = 'savings_interest_posting_current_period_end';

export interface SavingsPeriodSettings {
  /** 1 (January) to 12. */
  financialYearBeginningMonth: number;
  savingsInterestPostingAtCurrentPeriodEnd: boolean;
}

export function savingsPeriodSettings(db: Db): SavingsPeriodSettings {
  return {
    financialYearBeginningMonth: Number(getSetting(db, FINANCIAL_YEAR) ?? '1'),
    savingsInterestPostingAtCurrentPeriodEnd: getSetting(db, AT_PERIOD_END) === 'true',
  };
}

/** The branch's settings as the savings engine's terms take them (products.ts accountTerms). */
export function periodTerms(db: Db): Pick<SavingsProductTerms, 'financialYearBeginningMonth' | 'postingAtPeriodEnd'> {
  const s = savingsPeriodSettings(db);
  return { financialYearBeginningMonth: s.financialYearBeginningMonth, postingAtPeriodEnd: s.savingsInterestPostingAtCurrentPeriodEnd };
}

/**
 * settings.update's part for these two (the contract has checked the values): refused with INVALID_STATE naming
 * the setting when it would move the periods of an active account with interest posted; otherwise stored, and the
 * active accounts it moves are computed from activation at the next posting run.
 */
export function changeSavingsPeriodSettings(ctx: HandlerContext, input: { [K in keyof SavingsPeriodSettings]?: SavingsPeriodSettings[K] | undefined }): void {
  const db = ctx.db;
  const before = savingsPeriodSettings(db);
  const after: SavingsPeriodSettings = {
    financialYearBeginningMonth: input.financialYearBeginningMonth ?? before.financialYearBeginningMonth,
    savingsInterestPostingAtCurrentPeriodEnd: input.savingsInterestPostingAtCurrentPeriodEnd ?? before.savingsInterestPostingAtCurrentPeriodEnd,
  };
  const yearMoves = after.financialYearBeginningMonth !== before.financialYearBeginningMonth;
  const dateMoves = after.savingsInterestPostingAtCurrentPeriodEnd !== before.savingsInterestPostingAtCurrentPeriodEnd;
  if (!yearMoves && !dateMoves) return;

  const moved: number[] = [];
  const blocked = { financialYearBeginningMonth: [] as string[], savingsInterestPostingAtCurrentPeriodEnd: [] as string[] };
  for (const a of activeAccountPeriods(db)) {
    const types = { interestPostingPeriodType: a.posting as PostingPeriodType, interestCompoundingPeriodType: a.compounding as CompoundingPeriodType };
    const byYear = yearMoves && financialYearMovesPeriods(types, before.financialYearBeginningMonth, after.financialYearBeginningMonth);
    // every posting date moves by a day (daily posting included): the amounts stay, the dates do not
    if (!byYear && !dateMoves) continue;
    if (a.posted) {
      if (byYear) blocked.financialYearBeginningMonth.push(a.account_no);
      if (dateMoves) blocked.savingsInterestPostingAtCurrentPeriodEnd.push(a.account_no);
    } else {
      moved.push(a.id);
    }
  }
  const fields: FieldError[] = [];
  for (const field of ['financialYearBeginningMonth', 'savingsInterestPostingAtCurrentPeriodEnd'] as const) {
    const accounts = blocked[field];
    if (accounts.length === 0) continue;
    const what = field === 'financialYearBeginningMonth' ? 'would move the interest periods' : 'would move the interest posting dates';
    fields.push({ field, code: 'interest_posted', message: `${what} of ${accounts.length} account${accounts.length === 1 ? '' : 's'} with interest already posted (${accounts.slice(0, 3).join(', ')}${accounts.length > 3 ? ' ...' : ''})` });
  }
  if (fields.length > 0) {
    throw new AppError(
      'INVALID_STATE',
      `Savings interest is already posted on accounts whose periods this change would move: set it before any interest is posted, as Fineract asks (${fields.map((f) => f.field).join(', ')})`,
      fields,
      { reason: 'INTEREST_POSTED', accounts: [...new Set([...blocked.financialYearBeginningMonth, ...blocked.savingsInterestPostingAtCurrentPeriodEnd])].length },
    );
  }
  if (yearMoves) {
    setSetting(db, FINANCIAL_YEAR, String(after.financialYearBeginningMonth));
    ctx.touched('setting', FINANCIAL_YEAR);
  }
  if (dateMoves) {
    setSetting(db, AT_PERIOD_END, String(after.savingsInterestPostingAtCurrentPeriodEnd));
    ctx.touched('setting', AT_PERIOD_END);
  }
  for (const id of moved) recomputeFromActivation(db, id);
}
