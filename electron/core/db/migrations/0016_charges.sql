-- Charges, penalties and accrual accounting (issue 15), as Fineract has them: one charge catalogue for loans and
-- savings (m_charge), the charges a product carries (m_product_loan_charge, m_savings_product_charge), the charges
-- on each loan (m_loan_charge, m_loan_installment_charge) and savings account (m_savings_account_charge), and each
-- product's accounting rule with its accrual accounts. See electron/core/services/charges/README.md.
--
-- No column is added to a table already exported (db/capture.ts): a new column would change every old row's image
-- and `verify` would see each as edited. What a product or account gains lives in new tables; the two transaction
-- tables are rebuilt, with the same columns in the same order (so every row keeps its image), only to widen the
-- transaction types they accept.

CREATE TABLE charges (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  currency_code TEXT NOT NULL,
  applies_to TEXT NOT NULL CHECK (applies_to IN ('LOAN', 'SAVINGS')),
  time_type TEXT NOT NULL CHECK (time_type IN ('DISBURSEMENT', 'SPECIFIED_DUE_DATE', 'INSTALMENT_FEE',
    'OVERDUE_INSTALLMENT', 'SAVINGS_ACTIVATION', 'WITHDRAWAL_FEE', 'ANNUAL_FEE', 'MONTHLY_FEE', 'WEEKLY_FEE',
    'SAVINGS_NOACTIVITY_FEE')),
  calculation_type TEXT NOT NULL CHECK (calculation_type IN ('FLAT', 'PERCENT_OF_AMOUNT',
    'PERCENT_OF_AMOUNT_AND_INTEREST', 'PERCENT_OF_INTEREST', 'PERCENT_OF_DISBURSEMENT_AMOUNT')),
  -- the flat amount (major units) or the percentage, as the decimal text given ("150", "2.5")
  amount TEXT NOT NULL,
  penalty INTEGER NOT NULL DEFAULT 0 CHECK (penalty IN (0, 1)),
  -- overdue penalties: how often the penalty falls again while the installment stays overdue (null: once);
  -- monthly and weekly savings fees: every fee_interval months or weeks
  fee_frequency TEXT CHECK (fee_frequency IN ('DAYS', 'WEEKS', 'MONTHS', 'YEARS')),
  fee_interval INTEGER CHECK (fee_interval >= 1),
  -- annual and monthly savings fees: the day they fall on, 'MM-DD' (annual) or 'DD' (monthly)
  fee_on_month_day TEXT,
  -- a withdrawal fee taken only for withdrawals of this payment type (null: every withdrawal)
  payment_type_id INTEGER REFERENCES payment_types(id),
  -- percentages: the result kept between these (minor units; null: no cap)
  min_cap INTEGER CHECK (min_cap >= 0),
  max_cap INTEGER CHECK (max_cap >= 0),
  -- the income account (null: the product's fee or penalty income account)
  gl_income INTEGER REFERENCES gl_accounts(id),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The charges a product carries, in the order given; a new account of the product takes them.
CREATE TABLE product_charges (
  product_type TEXT NOT NULL CHECK (product_type IN ('LOAN', 'SAVINGS')),
  product_id INTEGER NOT NULL,
  charge_id INTEGER NOT NULL REFERENCES charges(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (product_type, product_id, charge_id)
) WITHOUT ROWID;

-- A product's accounting rule (Fineract's accountingRule) and the accounts it adds to the product's mapping
-- (loans: interest, fee and penalty receivable; savings: interest payable), as JSON {"interestReceivable": id, ...}.
-- A product without a row is CASH_BASED. Loans and savings accounts copy it, with the rest of their mapping, into
-- their own account_accounting row when they are submitted.
CREATE TABLE product_accounting (
  product_type TEXT NOT NULL CHECK (product_type IN ('LOAN', 'SAVINGS')),
  product_id INTEGER NOT NULL,
  accounting_rule TEXT NOT NULL CHECK (accounting_rule IN ('NONE', 'CASH_BASED', 'ACCRUAL_PERIODIC', 'ACCRUAL_UPFRONT')),
  mapping_json TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (product_type, product_id)
) WITHOUT ROWID;

-- The accounting rule and accrual accounts of one loan or savings account, fixed when it was submitted (a later
-- change of the product does not move it). An account without a row is CASH_BASED.
CREATE TABLE account_accounting (
  account_type TEXT NOT NULL CHECK (account_type IN ('LOAN', 'SAVINGS')),
  account_id INTEGER NOT NULL,
  accounting_rule TEXT NOT NULL CHECK (accounting_rule IN ('NONE', 'CASH_BASED', 'ACCRUAL_PERIODIC', 'ACCRUAL_UPFRONT')),
  mapping_json TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (account_type, account_id)
) WITHOUT ROWID;

-- A charge on a loan (m_loan_charge): copied from the catalogue (or from the product's inline fees of a loan made
-- before the catalogue), with its amount fixed in minor units. Paid, waived and written off follow from the
-- installments and the waivers (services/charges README "Per-charge figures"); nothing here changes when money comes.
CREATE TABLE loan_charges (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  loan_id INTEGER NOT NULL REFERENCES loans(id),
  charge_id INTEGER REFERENCES charges(id),
  name TEXT NOT NULL,
  time_type TEXT NOT NULL CHECK (time_type IN ('DISBURSEMENT', 'SPECIFIED_DUE_DATE', 'INSTALMENT_FEE', 'OVERDUE_INSTALLMENT')),
  calculation_type TEXT NOT NULL,
  penalty INTEGER NOT NULL CHECK (penalty IN (0, 1)),
  -- PERCENT_* types: the percentage as decimal text
  percentage TEXT,
  -- the whole charge in minor units (an installment fee: the sum over its installments)
  amount INTEGER NOT NULL CHECK (amount >= 0),
  -- SPECIFIED_DUE_DATE: the date given; OVERDUE_INSTALLMENT: the date the penalty falls on; DISBURSEMENT: the
  -- disbursement date; INSTALMENT_FEE: null (each installment's due date)
  due_date TEXT,
  -- OVERDUE_INSTALLMENT: the installment penalised
  installment_number INTEGER,
  -- 0 once the charge is gone (the disbursement undone, or the charge's undo)
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX loan_charges_loan ON loan_charges(loan_id, active);
-- the same installment's penalty for the same date applies once
CREATE UNIQUE INDEX loan_charges_penalty_once ON loan_charges(loan_id, charge_id, installment_number, due_date)
  WHERE time_type = 'OVERDUE_INSTALLMENT' AND active = 1;

-- What a loan charge puts on each installment (m_loan_installment_charge): one row per installment for an
-- installment fee, one for a specified-due-date charge or a penalty; none for a fee collected at disbursement.
-- An installment's fee_due (penalty_due) is the sum of its fee (penalty) rows of active charges.
CREATE TABLE loan_charge_installments (
  loan_charge_id INTEGER NOT NULL REFERENCES loan_charges(id),
  installment_number INTEGER NOT NULL,
  amount INTEGER NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (loan_charge_id, installment_number)
) WITHOUT ROWID;

-- A charge on a savings account (m_savings_account_charge). Recurring fees (annual, monthly, weekly) and
-- specified-due-date fees carry the next date they fall due; each time one falls due a savings_charge_dues row
-- records what it owes.
CREATE TABLE savings_account_charges (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  account_id INTEGER NOT NULL REFERENCES savings_accounts(id),
  charge_id INTEGER REFERENCES charges(id),
  name TEXT NOT NULL,
  time_type TEXT NOT NULL CHECK (time_type IN ('SPECIFIED_DUE_DATE', 'SAVINGS_ACTIVATION', 'WITHDRAWAL_FEE',
    'ANNUAL_FEE', 'MONTHLY_FEE', 'WEEKLY_FEE', 'SAVINGS_NOACTIVITY_FEE')),
  calculation_type TEXT NOT NULL,
  penalty INTEGER NOT NULL CHECK (penalty IN (0, 1)),
  percentage TEXT,
  -- FLAT: the amount of each occurrence in minor units (0 for a percentage)
  amount INTEGER NOT NULL CHECK (amount >= 0),
  next_due_date TEXT,
  fee_interval INTEGER,
  fee_on_month_day TEXT,
  payment_type_id INTEGER REFERENCES payment_types(id),
  min_cap INTEGER,
  max_cap INTEGER,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX savings_account_charges_account ON savings_account_charges(account_id, active);
CREATE INDEX savings_account_charges_due ON savings_account_charges(next_due_date) WHERE active = 1 AND next_due_date IS NOT NULL;

-- Each time a savings charge fell due, and what it owed then. FEE and WITHDRAWAL_FEE transactions pay it and
-- WAIVE_CHARGE transactions waive it (savings_charge_payments links them); outstanding = amount - paid - waived.
CREATE TABLE savings_charge_dues (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  account_charge_id INTEGER NOT NULL REFERENCES savings_account_charges(id),
  due_date TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  created_at TEXT NOT NULL,
  UNIQUE (account_charge_id, due_date)
);

CREATE TRIGGER savings_charge_dues_no_update BEFORE UPDATE ON savings_charge_dues
BEGIN SELECT RAISE(ABORT, 'savings charge dues are append-only'); END;
CREATE TRIGGER savings_charge_dues_no_delete BEFORE DELETE ON savings_charge_dues
BEGIN SELECT RAISE(ABORT, 'savings charge dues are append-only'); END;

-- Loan transactions gain ACCRUAL (Fineract's periodic or upfront accrual: interest, fee and penalty portions) and
-- ACCRUAL_ADJUSTMENT (an accrual taken back); savings transactions gain WAIVE_CHARGE and ACCRUAL (interest accrued
-- on savings). Same columns, same order: the rows keep their captured images.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE loan_transactions_new (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  loan_id INTEGER NOT NULL REFERENCES loans(id),
  type TEXT NOT NULL CHECK (type IN ('DISBURSEMENT', 'REPAYMENT_AT_DISBURSEMENT', 'REPAYMENT', 'WAIVE_INTEREST',
    'WAIVE_CHARGE', 'WRITE_OFF', 'RECOVERY_REPAYMENT', 'REVERSAL', 'ACCRUAL', 'ACCRUAL_ADJUSTMENT')),
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
  -- for WAIVE_CHARGE: which installment and component, and the loan charge ("3:fee:12")
  charge_target TEXT,
  note TEXT,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  fund_account_id INTEGER REFERENCES gl_accounts(id)
);
INSERT INTO loan_transactions_new SELECT id, global_id, loan_id, type, transaction_date, amount, principal_portion,
  interest_portion, fee_portion, penalty_portion, overpayment_portion, split_json, payment_type_id, receipt_number,
  reverses_id, replaces_id, charge_target, note, created_by, created_at, fund_account_id FROM loan_transactions;
DROP TABLE loan_transactions;
ALTER TABLE loan_transactions_new RENAME TO loan_transactions;
CREATE INDEX loan_transactions_loan ON loan_transactions(loan_id, transaction_date, id);
CREATE INDEX loan_transactions_replaces ON loan_transactions (replaces_id) WHERE replaces_id IS NOT NULL;
CREATE TRIGGER loan_transactions_no_update BEFORE UPDATE ON loan_transactions
BEGIN SELECT RAISE(ABORT, 'loan transactions are append-only: post a reversal'); END;
CREATE TRIGGER loan_transactions_no_delete BEFORE DELETE ON loan_transactions
BEGIN SELECT RAISE(ABORT, 'loan transactions are append-only: post a reversal'); END;

CREATE TABLE savings_transactions_new (
  id INTEGER PRIMARY KEY,
  global_id TEXT NOT NULL UNIQUE,
  account_id INTEGER NOT NULL REFERENCES savings_accounts(id),
  type TEXT NOT NULL CHECK (type IN ('DEPOSIT', 'WITHDRAWAL', 'WITHDRAWAL_FEE', 'FEE', 'INTEREST_POSTING',
    'OVERDRAFT_INTEREST', 'REVERSAL', 'WAIVE_CHARGE', 'ACCRUAL')),
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

-- Which charge occurrence a savings FEE, WITHDRAWAL_FEE or WAIVE_CHARGE transaction paid or waived.
CREATE TABLE savings_charge_payments (
  transaction_id INTEGER PRIMARY KEY REFERENCES savings_transactions(id),
  charge_due_id INTEGER NOT NULL REFERENCES savings_charge_dues(id)
);
CREATE INDEX savings_charge_payments_due ON savings_charge_payments(charge_due_id);

CREATE TRIGGER savings_charge_payments_no_update BEFORE UPDATE ON savings_charge_payments
BEGIN SELECT RAISE(ABORT, 'savings charge payments are append-only'); END;
CREATE TRIGGER savings_charge_payments_no_delete BEFORE DELETE ON savings_charge_payments
BEGIN SELECT RAISE(ABORT, 'savings charge payments are append-only'); END;

-- What was there before the catalogue (issue 15: "migrated with their data"). Each inline fee of a loan product
-- becomes a catalogue charge the product carries (the product's terms_json keeps its old list, which nothing reads
-- any more: rewriting it here would be an edit no command recorded). Each disbursed loan's installment fees become
-- one loan charge holding what its installments owe, and the fees it collected at disbursement another.
INSERT INTO charges (global_id, name, currency_code, applies_to, time_type, calculation_type, amount, penalty, created_at, updated_at)
SELECT p.global_id || '-charge-' || (c.key + 1),
       coalesce(json_extract(c.value, '$.name'),
                CASE json_extract(c.value, '$.chargeTimeType') WHEN 'DISBURSEMENT' THEN 'Disbursement fee' ELSE 'Installment fee' END)
         || ' (' || p.short_name || CASE WHEN c.key > 0 THEN ' ' || (c.key + 1) ELSE '' END || ')',
       p.currency_code, 'LOAN', json_extract(c.value, '$.chargeTimeType'), json_extract(c.value, '$.chargeCalculationType'),
       json_extract(c.value, '$.amount'), 0, p.created_at, p.updated_at
  FROM loan_products p, json_each(p.terms_json, '$.charges') c;
INSERT INTO product_charges (product_type, product_id, charge_id, position)
SELECT 'LOAN', p.id, ch.id, c.key
  FROM loan_products p, json_each(p.terms_json, '$.charges') c
  JOIN charges ch ON ch.global_id = p.global_id || '-charge-' || (c.key + 1);

INSERT INTO loan_charges (global_id, loan_id, charge_id, name, time_type, calculation_type, penalty, amount, active, created_at)
SELECT l.global_id || '-charge-fees', l.id, NULL, 'Installment fees', 'INSTALMENT_FEE', 'FLAT', 0, sum(i.fee_due), 1, l.updated_at
  FROM loans l JOIN loan_installments i ON i.loan_id = l.id
 GROUP BY l.id HAVING sum(i.fee_due) > 0;
INSERT INTO loan_charge_installments (loan_charge_id, installment_number, amount)
SELECT lc.id, i.installment_number, i.fee_due
  FROM loan_charges lc JOIN loan_installments i ON i.loan_id = lc.loan_id
 WHERE lc.global_id LIKE '%-charge-fees' AND i.fee_due > 0;
INSERT INTO loan_charges (global_id, loan_id, charge_id, name, time_type, calculation_type, penalty, amount, due_date, active, created_at)
SELECT l.global_id || '-charge-disbursement', l.id, NULL, 'Fees at disbursement', 'DISBURSEMENT', 'FLAT', 0, t.amount, t.transaction_date, 1, t.created_at
  FROM loans l JOIN loan_transactions t ON t.loan_id = l.id AND t.type = 'REPAYMENT_AT_DISBURSEMENT'
 WHERE NOT EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id);

INSERT INTO charges (global_id, name, currency_code, applies_to, time_type, calculation_type, amount, penalty, created_at, updated_at)
SELECT p.global_id || '-charge-withdrawal', 'Withdrawal fee (' || p.short_name || ')', p.currency_code, 'SAVINGS',
       'WITHDRAWAL_FEE', 'FLAT', json_extract(p.terms_json, '$.withdrawalFee'), 0, p.created_at, p.updated_at
  FROM savings_products p
 WHERE json_extract(p.terms_json, '$.withdrawalFee') IS NOT NULL AND CAST(json_extract(p.terms_json, '$.withdrawalFee') AS REAL) > 0;
INSERT INTO product_charges (product_type, product_id, charge_id, position)
SELECT 'SAVINGS', p.id, ch.id, 0 FROM savings_products p JOIN charges ch ON ch.global_id = p.global_id || '-charge-withdrawal';
-- each open savings account of such a product carries the fee it was opened with (its product's, read now as
-- minor units: whole part times 10^decimals plus the fraction's first digits)
INSERT INTO savings_account_charges (global_id, account_id, charge_id, name, time_type, calculation_type, penalty, amount, active, created_at)
SELECT a.global_id || '-charge-withdrawal', a.id, ch.id, ch.name, 'WITHDRAWAL_FEE', 'FLAT', 0,
       CAST(CASE WHEN instr(f.x, '.') > 0 THEN substr(f.x, 1, instr(f.x, '.') - 1) ELSE f.x END AS INTEGER)
         * (CASE o.currency_decimal_places WHEN 0 THEN 1 WHEN 1 THEN 10 WHEN 2 THEN 100 WHEN 3 THEN 1000 ELSE 10000 END)
       + CAST('0' || substr(CASE WHEN instr(f.x, '.') > 0 THEN substr(f.x, instr(f.x, '.') + 1) ELSE '' END || '0000', 1, o.currency_decimal_places) AS INTEGER),
       1, a.created_at
  FROM savings_accounts a
  JOIN savings_products p ON p.id = a.product_id
  JOIN charges ch ON ch.global_id = p.global_id || '-charge-withdrawal'
  JOIN organisation o ON o.id = 1
  JOIN (SELECT id, trim(CAST(json_extract(terms_json, '$.withdrawalFee') AS TEXT)) AS x FROM savings_products) f ON f.id = p.id
 WHERE a.status IN (100, 200, 300);
