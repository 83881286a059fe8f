import { describe, expect, it } from 'vitest';
import { operations } from '../../shared/contract';
import { Caller, setUpBranch, snapshot, memoryCore } from '../support/core';

describe('the dispatcher', () => {
  it('answers an unknown operation with NOT_FOUND and writes nothing', async () => {
    const { core, admin } = await setUpBranch();
    const before = snapshot(core);
    expect((await admin.err('loans.teleport', {})).code).toBe('NOT_FOUND');
    expect((await admin.err('constructor', {})).code).toBe('NOT_FOUND');
    expect((await admin.err('__proto__', {})).code).toBe('NOT_FOUND');
    expect(snapshot(core)).toBe(before);
  });

  it('answers a call without a session with UNAUTHENTICATED for every non-public operation', async () => {
    const { core } = await setUpBranch();
    const anon = new Caller(core);
    const before = snapshot(core);
    for (const [name, def] of Object.entries(operations)) {
      if (def.access === 'PUBLIC') continue;
      expect((await anon.err(name, {})).code, name).toBe('UNAUTHENTICATED');
    }
    expect(snapshot(core)).toBe(before);
  });

  it('refuses unknown keys and names every bad field, writing nothing, for every operation', async () => {
    const { core, admin } = await setUpBranch();
    const before = snapshot(core);
    for (const name of Object.keys(operations)) {
      if (name === 'session.logout' || name === 'session.lock') continue; // they take no input and act at once
      const error = await admin.err(name, { bogusField: 1 });
      expect(error.code, name).toBe('VALIDATION_FAILED');
      expect(error.fields?.map((f) => f.field), name).toContain('bogusField');
    }
    expect(snapshot(core)).toBe(before);
  });

  it('names each bad field of a client', async () => {
    const { core, admin } = await setUpBranch();
    const before = snapshot(core);
    const error = await admin.err('clients.create', {
      firstname: '',
      dateOfBirth: '1990-02-30',
      gender: 'UNKNOWN',
      mobileNo: 'call me',
      identifiers: [{ documentType: 'NATIONAL_ID', documentKey: '' }],
    });
    expect(error.code).toBe('VALIDATION_FAILED');
    const fields = error.fields!.map((f) => f.field).sort();
    expect(fields).toEqual(['dateOfBirth', 'firstname', 'gender', 'identifiers.0.documentKey', 'lastname', 'mobileNo'].sort());
    expect(error.fields!.find((f) => f.field === 'lastname')).toMatchObject({ code: 'required', message: 'is required' });
    expect(snapshot(core)).toBe(before);
  });

  it('rolls back the whole command, command_log row included, when the handler fails half-way', async () => {
    const { core, admin } = await setUpBranch();
    await admin.ok('clients.create', { firstname: 'Amina', lastname: 'Odhiambo', identifiers: [{ documentType: 'NATIONAL_ID', documentKey: '1' }] });
    const before = snapshot(core);
    // The insert of the client succeeds, then the duplicate identity document is refused: nothing may remain.
    const error = await admin.err('clients.create', {
      firstname: 'Other',
      lastname: 'Person',
      identifiers: [{ documentType: 'NATIONAL_ID', documentKey: '1' }],
    });
    expect(error.code).toBe('DUPLICATE');
    expect(snapshot(core)).toBe(before);
  });

  it('writes one command_log row per successful command and none for queries', async () => {
    const { core, admin } = await setUpBranch();
    const count = () => (core.db.prepare('SELECT count(*) AS n FROM command_log').get() as { n: number }).n;
    const n0 = count();
    await admin.ok('clients.search', { query: '' });
    expect(count()).toBe(n0);
    const c = await admin.ok('clients.create', { firstname: 'Amina', lastname: 'Odhiambo' });
    expect(count()).toBe(n0 + 1);
    const row = core.db.prepare('SELECT * FROM command_log ORDER BY seq DESC LIMIT 1').get() as Record<string, unknown>;
    expect(row).toMatchObject({ operation: 'clients.create', username: 'admin', office_code: 'NRB' });
    expect(JSON.parse(row.entity_ids_json as string)).toEqual([`client:${c.id}`]);
  });

  it('keeps passwords out of the command_log', async () => {
    const { core, admin } = await setUpBranch();
    await admin.ok('users.create', { username: 'teller1', password: 'Tell3r-pass-2026', roles: ['TELLER'], displayName: 'Teller One' });
    const logged = (core.db.prepare('SELECT group_concat(input_json) AS t FROM command_log').get() as { t: string }).t;
    expect(logged).not.toContain('Tell3r-pass-2026');
    expect(logged).not.toContain('Adm1n-pass-2026');
    expect(logged).toContain('[redacted]');
  });

  it('hides unexpected errors behind INTERNAL, without a stack', async () => {
    const logged: unknown[] = [];
    const { core } = await memoryCore();
    core.db.exec('DROP TABLE offices'); // break the database under the handler
    const res = await core.dispatch('setup.status', {}, {});
    expect(res.envelope.ok).toBe(false);
    if (!res.envelope.ok) {
      expect(res.envelope.error.code).toBe('INTERNAL');
      expect(JSON.stringify(res.envelope.error)).not.toMatch(/at .*\.ts:\d+|offices/);
    }
    void logged;
  });
});
