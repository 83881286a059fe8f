/** Calendar helpers for business dates ('YYYY-MM-DD'): pure, no time zone, no I/O. */
export {
  addDays,
  addMonths,
  addMonthsKeepingSeedDay,
  addWeeks,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  epochDayOf,
  fromEpochDay,
  isAfter,
  isBefore,
  isIsoDate,
  isoFromParts,
  isoParts,
  keepSeedDay,
  maxDate,
  monthsBetween,
  toEpochDay,
  weeksBetween,
} from './isoDate';
export {
  OPEN_EVERY_DAY,
  RESCHEDULE_TYPES,
  WEEKDAYS,
  NoWorkingDayError,
  adjustToWorkingDay,
  isHoliday,
  isNonWorkingWeekday,
  isWorkingDay,
} from './workingDays';
export type { Holiday, RescheduleType, Weekday, WorkingCalendar } from './workingDays';
