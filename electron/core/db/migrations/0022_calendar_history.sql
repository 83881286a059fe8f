-- Fineract's m_calendar_history: the rules a meeting calendar had before it was changed (calendars.update), each
-- with the days it held, so that the meetings before a change stay on the dates they had (their attendance, their
-- posted collection sheets). The calendar's own row holds the rule from its start_date on.
CREATE TABLE calendar_history (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  calendar_id INTEGER NOT NULL REFERENCES calendars(id),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  recurrence TEXT NOT NULL,
  location TEXT,
  meeting_time TEXT,
  changed_by INTEGER REFERENCES users(id),
  changed_at TEXT NOT NULL,
  CHECK (end_date >= start_date)
);
CREATE INDEX calendar_history_calendar ON calendar_history(calendar_id, start_date);
