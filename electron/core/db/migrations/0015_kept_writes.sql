-- Tampering made detectable (issue 14, point 2): the kept money figures (a loan's outstanding amounts and unpaid
-- installments, a savings balance, a till's balance: migrations 0005 and 0006) are not captured as row images, so a
-- direct edit of one left no trace that a run of `verify` since its mark could find. Written outside any command (no
-- command under way in capture_context), the row is named here; `verify` fails while any row is.
CREATE TABLE kept_writes (
  id INTEGER PRIMARY KEY,
  table_name TEXT NOT NULL,
  row_key TEXT NOT NULL
);
CREATE TRIGGER loans_kept_written_outside_commands
AFTER UPDATE OF principal_outstanding, total_outstanding, unpaid_json, oldest_unpaid_due ON loans
WHEN (SELECT seq FROM capture_context WHERE id = 1) IS NULL
BEGIN INSERT INTO kept_writes (table_name, row_key) VALUES ('loans', CAST(NEW.id AS TEXT)); END;
CREATE TRIGGER savings_kept_written_outside_commands
AFTER UPDATE OF balance ON savings_accounts
WHEN (SELECT seq FROM capture_context WHERE id = 1) IS NULL
BEGIN INSERT INTO kept_writes (table_name, row_key) VALUES ('savings_accounts', CAST(NEW.id AS TEXT)); END;
CREATE TRIGGER tills_kept_written_outside_commands
AFTER UPDATE OF balance ON tills
WHEN (SELECT seq FROM capture_context WHERE id = 1) IS NULL
BEGIN INSERT INTO kept_writes (table_name, row_key) VALUES ('tills', CAST(NEW.id AS TEXT)); END;
CREATE TRIGGER kept_writes_no_update BEFORE UPDATE ON kept_writes
BEGIN SELECT RAISE(ABORT, 'kept_writes is append-only'); END;
CREATE TRIGGER kept_writes_no_delete BEFORE DELETE ON kept_writes
BEGIN SELECT RAISE(ABORT, 'kept_writes is append-only'); END;
