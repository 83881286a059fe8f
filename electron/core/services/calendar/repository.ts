import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

/** Holidays, the branch's working days and the holiday setting: all the SQL of the calendar area. */
export interface HolidayRow {
  id: number;
  name: string;
  from_date: string;
  to_date: string;
  rescheduling_type: number;
  repayments_rescheduled_to: string | null;
  description: string | null;
  status: 'PENDING' | 'ACTIVE';
  activated_on: string | null;
}

export interface WorkingDaysRow {
  recurrence: string;
  repayment_rescheduling_type: number;
  extend_term_daily_repayments: number;
  extend_term_holiday_repayments: number;
}

/** Fineract's global setting, kept in the settings table (migration 0008 turns it on). */
export const RESCHEDULE_ON_HOLIDAYS_KEY = 'reschedule-repayments-on-holidays';

const HOLIDAY = `SELECT id, name, from_date, to_date, rescheduling_type, repayments_rescheduled_to, description, status,
  activated_on FROM holidays`;

export interface NewHoliday {
  name: string;
  fromDate: string;
  toDate: string;
  reschedulingType: number;
  repaymentsRescheduledTo: string | null;
  description: string | null;
  createdAt: string;
  createdBy: number | null;
}

export function insertHoliday(db: Db, h: NewHoliday): number {
  const r = sql(
    db,
    `INSERT INTO holidays (name, from_date, to_date, rescheduling_type, repayments_rescheduled_to, description, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(h.name, h.fromDate, h.toDate, h.reschedulingType, h.repaymentsRescheduledTo, h.description, h.createdAt, h.createdBy);
  return Number(r.lastInsertRowid);
}

export function getHoliday(db: Db, id: number): HolidayRow | undefined {
  return sql<[number], HolidayRow>(db, `${HOLIDAY} WHERE id = ?`).get(id);
}

export function listHolidays(db: Db): HolidayRow[] {
  return sql<[], HolidayRow>(db, `${HOLIDAY} ORDER BY from_date, id`).all();
}

export function activeHolidays(db: Db): HolidayRow[] {
  return sql<[], HolidayRow>(db, `${HOLIDAY} WHERE status = 'ACTIVE' ORDER BY from_date, id`).all();
}

export function activateHoliday(db: Db, id: number, on: string, by: number | null): void {
  sql(db, `UPDATE holidays SET status = 'ACTIVE', activated_on = ?, activated_by = ? WHERE id = ? AND status = 'PENDING'`).run(on, by, id);
}

export function workingDaysRow(db: Db): WorkingDaysRow {
  return sql<[], WorkingDaysRow>(
    db,
    `SELECT recurrence, repayment_rescheduling_type, extend_term_daily_repayments, extend_term_holiday_repayments
     FROM working_days WHERE id = 1`,
  ).get()!;
}

export function updateWorkingDays(db: Db, w: WorkingDaysRow): void {
  sql(
    db,
    `UPDATE working_days SET recurrence = ?, repayment_rescheduling_type = ?, extend_term_daily_repayments = ?,
       extend_term_holiday_repayments = ? WHERE id = 1`,
  ).run(w.recurrence, w.repayment_rescheduling_type, w.extend_term_daily_repayments, w.extend_term_holiday_repayments);
}
