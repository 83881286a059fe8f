import type { CalendarView } from '../../../../shared/contract';

type T = (key: string, named?: Record<string, unknown>, plural?: number) => string;

/** A meeting calendar in words: "Every week on Tuesday", "Every 2 months on the last Friday", "Every month on day 15". */
export function meetingRule(t: T, cal: CalendarView): string {
  const every = t(`groups.everyUnit.${cal.frequency}`, { n: cal.interval }, cal.interval);
  const day = cal.repeatsOnDay ? t(`groups.weekdays.${cal.repeatsOnDay}`) : '';
  if (cal.frequency === 'WEEKLY' && day) return t('groups.onDay', { every, day });
  if (cal.frequency === 'MONTHLY' && cal.repeatsOnNthDayOfMonth !== null) return t('groups.onNth', { every, day, nth: t(`groups.nth.${cal.repeatsOnNthDayOfMonth}`) });
  if (cal.frequency === 'MONTHLY' && cal.repeatsOnDayOfMonth.length > 0) return t('groups.onMonthDay', { every, days: cal.repeatsOnDayOfMonth.join(', ') });
  return every;
}

/** `iso` moved by `days`, YYYY-MM-DD. */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}
