// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the renderer's globals (window.branchbox), which tsconfig.test.json does not include
/// <reference path="../../../renderer/src/env.d.ts" />
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { loadAccessRules, useSessionStore } from '../../../renderer/src/stores/useSessionStore';
import type { OperationName, SessionInfo } from '../../../shared/contract';
import { permissionsOf, type RoleCode } from '../../../shared/permissions';

function sessionOf(...roles: RoleCode[]): SessionInfo {
  return {
    user: { id: 7, username: 'someone', displayName: 'Someone', roles, permissions: permissionsOf(roles) },
    office: { id: 1, code: 'NRB01', name: 'Nairobi', headOffice: true },
    organisation: { name: 'Umoja' },
    currency: { code: 'KES', decimalPlaces: 2, inMultiplesOf: 0 },
    businessDate: '2026-01-15',
    training: false,
    idleLockMinutes: 10,
  };
}

describe('session.canCall: what the screens show comes from the operation the contract declares', () => {
  // the access rules come with the contract, loaded by the router before any screen past sign-in
  beforeAll(loadAccessRules);
  beforeEach(() => setActivePinia(createPinia()));

  it('before sign-in, nothing but the public operations', () => {
    const session = useSessionStore();
    expect(session.canCall('loans.approve')).toBe(false);
    expect(session.canCall('loans.calculateSchedule')).toBe(false);
    expect(session.canCall('session.login')).toBe(true);
  });

  it.each<[OperationName, boolean, boolean]>([
    ['loans.approve', false, true],
    ['loans.reject', false, true],
    ['loans.repay', true, true],
    ['tills.current', true, true],
    ['tills.vault', false, true],
    ['loans.calculateSchedule', true, true],
    ['settings.update', false, false],
  ])('%s: a teller %s, a branch manager %s', (op, teller, manager) => {
    const session = useSessionStore();
    session.setSession(sessionOf('TELLER'));
    expect(session.canCall(op)).toBe(teller);
    session.setSession(sessionOf('BRANCH_MANAGER'));
    expect(session.canCall(op)).toBe(manager);
  });

  it('follows the session: signed out again, nothing', () => {
    const session = useSessionStore();
    session.setSession(sessionOf('ADMINISTRATOR'));
    expect(session.canCall('settings.update')).toBe(true);
    session.clear();
    expect(session.canCall('settings.update')).toBe(false);
  });
});
