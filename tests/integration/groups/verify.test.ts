import { describe, expect, it } from 'vitest';
import { addMember, closeUnit } from '../../../electron/core/services/groups/repository';
import { verifyDatabase } from '../../../electron/core/verify';
import { asCommand } from '../../support/command';
import { assertInvariants } from '../../support/core';
import { groupsBranch } from './support';

/** `branchbox verify` on centers and groups (verify/groups.ts): clean after the commands, faulty commands reported. */
describe('verify: centers and groups', () => {
  it('is clean after the commands and finds a member of a closed group', async () => {
    const b = await groupsBranch();
    await b.manager.ok('centers.create', { name: 'Kibera Center 4', staffId: 2, activationDate: '2026-03-02' });
    await b.manager.ok('groups.create', { name: 'Umoja A', centerId: 1, clientMembers: [1, 2], activationDate: '2026-03-02' });
    await b.manager.ok('groups.create', { name: 'Umoja B', centerId: 1, clientMembers: [3] });
    await b.manager.ok('groups.removeMembers', { groupId: 2, clientMembers: [3] });
    await b.manager.ok('groups.close', { groupId: 2, closureReason: 'Dissolved' });
    await b.manager.ok('groups.assignRole', { groupId: 1, clientId: 1, role: 'LEADER' });
    assertInvariants(b.core);
    expect(verifyDatabase(b.core.db).faults).toEqual([]);

    // a faulty command putting client 4 into the closed group
    asCommand(b, 'manager', (ctx) => addMember(ctx.db, 'NRB-groupMember-test', 2, 4, '2026-03-02'));
    expect(verifyDatabase(b.core.db).faults).toContain('groups: client 4 is still a member of closed group 2');
  });

  it('finds a center closed under an active group', async () => {
    const b = await groupsBranch();
    await b.manager.ok('centers.create', { name: 'Kibera Center 4', staffId: 2, activationDate: '2026-03-02' });
    await b.manager.ok('groups.create', { name: 'Umoja A', centerId: 1, clientMembers: [1, 2], activationDate: '2026-03-02' });
    asCommand(b, 'manager', (ctx) => closeUnit(ctx.db, 'centers', 1, '2026-03-02', 'by mistake'));
    expect(verifyDatabase(b.core.db).faults).toContain('groups: group 1 is ACTIVE in center 1, which is CLOSED');
  });
});
