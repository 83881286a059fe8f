import {
  HOLIDAY_RESCHEDULING_TYPES,
  REPAYMENT_RESCHEDULE_TYPES,
  workingWeekdaysOf,
  type HolidayReschedulingTypeName,
  type HolidayView,
  type WorkingDaysView,
} from '../../../../shared/contract/calendar';
import { WEEKDAY_NAMES } from '../../../../shared/contract/loanSchedule';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import { actorOf, type HandlerContext } from '../../dispatch/context';
import type { Registry } from '../../dispatch/registry';
import { adjustDueDate, NoWorkingDayError, type Holiday, type WorkingCalendar } from '../../domain/calendar';
import type { InstallmentState } from '../../domain/loans';
import { nextRepaymentDateOf } from '../../domain/loans/scheduleDates';
import { getSetting, setSetting } from '../organisation';
import { activeLoansDueBetween, getLoanRow, readInstallments, termsOf, writeInstallments } from '../loans/repository';
import {
  activateHoliday,
  activeHolidays,
  getHoliday,
  insertHoliday,
  listHolidays,
  RESCHEDULE_ON_HOLIDAYS_KEY,
  updateWorkingDays,
  workingDaysRow,
  type HolidayRow,
} from './repository';

/**
 * Working days and holidays as Fineract keeps them (issue 12). The branch's calendar (`branchCalendar`) is the one
 * input every new schedule takes (services/loans/lifecycle.ts); activating a holiday moves the installments of
 * active loans due on it as Fineract's "Apply Holidays To Loans" does, through the loans repository's
 * writeInstallments (which keeps the loan's figures).
 */

function nameOfCode<C extends Record<string, number>>(codes: C, code: number): keyof C & string {
  return (Object.keys(codes) as (keyof C & string)[]).find((k) => codes[k] === code)!;
}

function holidayReschedulingName(code: number): HolidayReschedulingTypeName {
  return nameOfCode(HOLIDAY_RESCHEDULING_TYPES, code);
}

function toHoliday(r: HolidayRow): Holiday {
  return {
    fromDate: r.from_date,
    toDate: r.to_date,
    reschedulingType: holidayReschedulingName(r.rescheduling_type),
    repaymentsRescheduledTo: r.repayments_rescheduled_to,
  };
}

function holidayView(r: HolidayRow): HolidayView {
  return {
    id: r.id,
    name: r.name,
    fromDate: r.from_date,
    toDate: r.to_date,
    reschedulingType: holidayReschedulingName(r.rescheduling_type),
    reschedulingTypeCode: r.rescheduling_type,
    repaymentsRescheduledTo: r.repayments_rescheduled_to,
    description: r.description,
    status: r.status,
    activatedOn: r.activated_on,
  };
}

export function rescheduleOnHolidays(db: Db): boolean {
  return getSetting(db, RESCHEDULE_ON_HOLIDAYS_KEY) !== 'false';
}

export function workingDaysView(db: Db): WorkingDaysView {
  const w = workingDaysRow(db);
  return {
    recurrence: w.recurrence,
    workingDays: workingWeekdaysOf(w.recurrence),
    repaymentRescheduleType: nameOfCode(REPAYMENT_RESCHEDULE_TYPES, w.repayment_rescheduling_type),
    repaymentRescheduleTypeCode: w.repayment_rescheduling_type,
    extendTermForDailyRepayments: w.extend_term_daily_repayments === 1,
    extendTermForRepaymentsOnHolidays: w.extend_term_holiday_repayments === 1,
    rescheduleRepaymentsOnHolidays: rescheduleOnHolidays(db),
  };
}

/**
 * The branch's calendar for schedules: its non-working weekdays, its rule for them, and its active holidays
 * (none while `reschedule-repayments-on-holidays` is off, as Fineract's isHolidayEnabled).
 */
export function branchCalendar(db: Db): WorkingCalendar {
  const view = workingDaysView(db);
  return {
    nonWorkingDays: WEEKDAY_NAMES.filter((d) => !view.workingDays.includes(d)),
    holidays: view.rescheduleRepaymentsOnHolidays ? activeHolidays(db).map(toHoliday) : [],
    rescheduleType: view.repaymentRescheduleType,
    extendTermForDailyRepayments: view.extendTermForDailyRepayments,
    extendTermForRepaymentsOnHolidays: view.extendTermForRepaymentsOnHolidays,
  };
}

/**
 * A loan's installments with those due on the holiday moved as Fineract moves them (type 2: to
 * repaymentsRescheduledTo; type 1: to the next repayment date, off non-working days), each following installment
 * starting on its predecessor's new due date. Only those dates change; the amounts are kept.
 */
export function moveOffHoliday(
  state: readonly InstallmentState[],
  holiday: Holiday,
  calendar: WorkingCalendar,
  next: (iso: string) => string,
): { state: InstallmentState[]; moved: number } {
  let moved = 0;
  let previousDue: string | null = null;
  const out = state.map((inst) => {
    let changed: InstallmentState = inst;
    if (previousDue !== null && inst.fromDate !== previousDue) changed = { ...changed, fromDate: previousDue };
    if (inst.dueDate >= holiday.fromDate && inst.dueDate <= holiday.toDate) {
      const due = adjustDueDate(inst.dueDate, calendar, next);
      if (due !== inst.dueDate) {
        changed = { ...changed, dueDate: due };
        moved++;
      }
    }
    previousDue = changed.dueDate;
    return changed;
  });
  return { state: out, moved };
}

function activate(ctx: HandlerContext, holidayId: number) {
  const db = ctx.db;
  const row = getHoliday(db, holidayId);
  if (!row) throw new AppError('NOT_FOUND', `There is no holiday ${holidayId}`, [{ field: 'holidayId', code: 'not_found', message: 'no such holiday' }]);
  if (row.status !== 'PENDING') {
    throw new AppError('INVALID_STATE', `The holiday ${row.name} is already active`, [{ field: 'holidayId', code: 'already_active', message: 'is already active' }]);
  }
  const me = actorOf(ctx);
  activateHoliday(db, row.id, ctx.businessDate(), me.userId);
  ctx.touched('holiday', row.id);
  let loans = 0;
  let installments = 0;
  if (rescheduleOnHolidays(db)) {
    const calendar = branchCalendar(db);
    for (const loanId of activeLoansDueBetween(db, row.from_date, row.to_date)) {
      const terms = termsOf(getLoanRow(db, loanId));
      // one period on, or a JLG loan's next meeting date (domain/loans/scheduleDates.ts)
      const next = nextRepaymentDateOf(terms);
      const previous = readInstallments(db, loanId);
      let result;
      try {
        result = moveOffHoliday(previous, toHoliday(row), calendar, next);
      } catch (e) {
        if (e instanceof NoWorkingDayError) {
          throw new AppError('VALIDATION_FAILED', e.message, [{ field: 'holidayId', code: 'noWorkingDay', message: e.message }]);
        }
        throw e;
      }
      if (result.moved === 0) continue;
      writeInstallments(db, loanId, result.state, previous);
      ctx.touched('loan', loanId);
      loans++;
      installments += result.moved;
    }
  }
  return { holidayId: row.id, status: 'ACTIVE' as const, loansRescheduled: loans, installmentsMoved: installments };
}

export function registerCalendar(registry: Registry): void {
  registry.register('holidays.create', (ctx, input) => {
    const id = insertHoliday(ctx.db, {
      name: input.name,
      fromDate: input.fromDate,
      toDate: input.toDate,
      reschedulingType: HOLIDAY_RESCHEDULING_TYPES[input.reschedulingType],
      repaymentsRescheduledTo: input.reschedulingType === 'RESCHEDULE_TO_SPECIFIC_DATE' ? (input.repaymentsRescheduledTo ?? null) : null,
      description: input.description ?? null,
      createdAt: ctx.clock.now().toISOString(),
      createdBy: actorOf(ctx).userId,
    });
    ctx.touched('holiday', id);
    return { id };
  });

  registry.register('holidays.activate', (ctx, input) => activate(ctx, input.holidayId));

  registry.register('holidays.list', (ctx) => ({ holidays: listHolidays(ctx.db).map(holidayView) }));

  registry.register('workingDays.update', (ctx, input) => {
    const db = ctx.db;
    const current = workingDaysRow(db);
    const flag = (v: boolean | undefined, kept: number) => (v === undefined ? kept : v ? 1 : 0);
    updateWorkingDays(db, {
      recurrence: input.recurrence,
      repayment_rescheduling_type: REPAYMENT_RESCHEDULE_TYPES[input.repaymentRescheduleType],
      extend_term_daily_repayments: flag(input.extendTermForDailyRepayments, current.extend_term_daily_repayments),
      extend_term_holiday_repayments: flag(input.extendTermForRepaymentsOnHolidays, current.extend_term_holiday_repayments),
    });
    if (input.rescheduleRepaymentsOnHolidays !== undefined) {
      setSetting(db, RESCHEDULE_ON_HOLIDAYS_KEY, input.rescheduleRepaymentsOnHolidays ? 'true' : 'false');
    }
    ctx.touched('working_days', 1);
    return workingDaysView(db);
  });

  registry.register('workingDays.get', (ctx) => workingDaysView(ctx.db));
}
