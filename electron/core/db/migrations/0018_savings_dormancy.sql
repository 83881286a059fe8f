-- Dormancy, block and block-debit of savings accounts (issue 16), as Fineract's sub-status (m_savings_account
-- .sub_status_enum: NONE 0, INACTIVE 100, DORMANT 200, ESCHEAT 300, BLOCK 400, BLOCK_CREDIT 500, BLOCK_DEBIT 600)
-- and its escheat transaction. See electron/core/services/savings/README.md (dormancy.ts).
--
-- No column is added to savings_accounts (an exported table: a new column would change every old row's image and
-- `verify` would see each as edited). The sub-status is an append-only history instead: each change is a row, the
-- account's current sub-status is its newest row (NONE when it has none), so who set what, when and why stays.

CREATE TABLE savings_account_sub_statuses (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  account_id INTEGER NOT NULL REFERENCES savings_accounts(id),
  sub_status TEXT NOT NULL CHECK (sub_status IN ('NONE', 'INACTIVE', 'DORMANT', 'ESCHEAT', 'BLOCK', 'BLOCK_CREDIT', 'BLOCK_DEBIT')),
  -- the business date it took effect (the day closed, for day-end's changes)
  since TEXT NOT NULL,
  -- a manager's reason for a block or its lifting (Fineract's reasonForBlock); null for dormancy's changes
  reason TEXT,
  -- a manager's block, or the user whose deposit or withdrawal woke the account; null: day-end (Fineract's system user)
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
-- the current sub-status of an account: its newest row, one index seek (lists read it per row)
CREATE INDEX savings_account_sub_statuses_account ON savings_account_sub_statuses(account_id, id);

CREATE TRIGGER savings_account_sub_statuses_no_update BEFORE UPDATE ON savings_account_sub_statuses
BEGIN SELECT RAISE(ABORT, 'savings sub-statuses are append-only: add a row'); END;
CREATE TRIGGER savings_account_sub_statuses_no_delete BEFORE DELETE ON savings_account_sub_statuses
BEGIN SELECT RAISE(ABORT, 'savings sub-statuses are append-only: add a row'); END;

-- Savings transactions gain ESCHEAT (Fineract's SavingsAccountTransactionType.ESCHEAT: the balance of an account
-- escheated moved to the escheat liability account). Same columns, same order: the rows keep their captured images.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE savings_transactions_new (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  account_id INTEGER NOT NULL REFERENCES savings_accounts(id),
  type TEXT NOT NULL CHECK (type IN ('DEPOSIT', 'WITHDRAWAL', 'WITHDRAWAL_FEE', 'FEE', 'INTEREST_POSTING',
    'OVERDRAFT_INTEREST', 'REVERSAL', 'WAIVE_CHARGE', 'ACCRUAL', 'ESCHEAT')),
  transaction_date TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  -- of a debit: the part taken below zero (the overdraft), for the accounting
  overdraft_portion INTEGER NOT NULL DEFAULT 0,
  payment_type_id INTEGER REFERENCES payment_types(id),
  receipt_number TEXT,
  reverses_id INTEGER UNIQUE REFERENCES savings_transactions(id),
  note TEXT,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
INSERT INTO savings_transactions_new SELECT id, global_id, account_id, type, transaction_date, amount,
  overdraft_portion, payment_type_id, receipt_number, reverses_id, note, created_by, created_at FROM savings_transactions;
DROP TABLE savings_transactions;
ALTER TABLE savings_transactions_new RENAME TO savings_transactions;
CREATE INDEX savings_transactions_account ON savings_transactions(account_id, transaction_date, id);
CREATE TRIGGER savings_transactions_no_update BEFORE UPDATE ON savings_transactions
BEGIN SELECT RAISE(ABORT, 'savings transactions are append-only: post a reversal'); END;
CREATE TRIGGER savings_transactions_no_delete BEFORE DELETE ON savings_transactions
BEGIN SELECT RAISE(ABORT, 'savings transactions are append-only: post a reversal'); END;
