-- Day-end, Fineract's close of business (DOMAIN.md "Day-end"; FINERACT-NOTES.md section 4): each business date is
-- closed once, step by step, each chunk of a step one command; the run's progress is kept here in the same
-- transaction as the chunk's work, so a run killed at any moment continues where its last chunk committed.
CREATE TABLE day_end_runs (
  business_date TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  started_by INTEGER REFERENCES users(id),
  -- the step under way (or the last one done) and how far into it: the last id handled by a committed chunk
  step TEXT NOT NULL,
  cursor INTEGER NOT NULL DEFAULT 0,
  done INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0,
  -- the last command of the day: the head-office export's checkpoint for the date
  export_seq INTEGER,
  finished_at TEXT,
  backup_file TEXT
);

-- Fineract's arrears aging (m_loan_arrears_aging): one row per active loan with anything overdue, as of the last
-- closed day (rebuilt by day-end's arrears step; a loan with nothing overdue has no row).
CREATE TABLE loan_arrears (
  loan_id INTEGER PRIMARY KEY REFERENCES loans(id),
  as_of TEXT NOT NULL,
  overdue_since TEXT NOT NULL,
  principal_overdue INTEGER NOT NULL,
  interest_overdue INTEGER NOT NULL,
  fee_overdue INTEGER NOT NULL,
  penalty_overdue INTEGER NOT NULL,
  total_overdue INTEGER NOT NULL,
  days_in_arrears INTEGER NOT NULL
);

-- The branch's figures as each day closed, for the dashboard's trends (as they were reported then): per branch
-- ('BRANCH', ''), per loan officer ('OFFICER', staff id) and per product ('PRODUCT', product id).
CREATE TABLE day_end_snapshots (
  business_date TEXT NOT NULL,
  dimension TEXT NOT NULL CHECK (dimension IN ('BRANCH', 'OFFICER', 'PRODUCT')),
  dimension_key TEXT NOT NULL,
  figures_json TEXT NOT NULL,
  PRIMARY KEY (business_date, dimension, dimension_key)
) WITHOUT ROWID;
