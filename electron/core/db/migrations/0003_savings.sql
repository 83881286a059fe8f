-- Savings products, accounts and their transactions (DOMAIN.md "Savings (Fineract)"). Transactions are
-- append-only: an undo or a re-posted interest is a REVERSAL row pointing at what it reverses.

CREATE TABLE savings_products (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  short_name TEXT NOT NULL UNIQUE,
  description TEXT,
  currency_code TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  -- the validated product input (Fineract names), amounts as decimal text
  terms_json TEXT NOT NULL,
  gl_savings_control INTEGER NOT NULL REFERENCES gl_accounts(id),
  gl_interest_expense INTEGER NOT NULL REFERENCES gl_accounts(id),
  gl_fee_income INTEGER NOT NULL REFERENCES gl_accounts(id),
  gl_overdraft_portfolio INTEGER NOT NULL REFERENCES gl_accounts(id),
  gl_overdraft_interest_income INTEGER NOT NULL REFERENCES gl_accounts(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE savings_accounts (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  account_no TEXT NOT NULL UNIQUE,
  client_id INTEGER NOT NULL REFERENCES clients(id),
  product_id INTEGER NOT NULL REFERENCES savings_products(id),
  office_id INTEGER NOT NULL REFERENCES offices(id),
  status INTEGER NOT NULL CHECK (status IN (100, 200, 300, 600)),
  currency_code TEXT NOT NULL,
  -- the product's terms and GL accounts when the account was opened
  terms_json TEXT NOT NULL,
  gl_mapping_json TEXT NOT NULL,
  submitted_on TEXT NOT NULL,
  submitted_by INTEGER NOT NULL REFERENCES users(id),
  approved_on TEXT,
  approved_by INTEGER REFERENCES users(id),
  activated_on TEXT,
  locked_in_until TEXT,
  closed_on TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX savings_accounts_client ON savings_accounts(client_id);
CREATE INDEX savings_accounts_status ON savings_accounts(status);

CREATE TABLE savings_transactions (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  account_id INTEGER NOT NULL REFERENCES savings_accounts(id),
  type TEXT NOT NULL CHECK (type IN ('DEPOSIT', 'WITHDRAWAL', 'WITHDRAWAL_FEE', 'FEE', 'INTEREST_POSTING',
    'OVERDRAFT_INTEREST', 'REVERSAL')),
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
CREATE INDEX savings_transactions_account ON savings_transactions(account_id, transaction_date, id);

CREATE TRIGGER savings_transactions_no_update BEFORE UPDATE ON savings_transactions
BEGIN SELECT RAISE(ABORT, 'savings transactions are append-only: post a reversal'); END;
CREATE TRIGGER savings_transactions_no_delete BEFORE DELETE ON savings_transactions
BEGIN SELECT RAISE(ABORT, 'savings transactions are append-only: post a reversal'); END;
