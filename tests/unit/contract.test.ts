import { describe, expect, it } from 'vitest';
import { operations } from '../../shared/contract';
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from '../../shared/permissions';
import { Registry } from '../../electron/core/dispatch/registry';
import { buildRegistry } from '../../electron/core';
import { SessionStore } from '../../electron/core/dispatch/sessions';
import { systemClock } from '../../electron/core/dispatch/context';

describe('the operation contract', () => {
  it('every operation declares a known permission (deny by default)', () => {
    const known = new Set<string>([...PERMISSIONS, 'PUBLIC', 'AUTHENTICATED']);
    for (const [name, def] of Object.entries(operations)) {
      expect(def.access, `${name} declares no permission`).toBeTruthy();
      expect(known.has(def.access), `${name} declares unknown permission ${def.access}`).toBe(true);
      expect(['command', 'query', 'session', 'job']).toContain(def.kind);
    }
  });

  it('names operations domain.verb', () => {
    for (const name of Object.keys(operations)) expect(name).toMatch(/^[a-z][A-Za-z]+\.[a-z][A-Za-z]+$/);
  });

  it('only the first-run and sign-in operations are public', () => {
    const publicOps = Object.entries(operations)
      .filter(([, d]) => d.access === 'PUBLIC')
      .map(([n]) => n)
      .sort();
    expect(publicOps).toEqual(
      ['hq.initialize', 'session.login', 'session.logout', 'session.unlock', 'setup.demoHistory', 'setup.demoStatus', 'setup.initialize', 'setup.openTrainingDemo', 'setup.status'].sort(),
    );
  });

  it('every role grants only known permissions, and the administrator all', () => {
    for (const role of ROLES) for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(p);
    expect([...ROLE_PERMISSIONS.ADMINISTRATOR].sort()).toEqual([...PERMISSIONS].sort());
  });

  it('registering an operation twice throws, and so does an unknown name', () => {
    const r = new Registry();
    r.register('setup.status', () => ({ initialized: false, training: false, organisationName: null, officeName: null, headOffice: false }));
    expect(() => r.register('setup.status', () => ({ initialized: false, training: false, organisationName: null, officeName: null, headOffice: false }))).toThrow(/twice/);
    expect(() => r.register('nope.nope' as never, (() => null) as never)).toThrow(/not in the contract/);
  });

  it('the core registers a handler for every operation', () => {
    const registry = buildRegistry({ clock: systemClock, sessions: new SessionStore(systemClock, () => 5), dataDir: null });
    expect(registry.missing()).toEqual([]);
  });
});
