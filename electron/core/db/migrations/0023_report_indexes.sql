-- The reports of issue 18 on a big branch (tests/bench/reports.ts: 100,000 loans): portfolio at risk on the business
-- date adds up the active loans' kept principal outstanding and oldest unpaid due date per loan officer, product or
-- client (the client's office) from this index alone, without reading the loans' rows (their terms and unpaid
-- installments as JSON).
CREATE INDEX loans_report_portfolio ON loans(status, loan_officer_id, product_id, currency_code, client_id, principal_outstanding, oldest_unpaid_due);
