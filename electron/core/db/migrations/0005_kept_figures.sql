-- Figures kept as what they sum changes, so that a read costs what it returns and not the size of the branch
-- (a branch with 100,000 loans works as fast as a new one). Each is written in the same transaction as its source
-- and `branchbox verify` checks it against that source.

-- A transaction's receipt (loans.get reads the receipts of a loan's transactions).
CREATE INDEX receipts_source ON receipts(source_type, source_id);

-- GL debits and credits per account and day, kept by a trigger as journal lines are inserted (lines are
-- append-only), so that a trial balance or a balance as of any date reads accounts x days, not every line.
CREATE TABLE gl_daily_balances (
  gl_account_id INTEGER NOT NULL REFERENCES gl_accounts(id),
  entry_date TEXT NOT NULL,
  debits INTEGER NOT NULL DEFAULT 0,
  credits INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (gl_account_id, entry_date)
) WITHOUT ROWID;

INSERT INTO gl_daily_balances (gl_account_id, entry_date, debits, credits)
SELECT l.gl_account_id, e.entry_date, sum(l.debit), sum(l.credit)
FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
GROUP BY l.gl_account_id, e.entry_date;

-- An account's lines in date order (its statement, paged by a cursor): the line's account and its entry's date,
-- kept by the same trigger.
CREATE TABLE gl_account_lines (
  gl_account_id INTEGER NOT NULL REFERENCES gl_accounts(id),
  entry_date TEXT NOT NULL,
  line_id INTEGER NOT NULL REFERENCES journal_lines(id),
  PRIMARY KEY (gl_account_id, entry_date, line_id)
) WITHOUT ROWID;

INSERT INTO gl_account_lines (gl_account_id, entry_date, line_id)
SELECT l.gl_account_id, e.entry_date, l.id FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id;

CREATE TRIGGER journal_lines_keep_balances AFTER INSERT ON journal_lines
BEGIN
  INSERT INTO gl_daily_balances (gl_account_id, entry_date, debits, credits)
  VALUES (new.gl_account_id, (SELECT entry_date FROM journal_entries WHERE id = new.entry_id), new.debit, new.credit)
  ON CONFLICT (gl_account_id, entry_date) DO UPDATE SET debits = debits + excluded.debits, credits = credits + excluded.credits;
  INSERT INTO gl_account_lines (gl_account_id, entry_date, line_id)
  VALUES (new.gl_account_id, (SELECT entry_date FROM journal_entries WHERE id = new.entry_id), new.id);
END;

CREATE TRIGGER gl_daily_balances_no_delete BEFORE DELETE ON gl_daily_balances
BEGIN SELECT RAISE(ABORT, 'daily balances follow the journal: they are never deleted'); END;
CREATE TRIGGER gl_account_lines_no_change BEFORE UPDATE ON gl_account_lines
BEGIN SELECT RAISE(ABORT, 'account lines follow the journal: append-only'); END;
CREATE TRIGGER gl_account_lines_no_delete BEFORE DELETE ON gl_account_lines
BEGIN SELECT RAISE(ABORT, 'account lines follow the journal: append-only'); END;

-- What a loan's lists and the arrears sweep show, kept on the loan whenever its installments are written:
-- outstanding amounts and the installments not fully paid as [[number, due date, principal, interest, fee,
-- penalty], ...] (outstanding of each), from which overdue, days in arrears and the next due follow for any date.
ALTER TABLE loans ADD COLUMN principal_outstanding INTEGER NOT NULL DEFAULT 0;
ALTER TABLE loans ADD COLUMN total_outstanding INTEGER NOT NULL DEFAULT 0;
ALTER TABLE loans ADD COLUMN unpaid_json TEXT NOT NULL DEFAULT '[]';
-- the due date of the oldest installment not fully paid: loans in arrears on a date are those with it before
ALTER TABLE loans ADD COLUMN oldest_unpaid_due TEXT;

UPDATE loans SET
  principal_outstanding = coalesce((
    SELECT sum(principal_due - principal_paid - principal_waived - principal_written_off)
    FROM loan_installments i WHERE i.loan_id = loans.id), 0),
  total_outstanding = coalesce((
    SELECT sum(principal_due - principal_paid - principal_waived - principal_written_off
             + interest_due - interest_paid - interest_waived - interest_written_off
             + fee_due - fee_paid - fee_waived - fee_written_off
             + penalty_due - penalty_paid - penalty_waived - penalty_written_off)
    FROM loan_installments i WHERE i.loan_id = loans.id), 0),
  unpaid_json = coalesce((
    SELECT json_group_array(json_array(n, d, p, i, f, x)) FROM (
      SELECT installment_number AS n, due_date AS d,
        principal_due - principal_paid - principal_waived - principal_written_off AS p,
        interest_due - interest_paid - interest_waived - interest_written_off AS i,
        fee_due - fee_paid - fee_waived - fee_written_off AS f,
        penalty_due - penalty_paid - penalty_waived - penalty_written_off AS x
      FROM loan_installments WHERE loan_id = loans.id ORDER BY installment_number)
    WHERE p + i + f + x > 0), '[]'),
  oldest_unpaid_due = (
    SELECT min(due_date) FROM loan_installments i WHERE i.loan_id = loans.id
      AND principal_due - principal_paid - principal_waived - principal_written_off
        + interest_due - interest_paid - interest_waived - interest_written_off
        + fee_due - fee_paid - fee_waived - fee_written_off
        + penalty_due - penalty_paid - penalty_waived - penalty_written_off > 0);

CREATE INDEX loans_oldest_unpaid ON loans(oldest_unpaid_due) WHERE oldest_unpaid_due IS NOT NULL;
CREATE INDEX loans_officer_id ON loans(loan_officer_id, id);

-- A savings account's balance, kept as its transactions are written (credits DEPOSIT and INTEREST_POSTING, the
-- rest debits; a reversed transaction counts no more).
ALTER TABLE savings_accounts ADD COLUMN balance INTEGER NOT NULL DEFAULT 0;

UPDATE savings_accounts SET balance = coalesce((
  SELECT sum(CASE WHEN t.type IN ('DEPOSIT', 'INTEREST_POSTING') THEN t.amount ELSE -t.amount END)
  FROM savings_transactions t
  WHERE t.account_id = savings_accounts.id AND t.type <> 'REVERSAL'
    AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)), 0);

CREATE INDEX savings_accounts_product ON savings_accounts(product_id, status);
