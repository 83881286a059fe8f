import { describe, expect, it } from 'vitest';
import { assertInvariants, Caller, snapshot } from '../../support/core';
import { lendingBranch, setBusinessDate, tillCash, type LendingBranch } from '../../support/lending';

/**
 * Cash given to an open till during the day (issue 19 point 15, services/tills/acknowledge.ts): the teller who
 * receives it acknowledges it; their own close waits for it; the day report says who acknowledged and when.
 */
const PASSWORD = 'Str0ng-pass-2026';

async function openTeller(): Promise<LendingBranch & { teller1: Caller; teller2: Caller }> {
  const b = await lendingBranch(undefined, { tills: false });
  setBusinessDate(b.core, '2026-03-02');
  const sign = async (username: string) => {
    await b.admin.ok('users.create', { username, password: PASSWORD, roles: ['TELLER'], displayName: `Teller ${username}` });
    const c = new Caller(b.core);
    await c.ok('session.login', { username, password: PASSWORD });
    return c;
  };
  const [teller1, teller2] = [await sign('teller1'), await sign('teller2')];
  await b.manager.ok('tills.fundVault', { amount: '100000' });
  await b.manager.ok('tills.allocate', { username: 'teller1', amount: '20000' });
  await b.manager.ok('tills.allocate', { username: 'teller2', amount: '10000' });
  await teller1.ok('tills.open', { count: [{ denomination: '1000', quantity: 20 }] });
  await teller2.ok('tills.open', { count: [{ denomination: '1000', quantity: 10 }] });
  return { ...b, teller1, teller2 };
}

describe('cash given to an open till', () => {
  it('needs no acknowledgement before the opening (the count is it), and one from the teller mid-day', async () => {
    const b = await openTeller();
    expect((await b.teller1.ok('tills.current', {})).pendingAllocations).toEqual([]);
    await b.manager.ok('tills.allocate', { username: 'teller1', amount: '5000', note: 'top-up' });
    const [pending] = (await b.teller1.ok('tills.current', {})).pendingAllocations;
    // the amount handed over (5,000), never the till's (20,000 + 5,000): the close stays blind
    expect(pending).toMatchObject({ amount: '5000.00', from: 'manager', note: 'top-up' }); // the manager's display name
    expect(JSON.stringify(await b.teller1.ok('tills.current', {}))).not.toMatch(/25000/);

    // the close waits for it, writing nothing
    const before = snapshot(b.core);
    const refused = await b.teller1.err('tills.close', { count: [{ denomination: '1000', quantity: 25 }] });
    expect(refused).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'count', code: 'allocation_not_acknowledged' }], details: { reason: 'ALLOCATION_NOT_ACKNOWLEDGED', movementIds: [pending!.movementId] } });
    expect(snapshot(b.core)).toBe(before);

    // another teller cannot acknowledge it; the receiving teller does, once
    expect((await b.teller2.err('tills.acknowledge', { movementId: pending!.movementId })).code).toBe('NOT_FOUND');
    const ack = await b.teller1.ok('tills.acknowledge', { movementId: pending!.movementId });
    expect(ack.movementId).toBe(pending!.movementId);
    expect((await b.teller1.err('tills.acknowledge', { movementId: pending!.movementId })).fields![0]!.code).toBe('already_acknowledged');
    expect((await b.teller1.ok('tills.current', {})).pendingAllocations).toEqual([]);
    const logged = b.core.db.prepare("SELECT username, input_json FROM command_log WHERE operation = 'tills.acknowledge'").all();
    expect(logged).toEqual([{ username: 'teller1', input_json: JSON.stringify({ movementId: pending!.movementId }) }]);

    // closed with 25 x 1,000 = 20,000 + 5,000: no difference; the report names who acknowledged
    expect(await b.teller1.ok('tills.close', { count: [{ denomination: '1000', quantity: 25 }] })).toMatchObject({ expected: '25000.00', difference: '0.00' });
    const report = await b.teller1.ok('tills.report', {});
    expect(report.movements.map((m) => [m.kind, m.amountIn, m.acknowledgedBy, m.acknowledgedAt !== null])).toEqual([['ALLOCATION', '5000.00', 'teller1', true]]);
    expect(await tillCash(b.manager, 'teller1')).toBe('25000.00');
    assertInvariants(b.core);
  });

  it('refuses to acknowledge cash given while the till was closed, and lets a manager close an absent teller\'s till without it', async () => {
    const b = await openTeller();
    await b.teller2.ok('tills.close', { count: [{ denomination: '1000', quantity: 10 }] });
    await b.manager.ok('tills.allocate', { username: 'teller2', amount: '3000' });
    const closedTime = b.core.db.prepare("SELECT max(id) AS id FROM till_movements WHERE kind = 'ALLOCATION'").get() as { id: number };
    expect((await b.teller2.err('tills.acknowledge', { movementId: closedTime.id })).fields![0]!.code).toBe('not_open_session');
    expect((await b.teller1.err('tills.acknowledge', { movementId: 99999 })).code).toBe('NOT_FOUND');
    // teller1 is away: the manager counts the till, the top-up not acknowledged, and the report says so
    await b.manager.ok('tills.allocate', { username: 'teller1', amount: '1000' });
    await b.manager.ok('tills.close', { username: 'teller1', count: [{ denomination: '1000', quantity: 21 }] });
    const report = await b.manager.ok('tills.report', { username: 'teller1' });
    expect(report.movements.find((m) => m.kind === 'ALLOCATION')).toMatchObject({ amountIn: '1000.00', acknowledgedBy: null, acknowledgedAt: null });
    assertInvariants(b.core);
  });
});
