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
  HOLIDAY_RESCHEDULING_TYPES,
  OPEN_EVERY_DAY,
  RESCHEDULE_TYPES,
  WEEKDAYS,
  NoWorkingDayError,
  adjustDueDate,
  adjustToWorkingDay,
  isHoliday,
  isNonWorkingWeekday,
  isWorkingDay,
} from './workingDays';
export type { Holiday, HolidayReschedulingType, RescheduleType, Weekday, WorkingCalendar } from './workingDays';
export { meetingDates, nextScheduledMeetingDate, recurrenceOf, scheduledMeetingDates } from './meetings';
export type { MeetingDate, MeetingFrequency, MeetingRule } from './meetings';
