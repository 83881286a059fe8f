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
