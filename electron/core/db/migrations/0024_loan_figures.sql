-- The reports of issue 18 on a big branch (tests/bench/reports.ts: 100,000 loans). A loan's interest, fee and
-- penalty outstanding, and where its unpaid installments fall, were kept only inside loans.unpaid_json: a report
-- over every loan read each loan's whole row and parsed its JSON. Kept here instead, narrow, per loan with
-- installments, rewritten with them (services/loans/repository.ts keepFigures, the one place), checked against them
-- by `branchbox verify`. Derived from the installments, so not exported (db/capture.ts): head office derives its
-- own figures from the installment rows. For any date D:
-- - nothing overdue on D when first_unpaid_due >= D (the next installment owing is then first_unpaid);
-- - everything outstanding overdue on D when last_unpaid_due < D (in arrears since first_unpaid_due);
-- - only in between are the unpaid installments themselves read (loans.unpaid_json).
-- The next installment owing on D is the last one (Fineract's "in their last installment") when last_unpaid is
-- last_installment, last_unpaid_due >= D and prior_unpaid_due (the latest due date of the other installments
-- owing) is null or before D.
CREATE TABLE loan_figures (
  loan_id INTEGER PRIMARY KEY REFERENCES loans(id),
  principal_outstanding INTEGER NOT NULL,
  interest_outstanding INTEGER NOT NULL,
  fee_outstanding INTEGER NOT NULL,
  penalty_outstanding INTEGER NOT NULL,
  -- the installments still owing anything: the lowest number and the earliest due date among them
  first_unpaid INTEGER,
  first_unpaid_due TEXT,
  -- the highest number and the latest due date among them
  last_unpaid INTEGER,
  last_unpaid_due TEXT,
  -- the latest due date among them but the one numbered last_unpaid (null: fewer than two owe)
  prior_unpaid_due TEXT,
  -- the schedule's last installment and its due date (the loan's maturity)
  last_installment INTEGER NOT NULL,
  maturity_date TEXT NOT NULL
);

INSERT INTO loan_figures (loan_id, principal_outstanding, interest_outstanding, fee_outstanding, penalty_outstanding,
  first_unpaid, first_unpaid_due, last_unpaid, last_unpaid_due, prior_unpaid_due, last_installment, maturity_date)
WITH owed AS (
  SELECT loan_id, installment_number AS n, due_date AS d,
    principal_due - principal_paid - principal_waived - principal_written_off AS p,
    interest_due - interest_paid - interest_waived - interest_written_off AS i,
    fee_due - fee_paid - fee_waived - fee_written_off AS f,
    penalty_due - penalty_paid - penalty_waived - penalty_written_off AS x
  FROM loan_installments),
marked AS (
  SELECT *, p + i + f + x > 0 AS owing, max(n) FILTER (WHERE p + i + f + x > 0) OVER w AS lu, max(n) OVER w AS li
  FROM owed WINDOW w AS (PARTITION BY loan_id))
SELECT loan_id, sum(p), sum(i), sum(f), sum(x),
  min(n) FILTER (WHERE owing), min(d) FILTER (WHERE owing), max(lu), max(d) FILTER (WHERE owing),
  max(d) FILTER (WHERE owing AND n <> lu), max(li), max(d) FILTER (WHERE n = li)
FROM marked GROUP BY loan_id;

-- A write of these figures outside any command is named for verify, as a loan's kept columns are (migration 0015).
CREATE TRIGGER loan_figures_inserted_outside_commands AFTER INSERT ON loan_figures
WHEN (SELECT seq FROM capture_context WHERE id = 1) IS NULL
BEGIN INSERT INTO kept_writes (table_name, row_key) VALUES ('loan_figures', CAST(NEW.loan_id AS TEXT)); END;
CREATE TRIGGER loan_figures_written_outside_commands AFTER UPDATE ON loan_figures
WHEN (SELECT seq FROM capture_context WHERE id = 1) IS NULL
BEGIN INSERT INTO kept_writes (table_name, row_key) VALUES ('loan_figures', CAST(NEW.loan_id AS TEXT)); END;
CREATE TRIGGER loan_figures_deleted_outside_commands AFTER DELETE ON loan_figures
WHEN (SELECT seq FROM capture_context WHERE id = 1) IS NULL
BEGIN INSERT INTO kept_writes (table_name, row_key) VALUES ('loan_figures', CAST(OLD.loan_id AS TEXT)); END;

-- The period reports: installments falling due in a period (expectedPayments, expectedCashFlow) and the loan
-- transactions of a type dated in a period (disbursals, collections), each through its own index.
CREATE INDEX loan_installments_due ON loan_installments(due_date);
CREATE INDEX loan_transactions_type_date ON loan_transactions(type, transaction_date);
