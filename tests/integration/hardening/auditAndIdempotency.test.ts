import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { operations } from '../../../shared/contract';
import { REDACTED, redactSecrets, secretPaths } from '../../../shared/contract/secrets';
import { redactInput } from '../../../electron/core/dispatch/commandLog';
import { assertInvariants, Caller } from '../../support/core';
import { activeLoan, BIASHARA, lendingBranch, setBusinessDate } from '../../support/lending';

/** Issue 14, points 3 and 10: the audit log redacts exactly the contract's secret fields; idempotency keys are per user. */

/** The secret fields of every operation as z.toJSONSchema prints them (`secret: true`), found without secrets.ts. */
function secretFieldsFromJsonSchema(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [name, def] of Object.entries(operations)) {
    const schema = z.toJSONSchema(def.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    const paths: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.secret === true) {
        paths.push(path);
        return;
      }
      for (const [key, child] of Object.entries((n.properties as Record<string, unknown> | undefined) ?? {})) walk(child, path ? `${path}.${key}` : key);
      for (const k of ['anyOf', 'oneOf', 'allOf'] as const) for (const child of (n[k] as unknown[] | undefined) ?? []) walk(child, path);
      if (n.items) walk(n.items, `${path}[]`);
    };
    walk(schema, '');
    if (paths.length > 0) found.set(name, [...new Set(paths)].sort());
  }
  return found;
}

/** A value holding `text` at a dotted path ("approval.password"). */
function valueWith(path: string, text: string): Record<string, unknown> {
  const keys = path.split('.');
  const root: Record<string, unknown> = {};
  let at = root;
  keys.forEach((k, i) => {
    if (i === keys.length - 1) at[k] = text;
    else at = (at[k] = {}) as Record<string, unknown>;
  });
  return root;
}

describe('the audit log redacts what the contract marks secret, and only that', () => {
  it('finds the secret fields the contract marks: passwords and approval passwords', () => {
    const fromJson = secretFieldsFromJsonSchema();
    const expected: [string, string][] = [
      ['session.login', 'password'],
      ['session.unlock', 'password'],
      ['setup.initialize', 'admin.password'],
      ['users.create', 'password'],
      ['users.update', 'password'],
      ['users.changePassword', 'currentPassword'],
      ['users.changePassword', 'newPassword'],
      ['loans.repay', 'approval.password'],
      ['savings.deposit', 'approval.password'],
    ];
    for (const [name, path] of expected) expect(fromJson.get(name), name).toContain(path);
    // the JSON Schema and the redaction walk agree on every operation
    for (const [name, def] of Object.entries(operations)) {
      expect(secretPaths(def.input).sort(), name).toEqual(fromJson.get(name) ?? []);
    }
  });

  it('redacts every secret field of every operation of the contract', () => {
    const fromJson = secretFieldsFromJsonSchema();
    expect(fromJson.size).toBeGreaterThan(5);
    for (const [name, paths] of fromJson) {
      for (const path of paths.filter((p) => !p.includes('[]'))) {
        const value = valueWith(path, 'Very-s3cret-text');
        const logged = JSON.stringify(redactInput(name, value));
        expect(logged, `${name} ${path}`).not.toContain('Very-s3cret-text');
        expect(logged, `${name} ${path}`).toContain(REDACTED);
      }
    }
  });

  it('keeps fields whose names merely contain "pin", "token" or "password" (accountingMapping, shippingNote ...)', () => {
    const schema = z.strictObject({ accountingMapping: z.strictObject({ loanPortfolioAccountId: z.number() }), pinned: z.string(), tokenCount: z.number() });
    const value = { accountingMapping: { loanPortfolioAccountId: 7 }, pinned: 'yes', tokenCount: 3 };
    expect(redactSecrets(schema, value)).toEqual(value);
  });

  it('logs a product\'s accountingMapping as sent and a manager approval without its password', async () => {
    const b = await lendingBranch();
    const glId = (b.core.db.prepare("SELECT id FROM gl_accounts WHERE code = '1200'").get() as { id: number }).id;
    const { id } = await b.admin.ok('loanProducts.create', { ...BIASHARA, name: 'Mapped', shortName: 'MAP', accountingMapping: { loanPortfolioAccountId: glId } } as never);
    const row = b.core.db.prepare("SELECT input_json FROM command_log WHERE operation = 'loanProducts.create' ORDER BY seq DESC LIMIT 1").get() as { input_json: string };
    expect(JSON.parse(row.input_json).accountingMapping).toEqual({ loanPortfolioAccountId: glId });
    expect(id).toBeGreaterThan(0);

    await b.admin.ok('users.create', { username: 'teller2', password: 'Tell3r-pass-2026', roles: ['TELLER'], displayName: 'Teller Two' });
    const logged = (b.core.db.prepare('SELECT group_concat(input_json) AS t FROM command_log').get() as { t: string }).t;
    expect(logged).not.toContain('Tell3r-pass-2026');
    expect(logged).not.toContain('Str0ng-pass-2026');
    assertInvariants(b.core);
  });
});

describe('idempotency keys belong to the user who sent them', () => {
  it('user B replaying A\'s key neither gets A\'s receipt nor spoils A\'s replay', async () => {
    const b = await lendingBranch();
    const loanId = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-05');
    const input = { loanId, transactionAmount: '4728', paymentTypeCode: 'CASH', idempotencyKey: 'till-1-2026-02-05-0001' };
    const first = await b.teller.ok('loans.repay', input);

    // the manager (with a till of their own) sends the same key: their own call, their own receipt
    const other = await b.manager.ok('loans.repay', input);
    expect(other).not.toEqual(first);
    const repayments = () => (b.core.db.prepare("SELECT count(*) AS n FROM loan_transactions WHERE type = 'REPAYMENT'").get() as { n: number }).n;
    expect(repayments()).toBe(2);
    // and the manager's key with other figures conflicts with the manager's call, not the teller's
    expect((await b.manager.err('loans.repay', { ...input, transactionAmount: '100' })).code).toBe('CONFLICT');

    // the teller's replay still answers the teller's first receipt, writing nothing
    const n = (b.core.db.prepare('SELECT count(*) AS n FROM command_log').get() as { n: number }).n;
    expect(await b.teller.ok('loans.repay', input)).toEqual(first);
    expect(await b.manager.ok('loans.repay', input)).toEqual(other);
    expect((b.core.db.prepare('SELECT count(*) AS n FROM command_log').get() as { n: number }).n).toBe(n);
    expect(repayments()).toBe(2);
    assertInvariants(b.core);
  });

  it('a user without the permission gets no receipt by replaying a key', async () => {
    const b = await lendingBranch();
    const loanId = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-05');
    const input = { loanId, transactionAmount: '4728', paymentTypeCode: 'CASH', idempotencyKey: 'till-1-2026-02-05-0002' };
    await b.teller.ok('loans.repay', input);
    const stranger = new Caller(b.core);
    expect((await stranger.err('loans.repay', input)).code).toBe('UNAUTHENTICATED');
    expect((await b.accountant.err('loans.repay', input)).code).toBe('PERMISSION_DENIED');
  });
});
