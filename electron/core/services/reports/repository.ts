import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

/**
 * All the SQL of the reports (issue 18). Each statement reads the books for one report; none writes.
 * A `staffId` of null reads the whole branch.
 */

export interface PendingApprovalRow {
  loan_id: number;
  account_no: string;
  client_account_no: string;
  client_name: string;
  product_name: string;
  currency_code: string;
  principal: number;
  submitted_on: string;
  purpose: string | null;
  officer_name: string | null;
}

/** Loans submitted on or before `asOf` and still pending approval (status 100), oldest first (Fineract's report 8). */
export function pendingApproval(db: Db, asOf: string, staffId: number | null, productId: number | null): PendingApprovalRow[] {
  return sql<[string, number | null, number | null, number | null, number | null], PendingApprovalRow>(
    db,
    `SELECT l.id AS loan_id, l.account_no, c.account_no AS client_account_no, c.display_name AS client_name,
       p.name AS product_name, l.currency_code, l.principal, l.submitted_on, l.purpose,
       trim(s.firstname || ' ' || s.lastname) AS officer_name
     FROM loans l JOIN clients c ON c.id = l.client_id JOIN loan_products p ON p.id = l.product_id
     LEFT JOIN staff s ON s.id = l.loan_officer_id
     WHERE l.status = 100 AND l.submitted_on <= ?
       AND (? IS NULL OR l.loan_officer_id = ?) AND (? IS NULL OR l.product_id = ?)
     ORDER BY l.submitted_on, l.id`,
  ).all(asOf, staffId, staffId, productId, productId);
}
