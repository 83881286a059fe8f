/**
 * Memoised conversions between 'YYYY-MM-DD' and day numbers (calendar/isoDate.ts). A posting run converts the same
 * few hundred dates for every account; the caches are bounded and hold only valid dates.
 */
import { fromEpochDay, isIsoDate, toEpochDay } from '../calendar';

const LIMIT = 20_000;
const dayByDate = new Map<string, number>();
const dateByDay = new Map<number, string>();

/** The day number of a valid date, or null when `text` is not a date YYYY-MM-DD. */
export function dayOfDate(text: string): number | null {
  const hit = dayByDate.get(text);
  if (hit !== undefined) return hit;
  if (typeof text !== 'string' || !isIsoDate(text)) return null;
  if (dayByDate.size >= LIMIT) dayByDate.clear();
  const day = toEpochDay(text);
  dayByDate.set(text, day);
  return day;
}

export function dateOfDay(day: number): string {
  const hit = dateByDay.get(day);
  if (hit !== undefined) return hit;
  if (dateByDay.size >= LIMIT) dateByDay.clear();
  const date = fromEpochDay(day);
  dateByDay.set(day, date);
  return date;
}
