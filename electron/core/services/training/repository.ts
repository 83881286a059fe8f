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
