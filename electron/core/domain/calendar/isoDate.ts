/**
 * Pure arithmetic on business dates written 'YYYY-MM-DD' (ARCHITECTURE.md section 5). Dates are turned into a day
 * number (days since 1970-01-01 in the proleptic Gregorian calendar) with integer maths only: no Date object, no
 * time zone, no float.
 */
import { daysInMonth, isIsoDate } from '../../../../shared/dates';

export { daysInMonth, isIsoDate };

/** Splits an ISO date into year, month (1..12), day without validating it (callers validate at the edge). */
export function isoParts(iso: string): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function isoFromParts(year: number, month: number, day: number): string {
  const y = year < 1000 ? String(year).padStart(4, '0') : String(year);
  return `${y}-${pad2(month)}-${pad2(day)}`;
}

/** Day number of a civil date (days from 1970-01-01); era-based so it needs no loop. */
export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function toEpochDay(iso: string): number {
  const [y, m, d] = isoParts(iso);
  return epochDayOf(y, m, d);
}

export function fromEpochDay(epochDay: number): string {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return isoFromParts(year, month, day);
}

export function addDays(iso: string, days: number): string {
  return days === 0 ? iso : fromEpochDay(toEpochDay(iso) + days);
}

export function addWeeks(iso: string, weeks: number): string {
  return addDays(iso, weeks * 7);
}

/**
 * Adds calendar months; a day that does not exist in the target month clamps to its last day
 * (31 Jan + 1 month = 28/29 Feb), as java.time.LocalDate.plusMonths does.
 */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = isoParts(iso);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return isoFromParts(year, month, Math.min(d, daysInMonth(year, month)));
}

/**
 * Fineract's seed-day rule for monthly schedules (CalendarUtils.adjustDate, DOMAIN.md rule 7): when the seed date
 * falls after the 28th and the computed date is on or after the 28th, the day moves to the seed day or the month's
 * last day, whichever is smaller. So a schedule seeded on 31 Jan runs 28 Feb, 31 Mar, 30 Apr, 31 May.
 */
export function keepSeedDay(iso: string, seedDay: number): string {
  if (seedDay <= 28) return iso;
  const [y, m, d] = isoParts(iso);
  if (d < 28) return iso;
  const day = Math.min(daysInMonth(y, m), seedDay);
  return day === d ? iso : isoFromParts(y, m, day);
}

/** Adds months and then applies the seed-day rule. */
export function addMonthsKeepingSeedDay(iso: string, months: number, seedDay: number): string {
  return keepSeedDay(addMonths(iso, months), seedDay);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from);
}

/**
 * Complete months from `from` to `to`, with java.time's ChronoUnit.MONTHS semantics: 31 Jan to 28 Feb is 0 months,
 * 28 Feb to 31 Mar is 1 month. Truncates toward zero.
 */
export function monthsBetween(from: string, to: string): number {
  const [y1, m1, d1] = isoParts(from);
  const [y2, m2, d2] = isoParts(to);
  const packed1 = (y1 * 12 + m1 - 1) * 32 + d1;
  const packed2 = (y2 * 12 + m2 - 1) * 32 + d2;
  return Math.trunc((packed2 - packed1) / 32);
}

/** Complete weeks between two dates, truncated toward zero. */
export function weeksBetween(from: string, to: string): number {
  return Math.trunc(daysBetween(from, to) / 7);
}

/** ISO day of week: 1 = Monday ... 7 = Sunday. 1970-01-01 was a Thursday. */
export function dayOfWeek(iso: string): number {
  const n = toEpochDay(iso);
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

export function isBefore(a: string, b: string): boolean {
  return a < b;
}

export function isAfter(a: string, b: string): boolean {
  return a > b;
}

export function maxDate(a: string, b: string): string {
  return a >= b ? a : b;
}
