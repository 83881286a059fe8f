import { describe, expect, it } from 'vitest';
import { Caller, SETUP_INPUT, setUpBranch, memoryCore, snapshot, ADMIN } from '../support/core';

describe('first run, sign-in and the README API examples', () => {
  it('setup.initialize works only while nothing exists and signs the administrator in', async () => {
    const { core } = await memoryCore();
    const c = new Caller(core);
    expect(await c.ok('setup.status', {})).toMatchObject({ initialized: false });
    const info = await c.ok('setup.initialize', SETUP_INPUT);
    expect(info.user.username).toBe('admin');
    expect(info.user.roles).toEqual(['ADMINISTRATOR']);
    expect(info.office).toMatchObject({ code: 'NRB', name: 'Nairobi West', headOffice: false });
    expect(info.currency).toEqual({ code: 'KES', decimalPlaces: 2, inMultiplesOf: 0 });
    expect(info.businessDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(c.token).toBeTruthy();
    const before = snapshot(core);
    expect((await new Caller(core).err('setup.initialize', SETUP_INPUT)).code).toBe('ALREADY_INITIALIZED');
    expect(snapshot(core)).toBe(before);
  });

  it('runs the scripted calls of the README exactly as written', async () => {
    const { core } = await setUpBranch();
    const c = new Caller(core);
    const login = await c.ok('session.login', { username: 'admin', password: 'Adm1n-pass-2026' });
    expect(login.user.username).toBe('admin');
    expect(await c.ok('users.create', { username: 'teller1', password: 'Tell3r-pass-2026', roles: ['TELLER'], displayName: 'Teller One' })).toHaveProperty('id');
    const created = await c.ok('clients.create', {
      firstname: 'Amina',
      lastname: 'Odhiambo',
      dateOfBirth: '1990-04-12',
      gender: 'FEMALE',
      mobileNo: '+254700000001',
      identifiers: [{ documentType: 'NATIONAL_ID', documentKey: '12345678' }],
    });
    expect(created.accountNo).toBe('NRB-000001');
    const found = await c.ok('clients.search', { query: '700000001' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: created.id, accountNo: 'NRB-000001', displayName: 'Amina Odhiambo' });
    const got = await c.ok('clients.get', { id: created.id });
    expect(got.identifiers).toEqual([{ documentType: 'NATIONAL_ID', documentKey: '12345678' }]);
    await c.ok('clients.update', { id: created.id, mobileNo: '+254700000002' });
    expect((await c.ok('clients.get', { id: created.id })).mobileNo).toBe('+254700000002');
    expect((await c.ok('clients.get', { id: created.id })).firstname).toBe('Amina');
    expect(await c.ok('session.logout', {})).toEqual({ signedOut: true });
    expect((await c.err('clients.get', { id: created.id })).code).toBe('UNAUTHENTICATED');
    void ADMIN;
  });
});
