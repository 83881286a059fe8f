import { describe, expect, it } from 'vitest';
import type { ClientPage } from '../../shared/contract';
import { assertInvariants, Caller, setUpBranch, snapshot } from '../support/core';
import type { Core } from '../../electron/core';
import { planOf, statementsOf } from './savings/statements';

/**
 * clients.list (issue 19 point 11): the client list filtered by loan officer, status and group, with the search
 * text, a page at a time with the total. Nine clients, registered in this order (ids 1 to 9), two loan officers
 * (Joseph = staff 1, Grace = staff 2) and two groups:
 *
 *   id  name             officer  status            group now
 *   1   Amina Odhiambo   Joseph   active            Umoja A
 *   2   Neema Wekesa     Grace    active            Umoja A
 *   3   Juma Hassan      Joseph   pending           -
 *   4   Neema Nwosu      Joseph   active            Umoja A
 *   5   Fatuma Ali       -        active            -
 *   6   Akinyi Wekesa    Grace    closed            -
 *   7   Wanjiku Kamau    Joseph   active            Umoja B (was in Umoja A: left it)
 *   8   Neema Wambui     Grace    pending           -
 *   9   Otieno Odhiambo  Joseph   active            Umoja B
 *
 * Every expectation below is read off this table by hand: newest first (the highest id first) without words typed;
 * with words, the clients in whom more of the words start a name part first (clients.search's tiers), newest first
 * within a tier.
 */
async function branch(): Promise<{ core: Core; admin: Caller; joseph: number; grace: number; umojaA: number; umojaB: number }> {
  const { core, admin } = await setUpBranch();
  const joseph = (await admin.ok('staff.create', { firstname: 'Joseph', lastname: 'Mwangi', isLoanOfficer: true })).id;
  const grace = (await admin.ok('staff.create', { firstname: 'Grace', lastname: 'Wanjiru', isLoanOfficer: true })).id;
  const people: [string, string, number | null, boolean][] = [
    ['Amina', 'Odhiambo', joseph, true],
    ['Neema', 'Wekesa', grace, true],
    ['Juma', 'Hassan', joseph, false],
    ['Neema', 'Nwosu', joseph, true],
    ['Fatuma', 'Ali', null, true],
    ['Akinyi', 'Wekesa', grace, true],
    ['Wanjiku', 'Kamau', joseph, true],
    ['Neema', 'Wambui', grace, false],
    ['Otieno', 'Odhiambo', joseph, true],
  ];
  for (const [i, [firstname, lastname, loanOfficerId, active]] of people.entries()) {
    expect((await admin.ok('clients.create', { firstname, lastname, loanOfficerId, active })).id).toBe(i + 1);
  }
  await admin.ok('clients.close', { id: 6, closureReason: 'Moved to Mombasa' });
  const umojaA = (await admin.ok('groups.create', { name: 'Umoja A', clientMembers: [1, 2, 4, 7], staffId: joseph })).id;
  const umojaB = (await admin.ok('groups.create', { name: 'Umoja B', clientMembers: [9], staffId: joseph })).id;
  await admin.ok('groups.removeMembers', { groupId: umojaA, clientMembers: [7] });
  await admin.ok('groups.addMembers', { groupId: umojaB, clientMembers: [7] });
  return { core, admin, joseph, grace, umojaA, umojaB };
}

/** The ids of a page and the total. */
function idsOf(page: ClientPage): { ids: number[]; total: number } {
  return { ids: page.clients.map((c) => c.id), total: page.total };
}

describe('clients.list', () => {
  it('filters by loan officer, status and group with the search text, a page at a time with the total', async () => {
    const { core, admin, joseph, grace, umojaA, umojaB } = await branch();
    const list = async (input: Record<string, unknown>) => idsOf(await admin.ok('clients.list', input as never));

    // no filter: all nine newest first, 50 a page by default
    const all = await admin.ok('clients.list', {});
    expect(all).toMatchObject({ total: 9, offset: 0, limit: 50 });
    expect(all.clients.map((c) => c.id)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    // a row is clients.search's summary, with its loan officer's name
    expect(all.clients[0]).toEqual((await admin.ok('clients.search', { query: '', limit: 1 }))[0]);
    expect(all.clients[0]).toMatchObject({ displayName: 'Otieno Odhiambo', status: 'ACTIVE', loanOfficerName: 'Joseph Mwangi' });
    expect(all.clients.find((c) => c.id === 5)!.loanOfficerName).toBeNull();

    // pages of four: 9-6, 5-2, 1; past the end an empty page, the total still 9
    expect(await list({ limit: 4 })).toEqual({ ids: [9, 8, 7, 6], total: 9 });
    expect(await list({ limit: 4, offset: 4 })).toEqual({ ids: [5, 4, 3, 2], total: 9 });
    expect(await list({ limit: 4, offset: 8 })).toEqual({ ids: [1], total: 9 });
    expect(await list({ limit: 4, offset: 12 })).toEqual({ ids: [], total: 9 });

    // status: active 1, 2, 4, 5, 7, 9; pending 3, 8; closed 6
    expect(await list({ status: 'ACTIVE' })).toEqual({ ids: [9, 7, 5, 4, 2, 1], total: 6 });
    expect(await list({ status: 'ACTIVE', limit: 2, offset: 2 })).toEqual({ ids: [5, 4], total: 6 });
    expect(await list({ status: 'PENDING' })).toEqual({ ids: [8, 3], total: 2 });
    expect(await list({ status: 'CLOSED' })).toEqual({ ids: [6], total: 1 });

    // loan officer: Joseph has 1, 3, 4, 7, 9; Grace 2, 6, 8 (5 has none)
    expect(await list({ staffId: joseph })).toEqual({ ids: [9, 7, 4, 3, 1], total: 5 });
    expect(await list({ staffId: joseph, limit: 2, offset: 4 })).toEqual({ ids: [1], total: 5 });
    expect(await list({ staffId: grace })).toEqual({ ids: [8, 6, 2], total: 3 });
    expect(await list({ staffId: joseph, status: 'ACTIVE' })).toEqual({ ids: [9, 7, 4, 1], total: 4 });
    expect(await list({ staffId: grace, status: 'PENDING' })).toEqual({ ids: [8], total: 1 });

    // group: its members now (7 left Umoja A for Umoja B)
    expect(await list({ groupId: umojaA })).toEqual({ ids: [4, 2, 1], total: 3 });
    expect(await list({ groupId: umojaB })).toEqual({ ids: [9, 7], total: 2 });
    expect(await list({ groupId: umojaA, staffId: joseph })).toEqual({ ids: [4, 1], total: 2 });
    expect(await list({ groupId: umojaA, staffId: grace, status: 'ACTIVE' })).toEqual({ ids: [2], total: 1 });
    expect(await list({ groupId: umojaB, status: 'PENDING' })).toEqual({ ids: [], total: 0 });

    // search text: "neema w" has both words starting a name part in Wambui (8) and Wekesa (2), one in Nwosu (4)
    expect(await list({ query: 'Neema W' })).toEqual({ ids: [8, 2, 4], total: 3 });
    expect(await list({ query: 'Neema W', limit: 1, offset: 1 })).toEqual({ ids: [2], total: 3 });
    expect(await list({ query: 'neema w', status: 'ACTIVE' })).toEqual({ ids: [2, 4], total: 2 });
    expect(await list({ query: 'wekesa', staffId: grace })).toEqual({ ids: [6, 2], total: 2 });
    expect(await list({ query: 'neema', groupId: umojaA })).toEqual({ ids: [4, 2], total: 2 });
    expect(await list({ query: 'odhiambo', groupId: umojaB, staffId: joseph, status: 'ACTIVE' })).toEqual({ ids: [9], total: 1 });
    // a word inside a name ("dhia" in Odhiambo) still finds it; a word nobody has finds none
    expect(await list({ query: 'dhia' })).toEqual({ ids: [9, 1], total: 2 });
    expect(await list({ query: 'zzz', staffId: joseph })).toEqual({ ids: [], total: 0 });
    assertInvariants(core);
  });

  it('refuses a bad filter value naming its field, and writes nothing', async () => {
    const { core, admin } = await branch();
    const before = snapshot(core);
    const refused = async (input: Record<string, unknown>) => {
      const e = await admin.err('clients.list', input as never);
      return { code: e.code, fields: (e.fields ?? []).map((f) => f.field) };
    };
    expect(await refused({ staffId: 99 })).toEqual({ code: 'VALIDATION_FAILED', fields: ['staffId'] });
    expect((await admin.err('clients.list', { staffId: 99 })).fields).toEqual([expect.objectContaining({ field: 'staffId', code: 'not_found' })]);
    expect(await refused({ groupId: 99 })).toEqual({ code: 'VALIDATION_FAILED', fields: ['groupId'] });
    expect(await refused({ staffId: 0 })).toEqual({ code: 'VALIDATION_FAILED', fields: ['staffId'] });
    expect(await refused({ groupId: 'Umoja A' })).toEqual({ code: 'VALIDATION_FAILED', fields: ['groupId'] });
    expect(await refused({ status: 'GONE' })).toEqual({ code: 'VALIDATION_FAILED', fields: ['status'] });
    expect(await refused({ offset: -1 })).toEqual({ code: 'VALIDATION_FAILED', fields: ['offset'] });
    expect(await refused({ offset: 1.5 })).toEqual({ code: 'VALIDATION_FAILED', fields: ['offset'] });
    expect(await refused({ limit: 0 })).toEqual({ code: 'VALIDATION_FAILED', fields: ['limit'] });
    expect(await refused({ limit: 501 })).toEqual({ code: 'VALIDATION_FAILED', fields: ['limit'] });
    expect((await refused({ officer: 1 })).code).toBe('VALIDATION_FAILED');
    expect(snapshot(core)).toBe(before);
    // a teller reads the list too (clients.read)
    await admin.ok('users.create', { username: 'teller1', displayName: 'Peter Otieno', password: 'Teller-pass-2026', roles: ['TELLER'] });
    const teller = new Caller(core);
    await teller.ok('session.login', { username: 'teller1', password: 'Teller-pass-2026' });
    expect((await teller.ok('clients.list', { status: 'CLOSED' })).total).toBe(1);
    assertInvariants(core);
  });

  it('reads through indexes: the rowid, clients_status, clients_staff, the group members or the trigram index drive every filter', async () => {
    const { core, admin, joseph, grace, umojaA } = await branch();
    /** The plans of the count and the page that the call ran, in that order. */
    const plans = async (input: Record<string, unknown>) => {
      const { statements } = await statementsOf(core, () => admin.ok('clients.list', { ...input, limit: 2 } as never));
      const ours = statements.filter((s) => /count\(\*\) AS n FROM|JOIN \(SELECT/.test(s.text));
      expect(ours).toHaveLength(2);
      const [count, page] = ours.map((s) => planOf(core, s).join(' | '));
      // the page's ids first, then the rows of those ids alone (their office and officer by primary key)
      expect(page).toMatch(/^MATERIALIZE p \| .* \| SCAN p \| SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\) \| SEARCH o USING INTEGER PRIMARY KEY/);
      return [count!, page!.replace(/ \| SCAN p \| .*$/, '').replace(/^MATERIALIZE p \| /, '')];
    };
    // SQLite without statistics (Branchbox runs no ANALYZE) plans the same on nine clients as on 100,000: the same
    // plans were read on 5,000 and 100,000 clients
    expect(await plans({})).toEqual([
      'SCAN clients USING COVERING INDEX clients_staff', // the count: the smallest index, once
      'SCAN c', // the page: the rowid downwards, the page's ids and those the offset skips
    ]);
    for (const [count, page] of [await plans({ status: 'ACTIVE' })]) {
      expect(count).toMatch(/^SEARCH c USING (COVERING )?INDEX clients_status \(status=\?\)$/);
      expect(page).toMatch(/^SEARCH c USING (COVERING )?INDEX clients_status \(status=\?\)$/);
    }
    // the loan officer's clients from their index (migration 0025), with or without a status
    for (const [count, page] of [await plans({ staffId: joseph }), await plans({ status: 'ACTIVE', staffId: joseph })]) {
      expect(count).toMatch(/^SEARCH c USING (COVERING )?INDEX clients_staff \(staff_id=\?\)$/);
      expect(page).toMatch(/^SEARCH c USING (COVERING )?INDEX clients_staff \(staff_id=\?\)$/);
    }
    const group = /^(SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\)|SCAN fts VIRTUAL TABLE INDEX 0:=) \| LIST SUBQUERY 1 \| SEARCH m USING INDEX group_members_group \(group_id=\? AND left_on=\?\)/;
    for (const input of [{ groupId: umojaA }, { groupId: umojaA, status: 'ACTIVE', staffId: joseph }, { groupId: umojaA, query: 'a' }]) {
      for (const plan of await plans(input)) expect(plan).toMatch(group);
    }
    for (const input of [{ query: 'neema w' }, { query: 'wekesa', status: 'CLOSED', staffId: grace }]) {
      for (const plan of await plans(input)) expect(plan).toMatch(/^SCAN fts VIRTUAL TABLE INDEX 0:L0/);
    }
    // no temporary sort but for the ranking of a search's matches (or of a group's few members)
    for (const input of [{}, { status: 'PENDING' }, { staffId: joseph }, { staffId: joseph, status: 'ACTIVE' }, { groupId: umojaA }]) {
      for (const plan of await plans(input)) expect(plan).not.toContain('TEMP B-TREE');
    }
  });
});
