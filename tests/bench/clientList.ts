/**
 * The client list (issue 19 point 11) on the branch of `npm run bench`'s client search (the training demo's clients,
 * 100,000 by default, three loan officers): a page of 50 of clients.list by each filter, the count of all that match
 * included. The demo's big branches have no groups and no closed clients, so the bench closes one client in 17 and
 * puts 2,000 clients into 200 groups of ten first (straight into the tables: what the list reads, not how it got there).
 */
import type { Core } from '../../electron/core';
import { listClients, type ClientListInput } from '../../electron/core/services/clients';
import { ms, percentile, type Figure } from './support';

function prepare(core: Core): void {
  const db = core.db;
  const now = new Date().toISOString();
  db.transaction(() => {
    db.exec("UPDATE clients SET status = 'CLOSED', closed_on = submitted_on WHERE id % 17 = 0");
    const office = (db.prepare('SELECT id FROM offices ORDER BY id LIMIT 1').get() as { id: number }).id;
    const group = db.prepare("INSERT INTO groups (global_id, office_id, name, status, submitted_on, created_at) VALUES (?, ?, ?, 'ACTIVE', ?, ?)");
    const member = db.prepare('INSERT INTO group_members (global_id, group_id, client_id, joined_on) VALUES (?, ?, ?, ?)');
    for (let g = 1; g <= 200; g++) {
      const id = Number(group.run(`BENCH-group-${g}`, office, `Bench group ${g}`, now.slice(0, 10), now).lastInsertRowid);
      for (let k = 0; k < 10; k++) member.run(`BENCH-member-${g}-${k}`, id, g * 10 + k, now.slice(0, 10));
    }
  })();
}

export function benchClientList(core: Core, size: number): Figure[] {
  prepare(core);
  const officer = (core.db.prepare('SELECT staff_id AS id FROM clients WHERE staff_id IS NOT NULL LIMIT 1').get() as { id: number }).id;
  const group = (core.db.prepare('SELECT id FROM groups ORDER BY id DESC LIMIT 1').get() as { id: number }).id;
  const middle = Math.floor(size / 100) * 50; // the page in the middle of the list
  const cases: [string, Partial<ClientListInput>][] = [
    ['first page, no filter', {}],
    [`page at offset ${middle.toLocaleString('en')}, no filter`, { offset: middle }],
    ['status ACTIVE', { status: 'ACTIVE' }],
    ['status CLOSED, page 3', { status: 'CLOSED', offset: 100 }],
    ['loan officer (clients_staff)', { staffId: officer }],
    ['loan officer + status CLOSED', { staffId: officer, status: 'CLOSED' }],
    ['group', { groupId: group }],
    ['search "wanj" + loan officer', { query: 'wanj', staffId: officer }],
    ['search "amina w"', { query: 'amina w' }],
  ];
  const figures: Figure[] = [];
  for (const [name, filter] of cases) {
    const input: ClientListInput = { query: '', offset: 0, limit: 50, ...filter };
    const samples: number[] = [];
    for (let i = 0; i < 40; i++) {
      const s = process.hrtime.bigint();
      listClients(core.db, input);
      samples.push(ms(s));
    }
    figures.push({ name: `clients.list p50 on ${size.toLocaleString('en')}: ${name}`, value: percentile(samples, 50), unit: 'ms', goal: '< 50 ms' });
  }
  return figures;
}
