-- General ledger, payment types, loan products, loan accounts and their transactions, receipts, idempotency.
-- Posted rows (journal entries and lines, loan transactions, receipts) are append-only: a correction is a new
-- row that points at what it reverses.

CREATE TABLE gl_accounts (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('ASSET', 'LIABILITY', 'EQUITY', 'INCOME', 'EXPENSE')),
  usage TEXT NOT NULL CHECK (usage IN ('HEADER', 'DETAIL')),
  parent_id INTEGER REFERENCES gl_accounts(id),
  -- the role a template account plays (CASH_VAULT, LOAN_PORTFOLIO ...); null for accounts an accountant adds
  tag TEXT UNIQUE,
  manual_entries_allowed INTEGER NOT NULL DEFAULT 1 CHECK (manual_entries_allowed IN (0, 1)),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  description TEXT
);

CREATE TABLE journal_entries (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  office_id INTEGER NOT NULL REFERENCES offices(id),
  entry_date TEXT NOT NULL,
  -- the command that posted it: every entry belongs to a command_log row (checked at commit)
  command_seq INTEGER NOT NULL REFERENCES command_log(seq) DEFERRABLE INITIALLY DEFERRED,
  source_type TEXT NOT NULL,
  source_id INTEGER,
  description TEXT NOT NULL,
  manual INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
  reversal_of INTEGER UNIQUE REFERENCES journal_entries(id),
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX journal_entries_date ON journal_entries(entry_date);
CREATE INDEX journal_entries_source ON journal_entries(source_type, source_id);
-- the foreign key to command_log is checked when the command_log row is written: without this index every
-- command would scan the whole journal
CREATE INDEX journal_entries_command ON journal_entries(command_seq);

CREATE TABLE journal_lines (
  id INTEGER PRIMARY KEY,
  entry_id INTEGER NOT NULL REFERENCES journal_entries(id),
  gl_account_id INTEGER NOT NULL REFERENCES gl_accounts(id),
  debit INTEGER NOT NULL DEFAULT 0 CHECK (debit >= 0),
  credit INTEGER NOT NULL DEFAULT 0 CHECK (credit >= 0),
  CHECK ((debit = 0) <> (credit = 0))
);
CREATE INDEX journal_lines_entry ON journal_lines(entry_id);
CREATE INDEX journal_lines_account ON journal_lines(gl_account_id, entry_id);

CREATE TABLE accounting_closures (
  id INTEGER PRIMARY KEY,
  office_id INTEGER NOT NULL REFERENCES offices(id),
  closing_date TEXT NOT NULL,
  comments TEXT,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);

CREATE TABLE payment_types (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  is_cash INTEGER NOT NULL CHECK (is_cash IN (0, 1)),
  gl_account_id INTEGER NOT NULL REFERENCES gl_accounts(id),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE loan_products (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  short_name TEXT NOT NULL UNIQUE,
  description TEXT,
  currency_code TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  -- the engine inputs (Fineract names) with their defaults, minimums and maximums, as validated JSON
  terms_json TEXT NOT NULL,
  in_arrears_tolerance INTEGER NOT NULL DEFAULT 0,
  gl_loan_portfolio INTEGER NOT NULL REFERENCES gl_accounts(id),
  gl_interest_income INTEGER NOT NULL REFERENCES gl_accounts(id),
  gl_fee_income INTEGER NOT NULL REFERENCES gl_accounts(id),
  gl_penalty_income INTEGER NOT NULL REFERENCES gl_accounts(id),
  gl_losses_written_off INTEGER NOT NULL REFERENCES gl_accounts(id),
  gl_recovery_income INTEGER NOT NULL REFERENCES gl_accounts(id),
  gl_overpayment INTEGER NOT NULL REFERENCES gl_accounts(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE loans (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  account_no TEXT NOT NULL UNIQUE,
  client_id INTEGER NOT NULL REFERENCES clients(id),
  product_id INTEGER NOT NULL REFERENCES loan_products(id),
  office_id INTEGER NOT NULL REFERENCES offices(id),
  loan_officer_id INTEGER REFERENCES staff(id),
  status INTEGER NOT NULL CHECK (status IN (100, 200, 300, 400, 500, 600, 601, 700)),
  currency_code TEXT NOT NULL,
  principal INTEGER NOT NULL CHECK (principal > 0),
  -- the complete schedule input this loan was submitted (and approved) with
  terms_json TEXT NOT NULL,
  strategy_code TEXT NOT NULL,
  in_arrears_tolerance INTEGER NOT NULL DEFAULT 0,
  -- the product's GL accounts as they were when the loan was submitted: a loan is relieved from the accounts it
  -- was booked to, whatever later happens to the product's mapping
  gl_mapping_json TEXT NOT NULL,
  purpose TEXT,
  submitted_on TEXT NOT NULL,
  submitted_by INTEGER NOT NULL REFERENCES users(id),
  approved_on TEXT,
  approved_by INTEGER REFERENCES users(id),
  rejected_on TEXT,
  withdrawn_on TEXT,
  expected_disbursement_date TEXT NOT NULL,
  disbursed_on TEXT,
  disbursed_by INTEGER REFERENCES users(id),
  closed_on TEXT,
  written_off_on TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX loans_client ON loans(client_id);
CREATE INDEX loans_officer ON loans(loan_officer_id, status);
CREATE INDEX loans_status ON loans(status);

-- The loan's schedule with what has been paid, waived and written off: derived from the transactions by the
-- allocation strategy and rewritten after each one (the transactions are the record).
CREATE TABLE loan_installments (
  loan_id INTEGER NOT NULL REFERENCES loans(id),
  installment_number INTEGER NOT NULL,
  from_date TEXT NOT NULL,
  due_date TEXT NOT NULL,
  principal_due INTEGER NOT NULL, principal_paid INTEGER NOT NULL DEFAULT 0,
  principal_waived INTEGER NOT NULL DEFAULT 0, principal_written_off INTEGER NOT NULL DEFAULT 0,
  interest_due INTEGER NOT NULL, interest_paid INTEGER NOT NULL DEFAULT 0,
  interest_waived INTEGER NOT NULL DEFAULT 0, interest_written_off INTEGER NOT NULL DEFAULT 0,
  fee_due INTEGER NOT NULL, fee_paid INTEGER NOT NULL DEFAULT 0,
  fee_waived INTEGER NOT NULL DEFAULT 0, fee_written_off INTEGER NOT NULL DEFAULT 0,
  penalty_due INTEGER NOT NULL, penalty_paid INTEGER NOT NULL DEFAULT 0,
  penalty_waived INTEGER NOT NULL DEFAULT 0, penalty_written_off INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (loan_id, installment_number)
) WITHOUT ROWID;

CREATE TABLE loan_transactions (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  loan_id INTEGER NOT NULL REFERENCES loans(id),
  type TEXT NOT NULL CHECK (type IN ('DISBURSEMENT', 'REPAYMENT_AT_DISBURSEMENT', 'REPAYMENT', 'WAIVE_INTEREST',
    'WAIVE_CHARGE', 'WRITE_OFF', 'RECOVERY_REPAYMENT', 'REVERSAL')),
  transaction_date TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount >= 0),
  principal_portion INTEGER NOT NULL DEFAULT 0,
  interest_portion INTEGER NOT NULL DEFAULT 0,
  fee_portion INTEGER NOT NULL DEFAULT 0,
  penalty_portion INTEGER NOT NULL DEFAULT 0,
  overpayment_portion INTEGER NOT NULL DEFAULT 0,
  -- per-installment split as JSON [[installment, principal, interest, fee, penalty], ...]
  split_json TEXT NOT NULL DEFAULT '[]',
  payment_type_id INTEGER REFERENCES payment_types(id),
  receipt_number TEXT,
  -- a REVERSAL row points at the transaction it undoes; a re-created transaction at the one it replaces
  reverses_id INTEGER UNIQUE REFERENCES loan_transactions(id),
  replaces_id INTEGER REFERENCES loan_transactions(id),
  -- for WAIVE_CHARGE: which installment and component
  charge_target TEXT,
  note TEXT,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX loan_transactions_loan ON loan_transactions(loan_id, transaction_date, id);

CREATE TABLE receipts (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  office_id INTEGER NOT NULL REFERENCES offices(id),
  kind TEXT NOT NULL,
  source_type TEXT NOT NULL,
  source_id INTEGER NOT NULL,
  client_id INTEGER REFERENCES clients(id),
  account_no TEXT,
  amount INTEGER NOT NULL,
  currency_code TEXT NOT NULL,
  transaction_date TEXT NOT NULL,
  details_json TEXT NOT NULL,
  issued_by INTEGER REFERENCES users(id),
  issued_at TEXT NOT NULL
);

-- Each print of a receipt after the first, for the receipt log (a reprint says COPY).
CREATE TABLE receipt_prints (
  id INTEGER PRIMARY KEY,
  receipt_id INTEGER NOT NULL REFERENCES receipts(id),
  printed_by INTEGER REFERENCES users(id),
  printed_at TEXT NOT NULL
);

-- A client-side key per money command: the same key sent twice (double click, retry) posts once.
CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY,
  operation TEXT NOT NULL,
  input_hash TEXT NOT NULL,
  command_seq INTEGER NOT NULL REFERENCES command_log(seq) DEFERRABLE INITIALLY DEFERRED,
  result_json TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_command ON idempotency_keys(command_seq);

CREATE TRIGGER journal_entries_no_update BEFORE UPDATE ON journal_entries
BEGIN SELECT RAISE(ABORT, 'journal entries are append-only: post a reversal'); END;
CREATE TRIGGER journal_entries_no_delete BEFORE DELETE ON journal_entries
BEGIN SELECT RAISE(ABORT, 'journal entries are append-only: post a reversal'); END;
CREATE TRIGGER journal_lines_no_update BEFORE UPDATE ON journal_lines
BEGIN SELECT RAISE(ABORT, 'journal lines are append-only: post a reversal'); END;
CREATE TRIGGER journal_lines_no_delete BEFORE DELETE ON journal_lines
BEGIN SELECT RAISE(ABORT, 'journal lines are append-only: post a reversal'); END;
CREATE TRIGGER loan_transactions_no_update BEFORE UPDATE ON loan_transactions
BEGIN SELECT RAISE(ABORT, 'loan transactions are append-only: post a reversal'); END;
CREATE TRIGGER loan_transactions_no_delete BEFORE DELETE ON loan_transactions
BEGIN SELECT RAISE(ABORT, 'loan transactions are append-only: post a reversal'); END;
CREATE TRIGGER receipts_no_update BEFORE UPDATE ON receipts
BEGIN SELECT RAISE(ABORT, 'receipts are append-only'); END;
CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts
BEGIN SELECT RAISE(ABORT, 'receipts are append-only'); END;

-- The MFI chart of accounts template (an accountant can extend it). Template accounts carry a tag naming
-- their role; their global id is the same at every branch, so head office consolidates one chart.
INSERT INTO gl_accounts (id, global_id, code, name, type, usage, parent_id, tag, manual_entries_allowed) VALUES
  (1,  'GL-1000', '1000', 'Assets', 'ASSET', 'HEADER', NULL, NULL, 0),
  (2,  'GL-1100', '1100', 'Cash and vault', 'ASSET', 'HEADER', 1, NULL, 0),
  (3,  'GL-1110', '1110', 'Branch vault', 'ASSET', 'DETAIL', 2, 'CASH_VAULT', 1),
  (4,  'GL-1120', '1120', 'Tellers'' tills', 'ASSET', 'HEADER', 2, 'TELLER_TILLS', 0),
  (5,  'GL-1130', '1130', 'Mobile money float', 'ASSET', 'DETAIL', 2, 'MOBILE_MONEY', 1),
  (6,  'GL-1140', '1140', 'Bank account', 'ASSET', 'DETAIL', 2, 'BANK', 1),
  (7,  'GL-1200', '1200', 'Loan portfolio', 'ASSET', 'DETAIL', 1, 'LOAN_PORTFOLIO', 0),
  (8,  'GL-1210', '1210', 'Interest receivable', 'ASSET', 'DETAIL', 1, 'INTEREST_RECEIVABLE', 0),
  (9,  'GL-1220', '1220', 'Fees receivable', 'ASSET', 'DETAIL', 1, 'FEES_RECEIVABLE', 0),
  (10, 'GL-1230', '1230', 'Overdraft portfolio', 'ASSET', 'DETAIL', 1, 'OVERDRAFT_PORTFOLIO', 0),
  (11, 'GL-2000', '2000', 'Liabilities', 'LIABILITY', 'HEADER', NULL, NULL, 0),
  (12, 'GL-2100', '2100', 'Savings deposits', 'LIABILITY', 'DETAIL', 11, 'SAVINGS_CONTROL', 0),
  (13, 'GL-2200', '2200', 'Loan overpayments', 'LIABILITY', 'DETAIL', 11, 'OVERPAYMENT', 0),
  (14, 'GL-2300', '2300', 'Borrowings', 'LIABILITY', 'DETAIL', 11, NULL, 1),
  (15, 'GL-3000', '3000', 'Equity', 'EQUITY', 'HEADER', NULL, NULL, 0),
  (16, 'GL-3100', '3100', 'Share capital', 'EQUITY', 'DETAIL', 15, 'EQUITY', 1),
  (17, 'GL-3200', '3200', 'Retained earnings', 'EQUITY', 'DETAIL', 15, 'RETAINED_EARNINGS', 1),
  (18, 'GL-4000', '4000', 'Income', 'INCOME', 'HEADER', NULL, NULL, 0),
  (19, 'GL-4100', '4100', 'Interest income on loans', 'INCOME', 'DETAIL', 18, 'INTEREST_INCOME', 0),
  (20, 'GL-4200', '4200', 'Fee income', 'INCOME', 'DETAIL', 18, 'FEE_INCOME', 0),
  (21, 'GL-4300', '4300', 'Penalty income', 'INCOME', 'DETAIL', 18, 'PENALTY_INCOME', 0),
  (22, 'GL-4400', '4400', 'Income from recovered loans', 'INCOME', 'DETAIL', 18, 'RECOVERY_INCOME', 0),
  (23, 'GL-4900', '4900', 'Other income', 'INCOME', 'DETAIL', 18, NULL, 1),
  (24, 'GL-5000', '5000', 'Expenses', 'EXPENSE', 'HEADER', NULL, NULL, 0),
  (25, 'GL-5100', '5100', 'Losses on loans written off', 'EXPENSE', 'DETAIL', 24, 'LOSSES_WRITTEN_OFF', 0),
  (26, 'GL-5200', '5200', 'Interest on savings', 'EXPENSE', 'DETAIL', 24, 'SAVINGS_INTEREST_EXPENSE', 0),
  (27, 'GL-5300', '5300', 'Cash over and short', 'EXPENSE', 'DETAIL', 24, 'CASH_OVER_SHORT', 0),
  (28, 'GL-5400', '5400', 'Operating expenses', 'EXPENSE', 'DETAIL', 24, 'OPERATING_EXPENSES', 1);

INSERT INTO payment_types (code, name, is_cash, gl_account_id) VALUES
  ('CASH', 'Cash', 1, 3),
  ('MOBILE_MONEY', 'Mobile money', 0, 5),
  ('BANK_TRANSFER', 'Bank transfer', 0, 6);
