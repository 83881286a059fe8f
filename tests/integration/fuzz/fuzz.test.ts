import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { operations, type OperationName } from '../../../shared/contract';
import { ERROR_CODES } from '../../../shared/errors';
import { ROLES } from '../../../shared/permissions';
import type { Core } from '../../../electron/core';
import { Caller, SETUP_INPUT } from '../../support/core';
import { activeLoan, AKIBA, BIASHARA, openTill, setBusinessDate } from '../../support/lending';
import { savingsBranch } from '../../support/savings';
import { describeInput, hostileInputs, jsonSchemaOf, setGoodValues } from './hostile';

/**
 * Issue 14: every operation of the contract, fed hostile inputs derived from its schema (hostile.ts), through the
 * real dispatcher on a seeded branch (a loan, a savings account, open tills) by a signed-in user holding every role.
 * Each call must answer: never INTERNAL, always a known error code (VALIDATION_FAILED naming a field); and a refused
 * call writes nothing: the checksum of every table and the last command_log sequence unchanged, apart from the
 * failed-sign-in counters (users.failed_attempts and locked_until, sign_in_failures) that a wrong password
 * counts (an approval's afterRollback write among them).
 *
 * Reproduce a failure with its seed: BRANCHBOX_FUZZ_SEED=<seed> (and BRANCHBOX_FUZZ_RUNS=<n> for more inputs per
 * operation) npx vitest run tests/integration/fuzz; BRANCHBOX_FUZZ_REPORT=<file> appends every fault found to the file.
 */
const SEED = Number(process.env.BRANCHBOX_FUZZ_SEED ?? 14_2026);
const RUNS = Number(process.env.BRANCHBOX_FUZZ_RUNS ?? 100);

/**
 * Fewer inputs for long work: a day-end that passes validation closes the day (a chain of chunks and a backup);
 * 25 inputs still reach each of its fields.
 */
const FEWER: Partial<Record<OperationName, number>> = { 'dayEnd.run': 25 };

/** Columns and tables a refused call may write: the failed-sign-in counters. */
const COUNTERS: Record<string, string[]> = { users: ['failed_attempts', 'locked_until'] };
const COUNTER_TABLES = new Set(['sign_in_failures']);

/** Each table's rows as arrays, its counter columns left out; the statements prepared once per database. */
const readers = new WeakMap<Core, { name: string; read: () => unknown[][]; skip: Set<number> }[]>();

function checksum(core: Core): string {
  let tables = readers.get(core);
  if (!tables) {
    const names = core.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'clients_search_%' ORDER BY name")
      .all() as { name: string }[];
    tables = names
      .filter(({ name }) => !COUNTER_TABLES.has(name))
      .map(({ name }) => {
        const stmt = core.db.prepare(`SELECT * FROM "${name}"`).raw(true);
        const skip = new Set(stmt.columns().flatMap((c, i) => ((COUNTERS[name] ?? []).includes(c.name) ? [i] : [])));
        return { name, read: () => stmt.all() as unknown[][], skip };
      });
    readers.set(core, tables);
  }
  const hash = createHash('sha256');
  for (const { name, read, skip } of tables) {
    hash.update(`\n#${name}\n`);
    for (const row of read()) {
      hash.update(JSON.stringify(skip.size === 0 ? row : row.filter((_, i) => !skip.has(i)), (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? String(v) : v)));
    }
  }
  return hash.digest('hex');
}

function lastSeq(core: Core): number {
  return (core.db.prepare('SELECT coalesce(max(seq), 0) AS s FROM command_log').get() as { s: number }).s;
}

/** A seed per operation, from the run's seed and the operation's name: one operation reproduces alone. */
function seedOf(name: string): number {
  return (SEED ^ createHash('sha256').update(name).digest().readInt32LE(0)) | 0;
}

describe(`every operation answers hostile input (seed ${SEED}, ${RUNS} inputs each)`, () => {
  let core: Core;
  let fuzzer: Caller;
  const PASSWORD = 'Fuzz3r-pass-2026';
  const examples = new Map<string, unknown[]>();

  async function signIn(): Promise<void> {
    fuzzer = new Caller(core);
    const env = await fuzzer.raw('session.login', { username: 'fuzzer', password: PASSWORD });
    if (!env.ok) {
      // an input that locked or disabled the fuzzer: the administrator puts it back
      core.db.prepare("UPDATE users SET active = 1, failed_attempts = 0, locked_until = NULL WHERE username = 'fuzzer'").run();
      await fuzzer.ok('session.login', { username: 'fuzzer', password: PASSWORD });
    }
  }

  beforeAll(async () => {
    const b = await savingsBranch();
    core = b.core;
    await activeLoan(b, '2026-01-05');
    setBusinessDate(core, '2026-02-05');
    await b.admin.ok('users.create', { username: 'fuzzer', password: PASSWORD, roles: [...ROLES], displayName: 'Fuzzer' });
    await signIn();
    await openTill(b.manager, fuzzer, '1000000');
    await b.manager.ok('tills.fundVault', { amount: '1000000' });
    // the inputs the branch accepted while it was set up (its command log), as bases for hostile changes
    for (const row of core.db.prepare('SELECT operation, input_json FROM command_log ORDER BY seq').all() as { operation: string; input_json: string }[]) {
      examples.set(row.operation, [...(examples.get(row.operation) ?? []), JSON.parse(row.input_json) as unknown]);
    }
    setGoodValues([
      BIASHARA,
      AKIBA,
      SETUP_INPUT,
      { loanId: [1], clientId: [b.clientId], savingsId: [b.savingsId], productId: [b.productId, b.savingsProductId], id: [1, 2] },
      { transactionAmount: ['100', '2500.50'], amount: ['1000', '250'], paymentTypeCode: ['CASH', 'MOBILE_MONEY'], username: ['teller', 'manager'] },
      { transactionDate: ['2026-02-05'], date: ['2026-02-05'], asOf: ['2026-02-05'], fromDate: ['2026-01-01'], toDate: ['2026-02-05'], expectedDisbursementDate: ['2026-02-05'] },
      { firstname: ['Baraka'], lastname: ['Otieno'], note: ['fuzz'], count: [[{ denomination: '1000', quantity: 1 }]], denomination: ['1000', '500'], quantity: [1, 0] },
    ]);
  }, 60_000);

  it('its checksum sees a write and leaves the failed-sign-in counters out', async () => {
    const start = checksum(core);
    core.db.prepare("UPDATE users SET failed_attempts = failed_attempts + 1 WHERE username = 'admin'").run();
    expect(checksum(core)).toBe(start);
    core.db.prepare("UPDATE users SET failed_attempts = 0 WHERE username = 'admin'").run();
    // a direct edit (what a refused call must never leave): the row and its captured image change
    core.db.prepare("UPDATE clients SET mobile_no = '+254700000009' WHERE id = 1").run();
    expect(checksum(core)).not.toBe(start);
  });

  for (const name of Object.keys(operations) as OperationName[]) {
    it(name, async () => {
      const runs = FEWER[name] ?? RUNS;
      const inputs = fc.sample(hostileInputs(jsonSchemaOf(operations[name].input), examples.get(name)), { seed: seedOf(name), numRuns: runs });
      const faults: string[] = [];
      const answers = new Map<string, number>();
      const count = (what: string): void => void answers.set(what, (answers.get(what) ?? 0) + 1);
      let before = checksum(core);
      let seq = lastSeq(core);
      for (const [i, input] of inputs.entries()) {
        const env = await fuzzer.raw(name, input);
        const what = `${name} #${i} (seed ${SEED}) ${describeInput(input)}`;
        count(env.ok ? 'ok' : env.error.code);
        if (env.ok) {
          // a success may write, and may have signed the fuzzer out or locked it (session.lock, users.update)
          if (!(await fuzzer.raw('session.current', {})).ok) await signIn();
          before = checksum(core);
          seq = lastSeq(core);
          continue;
        }
        const { code, message, fields } = env.error;
        if (!(ERROR_CODES as readonly string[]).includes(code) || code === 'INTERNAL') faults.push(`${what}: answered ${code} ${message}`);
        else if (typeof message !== 'string' || message.length === 0) faults.push(`${what}: ${code} without a message`);
        else if (code === 'VALIDATION_FAILED' && !(fields && fields.length > 0 && fields.every((f) => typeof f.field === 'string' && f.field.length > 0))) {
          faults.push(`${what}: VALIDATION_FAILED names no field (${message})`);
        }
        const after = checksum(core);
        const seqAfter = lastSeq(core);
        if (seqAfter !== seq || after !== before) {
          faults.push(`${what}: refused with ${code} but wrote (command_log ${seq} -> ${seqAfter})`);
          before = after;
          seq = seqAfter;
        }
        if (!(await fuzzer.raw('session.current', {})).ok) {
          // a sign-in that failed (session.login drops the session it replaces): signing in again writes its time
          await signIn();
          before = checksum(core);
        }
      }
      if (process.env.BRANCHBOX_FUZZ_REPORT) {
        const summary = `${name}: ${[...answers].map(([k, n]) => `${k} ${n}`).join(', ')}`;
        appendFileSync(process.env.BRANCHBOX_FUZZ_REPORT, `${[summary, ...faults].join('\n')}\n`);
      }
      expect(faults).toEqual([]);
    }, 120_000);
  }
});
