import type { Db } from '../db/connection';

/**
 * Centers, groups and their members (migration 0019; services/groups): a client a member of one group at a time
 * (Branchbox's rule; the partial unique index backs it, this finds a database where it was dropped or bypassed); no
 * member of a closed group; every role held by a member of its group; no open group in a closed center, and no
 * active group in a center that is not active. All of them: the tables are a branch's few hundred groups.
 */
export function groupsFault(db: Db): string | null {
  const twice = db
    .prepare(
      `SELECT m.client_id, group_concat(m.group_id) AS groups FROM group_members m WHERE m.left_on IS NULL
       GROUP BY m.client_id HAVING count(*) > 1 ORDER BY m.client_id LIMIT 1`,
    )
    .get() as { client_id: number; groups: string } | undefined;
  if (twice) return `groups: client ${twice.client_id} is a member of several groups at once (${twice.groups})`;
  const closed = db
    .prepare(`SELECT m.client_id, g.id FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.left_on IS NULL AND g.status = 'CLOSED' LIMIT 1`)
    .get() as { client_id: number; id: number } | undefined;
  if (closed) return `groups: client ${closed.client_id} is still a member of closed group ${closed.id}`;
  const role = db
    .prepare(
      `SELECT r.group_id, r.client_id, r.role FROM group_roles r
       WHERE NOT EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = r.group_id AND m.client_id = r.client_id AND m.left_on IS NULL) LIMIT 1`,
    )
    .get() as { group_id: number; client_id: number; role: string } | undefined;
  if (role) return `groups: client ${role.client_id} holds the role ${role.role} of group ${role.group_id} without being its member`;
  const center = db
    .prepare(
      `SELECT g.id, g.status, c.id AS center_id, c.status AS center_status FROM groups g JOIN centers c ON c.id = g.center_id
       WHERE (c.status = 'CLOSED' AND g.status <> 'CLOSED') OR (g.status = 'ACTIVE' AND c.status <> 'ACTIVE') LIMIT 1`,
    )
    .get() as { id: number; status: string; center_id: number; center_status: string } | undefined;
  return center ? `groups: group ${center.id} is ${center.status} in center ${center.center_id}, which is ${center.center_status}` : null;
}

/**
 * Posted collection sheets (migration 0021; services/collectionSheet): each sheet's total is what its repayment and
 * deposit items took, and each item is the transaction it names, as posted: a repayment of the loan dated the
 * meeting date for the item's amount, a deposit likewise (a later correction after day-end reverses the transaction
 * but never rewrites it, so the rows the items name stay as posted).
 */
export function collectionSheetsFault(db: Db): string | null {
  const total = db
    .prepare(
      `SELECT s.id, s.total, coalesce(sum(i.amount), 0) AS items FROM collection_sheets s
       LEFT JOIN collection_sheet_items i ON i.sheet_id = s.id AND i.kind IN ('LOAN_REPAYMENT', 'SAVINGS_DEPOSIT')
       GROUP BY s.id HAVING s.total <> coalesce(sum(i.amount), 0) LIMIT 1`,
    )
    .get() as { id: number; total: number; items: number } | undefined;
  if (total) return `collection sheets: sheet ${total.id} has the total ${total.total} but its repayments and deposits add up to ${total.items}`;
  const item = db
    .prepare(
      `SELECT i.id, i.sheet_id, i.kind FROM collection_sheet_items i JOIN collection_sheets s ON s.id = i.sheet_id
       LEFT JOIN loan_transactions l ON l.id = i.loan_transaction_id
       LEFT JOIN savings_transactions t ON t.id = i.savings_transaction_id
       WHERE (i.kind = 'LOAN_REPAYMENT' AND (l.id IS NULL OR l.type <> 'REPAYMENT' OR l.amount <> i.amount OR l.transaction_date <> s.meeting_date))
          OR (i.kind = 'SAVINGS_DEPOSIT' AND (t.id IS NULL OR t.type <> 'DEPOSIT' OR t.amount <> i.amount OR t.transaction_date <> s.meeting_date))
       LIMIT 1`,
    )
    .get() as { id: number; sheet_id: number; kind: string } | undefined;
  return item ? `collection sheets: item ${item.id} of sheet ${item.sheet_id} (${item.kind}) is not the transaction it names, as posted` : null;
}
