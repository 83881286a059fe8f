-- Working days and holidays as Fineract keeps them (issue 12; m_holiday, m_working_days). A holiday is created
-- PENDING and changes nothing until activated; an ACTIVE holiday moves due dates of new schedules, and its
-- activation moved the installments of active loans that fell due on it.
CREATE TABLE holidays (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  from_date TEXT NOT NULL,
  to_date TEXT NOT NULL CHECK (to_date >= from_date),
  -- Fineract's RescheduleType: 1 = to the next repayment date, 2 = to repayments_rescheduled_to
  rescheduling_type INTEGER NOT NULL CHECK (rescheduling_type IN (1, 2)),
  repayments_rescheduled_to TEXT,
  description TEXT,
  status TEXT NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'ACTIVE')),
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  activated_on TEXT,
  activated_by INTEGER REFERENCES users(id),
  CHECK (rescheduling_type <> 2 OR repayments_rescheduled_to IS NOT NULL)
);
CREATE INDEX holidays_status ON holidays(status, from_date);

-- The branch's working days (m_working_days, one row): a weekly recurrence and Fineract's RepaymentRescheduleType
-- (1 same day, 2 next working day, 3 next repayment meeting day, 4 previous working day). Seven working days by
-- default, so schedules made before this migration keep their dates.
CREATE TABLE working_days (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  recurrence TEXT NOT NULL,
  repayment_rescheduling_type INTEGER NOT NULL CHECK (repayment_rescheduling_type IN (1, 2, 3, 4)),
  extend_term_daily_repayments INTEGER NOT NULL DEFAULT 0 CHECK (extend_term_daily_repayments IN (0, 1)),
  extend_term_holiday_repayments INTEGER NOT NULL DEFAULT 0 CHECK (extend_term_holiday_repayments IN (0, 1))
);
INSERT INTO working_days (id, recurrence, repayment_rescheduling_type)
VALUES (1, 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR,SA,SU', 2);

-- Fineract's global setting: on by default in Branchbox (Fineract's default is off).
INSERT INTO settings (key, value) VALUES ('reschedule-repayments-on-holidays', 'true')
  ON CONFLICT(key) DO NOTHING;
