-- Tellers' tills and the branch vault (DOMAIN.md "Tellers and cash"). Each till is a GL cash account under
-- 1120 "Tellers' tills"; a session opens with a counted float and closes with a blind count whose difference
-- posts to 5300 "Cash over and short". Every movement of a till's cash has a row here beside its journal lines.

-- The account a loan transaction's money came from or went to (a teller's till for cash): a replay re-creates
-- a transaction on the same account.
ALTER TABLE loan_transactions ADD COLUMN fund_account_id INTEGER REFERENCES gl_accounts(id);

CREATE TABLE tills (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL UNIQUE REFERENCES users(id),
  gl_account_id INTEGER NOT NULL UNIQUE REFERENCES gl_accounts(id),
  -- the most cash the till may hold without a branch manager's approval (minor units); null: no limit
  cash_limit INTEGER CHECK (cash_limit IS NULL OR cash_limit > 0),
  -- cash in the till now: equal to the GL balance of its account and to the sum of its movements (verify)
  balance INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
  created_at TEXT NOT NULL
);

CREATE TABLE till_sessions (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  till_id INTEGER NOT NULL REFERENCES tills(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  business_date TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
  opening_count_json TEXT NOT NULL,
  closed_at TEXT,
  -- the teller, or a branch manager who counted and closed the till in the teller's absence
  closed_by INTEGER REFERENCES users(id),
  closing_count_json TEXT,
  expected INTEGER,
  counted INTEGER,
  difference INTEGER,
  over_short_entry_id INTEGER REFERENCES journal_entries(id),
  CHECK ((closed_at IS NULL) = (counted IS NULL))
);
CREATE UNIQUE INDEX till_sessions_one_open ON till_sessions(till_id) WHERE closed_at IS NULL;
CREATE INDEX till_sessions_till ON till_sessions(till_id, id);

CREATE TABLE till_movements (
  id INTEGER PRIMARY KEY,
  till_id INTEGER NOT NULL REFERENCES tills(id),
  -- the session it happened in; null for vault movements while the till is closed
  session_id INTEGER REFERENCES till_sessions(id),
  kind TEXT NOT NULL CHECK (kind IN ('ALLOCATION', 'SETTLEMENT', 'LOAN_DISBURSEMENT', 'LOAN_REPAYMENT', 'LOAN_RECOVERY',
    'SAVINGS_DEPOSIT', 'SAVINGS_WITHDRAWAL', 'UNDO', 'OVER_SHORT')),
  -- signed: positive into the till
  amount INTEGER NOT NULL CHECK (amount <> 0),
  balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
  business_date TEXT NOT NULL,
  reference TEXT,
  description TEXT NOT NULL,
  command_seq INTEGER NOT NULL,
  created_by INTEGER REFERENCES users(id),
  -- the branch manager who approved going over the cash limit
  approved_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX till_movements_session ON till_movements(session_id, id);
CREATE INDEX till_movements_till ON till_movements(till_id, id);

CREATE TRIGGER till_movements_no_update BEFORE UPDATE ON till_movements
BEGIN SELECT RAISE(ABORT, 'till movements are append-only'); END;
CREATE TRIGGER till_movements_no_delete BEFORE DELETE ON till_movements
BEGIN SELECT RAISE(ABORT, 'till movements are append-only'); END;
