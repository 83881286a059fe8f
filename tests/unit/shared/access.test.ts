import { describe, expect, it } from 'vitest';
import { accessOf, mayCall, operations, REPORT_PERMISSIONS, type OperationName } from '../../../shared/contract';
import { PERMISSIONS, grants, permissionsOf, type RoleCode } from '../../../shared/permissions';

const names = Object.keys(operations) as OperationName[];
const as = (...roles: RoleCode[]) => permissionsOf(roles);

describe("an operation's access, from its name", () => {
  it('every operation in the contract resolves to PUBLIC, AUTHENTICATED or a known permission', () => {
    const known = new Set<string>(['PUBLIC', 'AUTHENTICATED', ...PERMISSIONS]);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(known.has(accessOf(name)), name).toBe(true);
  });

  it('is the access the operation declares', () => {
    for (const name of names) expect(accessOf(name), name).toBe(operations[name].access);
    expect(accessOf('loans.approve')).toBe('loans.approve');
    expect(accessOf('loans.foreclose')).toBe('loans.waive');
    expect(accessOf('session.login')).toBe('PUBLIC');
    expect(accessOf('loans.calculateSchedule')).toBe('AUTHENTICATED');
  });

  it('every permission is asked for by some operation or report (none is granted for nothing)', () => {
    const asked = new Set<string>([...names.map(accessOf), ...REPORT_PERMISSIONS]);
    expect(PERMISSIONS.filter((p) => !asked.has(p))).toEqual([]);
  });
});

describe('who may call what', () => {
  it('a teller cannot approve a loan; a branch manager and an administrator can', () => {
    expect(mayCall('loans.approve', as('TELLER'))).toBe(false);
    expect(mayCall('loans.approve', as('BRANCH_MANAGER'))).toBe(true);
    expect(mayCall('loans.approve', as('ADMINISTRATOR'))).toBe(true);
  });

  it.each<[OperationName, RoleCode, boolean]>([
    ['loans.repay', 'TELLER', true],
    ['savings.deposit', 'TELLER', true],
    ['tills.current', 'TELLER', true],
    ['tills.vault', 'TELLER', false],
    ['tills.vault', 'BRANCH_MANAGER', true],
    ['loans.submit', 'LOAN_OFFICER', true],
    ['loans.disburse', 'LOAN_OFFICER', false],
    ['accounting.postEntry', 'ACCOUNTANT', true],
    ['accounting.postEntry', 'BRANCH_MANAGER', false],
    ['settings.update', 'BRANCH_MANAGER', false],
    ['settings.update', 'ADMINISTRATOR', true],
    ['users.create', 'BRANCH_MANAGER', false],
    ['savingsProducts.create', 'TELLER', false],
    ['savingsProducts.list', 'TELLER', true],
  ])('%s by a %s: %s', (op, role, expected) => {
    expect(mayCall(op, as(role))).toBe(expected);
  });

  it("several roles add up: a teller who is also a loan officer may submit and repay", () => {
    expect(mayCall('loans.submit', as('TELLER', 'LOAN_OFFICER'))).toBe(true);
    expect(mayCall('loans.repay', as('TELLER', 'LOAN_OFFICER'))).toBe(true);
    expect(mayCall('loans.approve', as('TELLER', 'LOAN_OFFICER'))).toBe(false);
  });

  it('nobody signed in may call only the PUBLIC operations', () => {
    for (const name of names) expect(mayCall(name, null), name).toBe(accessOf(name) === 'PUBLIC');
    expect(mayCall('session.login', undefined)).toBe(true);
    expect(mayCall('session.current', undefined)).toBe(false);
  });

  it('a signed-in user without any permission may call the PUBLIC and AUTHENTICATED operations only', () => {
    for (const name of names) {
      const access = accessOf(name);
      expect(mayCall(name, []), name).toBe(access === 'PUBLIC' || access === 'AUTHENTICATED');
    }
  });

  it('grants applies the same rule to an access', () => {
    expect(grants('PUBLIC', null)).toBe(true);
    expect(grants('AUTHENTICATED', null)).toBe(false);
    expect(grants('AUTHENTICATED', [])).toBe(true);
    expect(grants('tills.manage', ['tills.operate'])).toBe(false);
    expect(grants('tills.manage', ['tills.operate', 'tills.manage'])).toBe(true);
  });
});
