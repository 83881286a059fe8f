import { describe, expect, it } from 'vitest';
import { assertInvariants, snapshot } from '../../support/core';
import { activeLoan } from '../../support/lending';
import { groupsBranch } from './support';

/** Centers and groups through Fineract's lifecycle (issue 17; FINERACT-NOTES.md 5). The business date is 2026-03-02. */
describe('centers and groups', () => {
  it('answers the contract calls exactly as written', async () => {
    const b = await groupsBranch();
    expect(b.staff).toEqual([1, 2]);
    expect(await b.manager.raw('centers.create', { name: 'Kibera Center 4', staffId: 2, activationDate: '2026-03-02' })).toEqual({ ok: true, data: { id: 1 } });
    expect(await b.manager.raw('groups.create', { name: 'Umoja A', centerId: 1, clientMembers: [1, 2, 3, 4, 5], staffId: 2 })).toEqual({ ok: true, data: { id: 1 } });
    const group = await b.officer.ok('groups.get', { groupId: 1 });
    expect(group).toMatchObject({ id: 1, name: 'Umoja A', status: 'PENDING', centerId: 1, centerName: 'Kibera Center 4', staffId: 2, staffName: 'Grace Wanjiru', memberCount: 5 });
    expect(group.members.map((m) => m.clientId)).toEqual([1, 2, 3, 4, 5]);
    const center = await b.teller.ok('centers.get', { centerId: 1 });
    expect(center).toMatchObject({ status: 'ACTIVE', activationDate: '2026-03-02', groupCount: 1, memberCount: 5, staffName: 'Grace Wanjiru' });
    expect(center.groups.map((g) => g.name)).toEqual(['Umoja A']);
    expect(await b.teller.ok('centers.list', {})).toEqual([expect.objectContaining({ id: 1, groupCount: 1, memberCount: 5 })]);
    expect(await b.teller.ok('groups.list', { centerId: 1 })).toEqual([expect.objectContaining({ id: 1, memberCount: 5 })]);
    assertInvariants(b.core);
  });

  it('takes a group through activation, roles, staff, external id, transfer and closure', async () => {
    const b = await groupsBranch();
    const { id: centerId } = await b.manager.ok('centers.create', { name: 'Kibera Center 4', staffId: 2, externalId: 'KC4' });
    const { id: a } = await b.manager.ok('groups.create', { name: 'Umoja A', centerId, clientMembers: [1, 2, 3], staffId: 2, externalId: 'UA' });
    const { id: bb } = await b.manager.ok('groups.create', { name: 'Umoja B', centerId, clientMembers: [4, 5], staffId: 1 });

    // a group of a pending center cannot be activated
    let before = snapshot(b.core);
    expect(await b.manager.err('groups.activate', { groupId: a })).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'groupId', code: 'center_not_active' }] });
    expect(snapshot(b.core)).toBe(before);
    await b.manager.ok('centers.activate', { centerId });
    await b.manager.ok('groups.activate', { groupId: a, activationDate: '2026-03-02' });
    expect((await b.officer.ok('groups.get', { groupId: a })).status).toBe('ACTIVE');
    expect(await b.manager.err('groups.activate', { groupId: a })).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'groupId' }] });

    // roles: one holder each, members only
    await b.officer.ok('groups.assignRole', { groupId: a, clientId: 1, role: 'LEADER' });
    await b.officer.ok('groups.assignRole', { groupId: a, clientId: 2, role: 3 });
    await b.officer.ok('groups.assignRole', { groupId: a, clientId: 3, role: 'SECRETARY' });
    before = snapshot(b.core);
    expect(await b.officer.err('groups.assignRole', { groupId: a, clientId: 4, role: 'LEADER' })).toMatchObject({ fields: [{ field: 'clientId', code: 'not_member' }] });
    expect(await b.officer.err('groups.assignRole', { groupId: a, clientId: 1, role: 'CHAIR' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'role' }] });
    expect(snapshot(b.core)).toBe(before);
    let g = await b.officer.ok('groups.get', { groupId: a });
    expect(g.roles).toEqual([
      { role: 'LEADER', clientId: 1, displayName: 'Amina Odhiambo' },
      { role: 'SECRETARY', clientId: 3, displayName: 'Akinyi Kamau' },
      { role: 'TREASURER', clientId: 2, displayName: 'Wanjiku Kamau' },
    ]);
    expect(g.members[0]!.roles).toEqual(['LEADER']);
    await b.officer.ok('groups.assignRole', { groupId: a, clientId: 2, role: 'LEADER' }); // the leader changes
    await b.officer.ok('groups.unassignRole', { groupId: a, role: 'SECRETARY' });
    expect((await b.officer.ok('groups.get', { groupId: a })).roles.map((r) => [r.role, r.clientId])).toEqual([['LEADER', 2], ['TREASURER', 2]]);

    // staff and external id
    before = snapshot(b.core);
    expect(await b.manager.err('groups.update', { groupId: bb, externalId: 'UA' })).toMatchObject({ code: 'DUPLICATE', fields: [{ field: 'externalId' }] });
    expect(await b.manager.err('groups.assignStaff', { groupId: bb, staffId: 99 })).toMatchObject({ fields: [{ field: 'staffId' }] });
    expect(snapshot(b.core)).toBe(before);
    await b.manager.ok('groups.update', { groupId: bb, externalId: 'UB', name: 'Umoja B2' });
    await b.manager.ok('groups.unassignStaff', { groupId: bb });
    expect(await b.manager.err('groups.unassignStaff', { groupId: bb })).toMatchObject({ fields: [{ field: 'groupId', code: 'no_staff' }] });
    await b.manager.ok('groups.assignStaff', { groupId: bb, staffId: 1 });
    expect(await b.officer.ok('groups.get', { groupId: bb })).toMatchObject({ name: 'Umoja B2', externalId: 'UB', staffId: 1, staffName: 'Joseph Mwangi' });

    // transfer client 2 from A to B: leaves A (and its roles), joins B, takes B's loan officer (Fineract's default)
    await b.manager.ok('groups.transferClients', { groupId: a, destinationGroupId: bb, clients: [{ id: 2 }] });
    g = await b.officer.ok('groups.get', { groupId: a });
    expect(g.members.map((m) => m.clientId)).toEqual([1, 3]);
    expect(g.roles).toEqual([]);
    expect((await b.officer.ok('groups.get', { groupId: bb })).members.map((m) => m.clientId)).toEqual([4, 5, 2]);
    expect((await b.officer.ok('clients.get', { id: 2 })).loanOfficerId).toBe(1);
    before = snapshot(b.core);
    expect(await b.manager.err('groups.transferClients', { groupId: a, destinationGroupId: bb, clients: [{ id: 2 }] })).toMatchObject({ fields: [{ field: 'clients.0.id', code: 'not_member' }] });
    expect(await b.manager.err('groups.transferClients', { groupId: a, destinationGroupId: a, clients: [{ id: 1 }] })).toMatchObject({ fields: [{ field: 'destinationGroupId' }] });
    expect(snapshot(b.core)).toBe(before);

    // closure: refused while a member has an active loan (naming both), and a center while a group is open
    const loanId = await activeLoan(b, '2026-03-02');
    before = snapshot(b.core);
    const refused = await b.manager.err('groups.close', { groupId: a, closureReason: 'Dissolved' });
    expect(refused).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'groupId', code: 'active_loans' }] });
    expect(refused.message).toContain('Amina Odhiambo');
    expect(await b.manager.err('centers.close', { centerId, closureReason: 'Moved' })).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'centerId', code: 'open_groups' }] });
    expect(await b.officer.err('groups.close', { groupId: bb, closureReason: 'x' })).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(snapshot(b.core)).toBe(before);
    await b.manager.ok('groups.removeMembers', { groupId: a, clientMembers: [1] });
    // as Fineract (Group.close: "active clients associated with it"): refused while members remain (A: 3; B: 4, 5, 2),
    // the refusal says how many and what to do; nothing written
    before = snapshot(b.core);
    const withMembers = await b.manager.err('groups.close', { groupId: a, closureReason: 'Dissolved' });
    expect(withMembers).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'groupId', code: 'active_clients' }], details: { remainingMembers: 1 } });
    expect(withMembers.message).toContain('still has 1 member; remove them or transfer them to another group first');
    expect((await b.manager.err('groups.close', { groupId: bb, closureReason: 'Merged' })).message).toContain('still has 3 members');
    expect(snapshot(b.core)).toBe(before);
    await b.manager.ok('groups.removeMembers', { groupId: a, clientMembers: [3] });
    await b.manager.ok('groups.removeMembers', { groupId: bb, clientMembers: [4, 5, 2] });
    await b.manager.ok('groups.close', { groupId: a, closureReason: 'Dissolved' });
    await b.manager.ok('groups.close', { groupId: bb, closureReason: 'Merged', closureDate: '2026-03-02' });
    expect(await b.officer.ok('groups.get', { groupId: bb })).toMatchObject({ status: 'CLOSED', closedOnDate: '2026-03-02', closureReason: 'Merged', members: [] });
    await b.manager.ok('centers.close', { centerId, closureReason: 'Moved' });
    expect((await b.officer.ok('centers.get', { centerId })).status).toBe('CLOSED');
    // the members removed before the closure may join another group
    const { id: c } = await b.manager.ok('groups.create', { name: 'Tumaini', clientMembers: [2, 4], active: true });
    expect((await b.officer.ok('groups.get', { groupId: c })).status).toBe('ACTIVE');
    expect(loanId).toBeGreaterThan(0);
    assertInvariants(b.core);
  });

  it('keeps a client in one group at a time, naming the client and the group', async () => {
    const b = await groupsBranch();
    await b.manager.ok('groups.create', { name: 'Umoja A', clientMembers: [1, 2, 3] });
    const before = snapshot(b.core);
    const err = await b.manager.err('groups.create', { name: 'Umoja B', clientMembers: [4, 3] });
    expect(err).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'clientMembers.1', code: 'in_another_group' }] });
    expect(err.message).toBe('Akinyi Kamau (NRB-000003) is already a member of group Umoja A (1): a client is a member of one group at a time');
    const { id } = await b.manager.ok('groups.create', { name: 'Umoja B', clientMembers: [4] });
    const before2 = snapshot(b.core);
    expect(await b.manager.err('groups.addMembers', { groupId: id, clientMembers: [5, 1] })).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'clientMembers.1' }] });
    expect(await b.manager.err('groups.addMembers', { groupId: id, clientMembers: [4] })).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'clientMembers.0' }] });
    expect(await b.manager.err('groups.addMembers', { groupId: id, clientMembers: [5, 5] })).toMatchObject({ fields: [{ field: 'clientMembers.1', code: 'duplicate' }] });
    expect(await b.manager.err('groups.addMembers', { groupId: id, clientMembers: [99] })).toMatchObject({ code: 'NOT_FOUND', fields: [{ field: 'clientMembers.0' }] });
    expect(snapshot(b.core)).toBe(before2);
    expect(before).not.toBe(before2);
    // removed, a client may join another group
    await b.manager.ok('groups.removeMembers', { groupId: 1, clientMembers: [3] });
    await b.manager.ok('groups.addMembers', { groupId: id, clientMembers: [3] });
    expect((await b.officer.ok('groups.get', { groupId: id })).members.map((m) => m.clientId)).toEqual([4, 3]);
    assertInvariants(b.core);
  });

  it('enforces the branch minimum and maximum members at activation, and the maximum when members join', async () => {
    const b = await groupsBranch();
    expect(await b.admin.ok('settings.update', { minClientsInGroup: 3, maxClientsInGroup: 5 })).toMatchObject({ minClientsInGroup: 3, maxClientsInGroup: 5 });
    let before = snapshot(b.core);
    expect(await b.admin.err('settings.update', { minClientsInGroup: 6 })).toMatchObject({ fields: [{ field: 'minClientsInGroup', code: 'min_above_max' }] });
    expect(snapshot(b.core)).toBe(before);
    const { id } = await b.manager.ok('groups.create', { name: 'Small', clientMembers: [1, 2] });
    before = snapshot(b.core);
    const err = await b.manager.err('groups.activate', { groupId: id });
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'clientMembers', code: 'member_count' }] });
    expect(err.message).toBe('Small has 2 active members; the branch allows 3 to 5');
    // created active with too few: refused whole, nothing written
    expect(await b.manager.err('groups.create', { name: 'Tiny', clientMembers: [3], activationDate: '2026-03-02' })).toMatchObject({ fields: [{ field: 'clientMembers' }] });
    expect(snapshot(b.core)).toBe(before);
    await b.manager.ok('groups.addMembers', { groupId: id, clientMembers: [3, 4, 5] });
    await b.manager.ok('groups.activate', { groupId: id });
    before = snapshot(b.core);
    expect(await b.manager.err('groups.addMembers', { groupId: id, clientMembers: [6] })).toMatchObject({ fields: [{ field: 'clientMembers', code: 'above_maximum' }] });
    expect(snapshot(b.core)).toBe(before);
    await b.admin.ok('settings.update', { maxClientsInGroup: null });
    await b.manager.ok('groups.addMembers', { groupId: id, clientMembers: [6] });
    expect((await b.teller.ok('settings.get', {})).maxClientsInGroup).toBeNull();
    assertInvariants(b.core);
  });

  it('lets a loan officer keep only their own centers and groups', async () => {
    const b = await groupsBranch();
    const { id: mine } = await b.officer.ok('centers.create', { name: 'Mine', staffId: 2 });
    let before = snapshot(b.core);
    expect(await b.officer.err('centers.create', { name: 'Theirs', staffId: 1 })).toMatchObject({ code: 'PERMISSION_DENIED', fields: [{ field: 'staffId', code: 'not_own' }] });
    expect(await b.officer.err('groups.create', { name: 'Nobody' })).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await b.teller.err('groups.create', { name: 'Counter', staffId: 2 })).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(snapshot(b.core)).toBe(before);
    await b.officer.ok('centers.activate', { centerId: mine });
    const { id: theirs } = await b.manager.ok('groups.create', { name: 'Theirs', staffId: 1, clientMembers: [1] });
    before = snapshot(b.core);
    expect(await b.officer.err('groups.activate', { groupId: theirs })).toMatchObject({ code: 'PERMISSION_DENIED', fields: [{ field: 'groupId' }] });
    expect(await b.officer.err('groups.addMembers', { groupId: theirs, clientMembers: [2] })).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await b.officer.err('groups.transferClients', { groupId: theirs, destinationGroupId: theirs, clients: [{ id: 1 }] })).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(snapshot(b.core)).toBe(before);
    const { id: own } = await b.officer.ok('groups.create', { name: 'Own', centerId: mine, staffId: 2, clientMembers: [2, 3], activationDate: '2026-03-02' });
    expect((await b.officer.ok('groups.get', { groupId: own })).status).toBe('ACTIVE');
    expect(await b.accountant.ok('groups.list', { staffId: 2 })).toEqual([expect.objectContaining({ id: own })]);
    assertInvariants(b.core);
  });

  it('refuses bad dates and unknown references, naming the field', async () => {
    const b = await groupsBranch();
    const before = snapshot(b.core);
    expect(await b.manager.err('centers.create', { name: 'Later', activationDate: '2026-03-03' })).toMatchObject({ fields: [{ field: 'activationDate', code: 'future' }] });
    expect(await b.manager.err('centers.create', { name: 'Odd', active: false, activationDate: '2026-03-01' })).toMatchObject({ fields: [{ field: 'activationDate' }] });
    expect(await b.manager.err('centers.create', { name: 'Early', submittedOnDate: '2026-03-02', activationDate: '2026-03-01' })).toMatchObject({
      fields: [{ field: 'activationDate', code: 'before_submission' }],
    });
    expect(await b.manager.err('groups.create', { name: 'Lost', centerId: 7 })).toMatchObject({ code: 'NOT_FOUND', fields: [{ field: 'centerId' }] });
    expect(await b.manager.err('groups.create', { name: 'X', staffId: 99 })).toMatchObject({ fields: [{ field: 'staffId' }] });
    expect(await b.manager.err('groups.get', { groupId: 3 })).toMatchObject({ code: 'NOT_FOUND', fields: [{ field: 'groupId' }] });
    expect(await b.manager.err('groups.create', { name: '', clientMembers: [] })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'name' }] });
    expect(snapshot(b.core)).toBe(before);
    // backdated: submitted on the activation date
    const { id } = await b.manager.ok('centers.create', { name: 'Back', activationDate: '2026-02-16' });
    expect(await b.manager.ok('centers.get', { centerId: id })).toMatchObject({ submittedOnDate: '2026-02-16', activationDate: '2026-02-16' });
    assertInvariants(b.core);
  });
});
