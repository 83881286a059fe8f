import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

/** What the demo's history reads of the branch it builds on: all the training area's SQL. */

/** The branch's clients in the order they were made (the demo's plan names them by that order). */
export function clientIdsInOrder(db: Db): number[] {
  return sql<[], { id: number }>(db, 'SELECT id FROM clients ORDER BY id').all().map((r) => r.id);
}

/** An active user's id and the staff member they are (a loan officer's), by username. */
export function demoUser(db: Db, username: string): { id: number; staffId: number | null } | undefined {
  return sql<[string], { id: number; staffId: number | null }>(db, 'SELECT id, staff_id AS staffId FROM users WHERE username = ? AND active = 1').get(username);
}

/** What a history cut short already made, to continue it (history.ts): products by name, loans and savings in order. */
export function madeSoFar(db: Db, names: { weekly: string; monthly: string; savings: string }): { weeklyId: number | null; monthlyId: number | null; savingsProductId: number | null; loanIds: number[]; savingsIds: number[] } {
  const product = (table: 'loan_products' | 'savings_products', name: string): number | null =>
    sql<[string], { id: number }>(db, `SELECT id FROM ${table} WHERE name = ? ORDER BY id LIMIT 1`).get(name)?.id ?? null;
  return {
    weeklyId: product('loan_products', names.weekly),
    monthlyId: product('loan_products', names.monthly),
    savingsProductId: product('savings_products', names.savings),
    loanIds: sql<[], { id: number }>(db, 'SELECT id FROM loans ORDER BY id').all().map((r) => r.id),
    savingsIds: sql<[], { id: number }>(db, 'SELECT id FROM savings_accounts ORDER BY id').all().map((r) => r.id),
  };
}

/** Whether a business day's own business is in the books (any command of that day but day-end's and the job's). */
export function dayHadBusiness(db: Db, date: string): boolean {
  return (
    sql<[string], { n: number }>(db, "SELECT EXISTS (SELECT 1 FROM command_log WHERE business_date = ? AND operation NOT LIKE 'dayEnd.%' AND operation NOT LIKE 'setup.%') AS n").get(date)!.n === 1
  );
}
