/** What the benchmarks share: timing, percentiles, calling the core, a set-up branch with an open till. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore, type Core } from '../../electron/core';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  goal?: string;
}

export function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export type Token = { t: string | null };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a benchmark driver reads fields of many outputs
export async function call(core: Core, token: Token, name: string, input: unknown): Promise<any> {
  const r = await core.dispatch(name, input, { sessionToken: token.t });
  if (r.sessionToken !== undefined) token.t = r.sessionToken;
  if (!r.envelope.ok) throw new Error(`${name}: ${JSON.stringify(r.envelope.error)}`);
  return r.envelope.data;
}

/**
 * A set-up branch on disk (synchronous=FULL as in use), the admin signed in with an open till holding
 * `tillCash` KES in 1000 notes: every cash transaction goes through a till.
 */
export async function benchBranch(prefix: string, tillCash = 1_000_000_000): Promise<{ core: Core; token: Token; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const core = await openCore({ dataDir: dir });
  const token: Token = { t: null };
  await call(core, token, 'setup.initialize', {
    organisation: { name: 'Bench MFI' },
    currency: { code: 'KES', decimalPlaces: 2, inMultiplesOf: 0 },
    office: { code: 'BEN', name: 'Bench', headOffice: false },
    admin: { username: 'admin', password: 'Adm1n-pass-2026' },
  });
  core.db.prepare("UPDATE settings SET value = '2026-01-01' WHERE key = 'business_date'").run();
  await call(core, token, 'tills.fundVault', { amount: String(tillCash) });
  await call(core, token, 'tills.allocate', { username: 'admin', amount: String(tillCash) });
  await call(core, token, 'tills.open', { count: [{ denomination: '1000', quantity: tillCash / 1000 }] });
  return { core, token, dir };
}
