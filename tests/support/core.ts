import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore, type Core, type CoreOptions } from '../../electron/core';
import { verifyDatabase } from '../../electron/core/verify';
import type { Clock } from '../../electron/core/dispatch/context';
import type { Envelope, Input, OperationName, Output } from '../../shared/contract';

/** A clock tests can move forward. */
export class TestClock implements Clock {
  constructor(private t = new Date('2026-03-02T08:00:00Z').getTime()) {}
  now(): Date {
    return new Date(this.t);
  }
  advanceMinutes(m: number): void {
    this.t += m * 60_000;
  }
}

export const ADMIN = { username: 'admin', password: 'Adm1n-pass-2026' };

export const SETUP_INPUT = {
  organisation: { name: 'Umoja Microfinance' },
  currency: { code: 'KES', decimalPlaces: 2, inMultiplesOf: 0 },
  office: { code: 'NRB', name: 'Nairobi West', headOffice: false },
  admin: ADMIN,
};

/** One caller (a browser tab or window): keeps its session token like the hosts do. */
export class Caller {
  token: string | null = null;
  constructor(readonly core: Core) {}

  async raw(name: string, input: unknown): Promise<Envelope<unknown>> {
    const res = await this.core.dispatch(name, input, { sessionToken: this.token });
    if (res.sessionToken !== undefined) this.token = res.sessionToken;
    return res.envelope;
  }

  /** Calls and returns data; throws with the error body when the call fails. */
  async ok<K extends OperationName>(name: K, input: Input<K>): Promise<Output<K>> {
    const env = await this.raw(name, input);
    if (!env.ok) throw new Error(`${name} failed: ${JSON.stringify(env.error)}`);
    return env.data as Output<K>;
  }

  async err(name: string, input: unknown): Promise<Extract<Envelope<unknown>, { ok: false }>['error']> {
    const env = await this.raw(name, input);
    if (env.ok) throw new Error(`${name} succeeded but a failure was expected`);
    return env.error;
  }
}

export async function memoryCore(clock = new TestClock(), options: Pick<CoreOptions, 'faults' | 'log'> = {}): Promise<{ core: Core; clock: TestClock }> {
  return { core: await openCore({ dataDir: null, clock, ...options }), clock };
}

export function tempDir(prefix = 'branchbox-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A set-up branch with the admin signed in (Nairobi West, NRB, unless another set-up is given). */
export async function setUpBranch(
  clock = new TestClock(),
  setup: typeof SETUP_INPUT = SETUP_INPUT,
  options: Pick<CoreOptions, 'faults' | 'log'> = {},
): Promise<{ core: Core; clock: TestClock; admin: Caller }> {
  const { core } = await memoryCore(clock, options);
  const admin = new Caller(core);
  await admin.ok('setup.initialize', setup);
  return { core, clock, admin };
}

/** A stable picture of every table's rows, to prove that a refused call wrote nothing. */
export function snapshot(core: Core): string {
  const tables = core.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'clients_search_%' ORDER BY name")
    .all() as { name: string }[];
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    out[name] = core.db
      .prepare(`SELECT * FROM "${name}"`)
      .all()
      .map((r) => JSON.stringify(r))
      .sort();
  }
  return JSON.stringify(out);
}

/** The invariants `branchbox verify` checks (chain, balanced journal, portfolio = subledger ...), as a test assertion. */
export function assertInvariants(core: Core): void {
  const result = verifyDatabase(core.db);
  if (!result.ok) throw new Error(`invariants broken:\n${result.faults.join('\n')}`);
}
