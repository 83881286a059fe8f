/**
 * Sign-in timing (issue 14 point 5): a wrong password for a user and any password for a name that is nobody's must
 * take the same time, or the time tells which names are users (it was 141 ms against 244 ms). Both refusals are
 * measured in turn on a branch on disk (synchronous=FULL, as in use), beside the scrypt check alone; the raw
 * single-row commit printed first is the cost a write adds. Goal: the two medians within 10% of each other.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../electron/core';
import { DUMMY_HASH, verifyPassword } from '../../electron/core/security/password';
import { call, ms, percentile, type Figure, type Token } from './support';

export async function benchSignIn(rounds = 60): Promise<Figure[]> {
  const core = await openCore({ dataDir: mkdtempSync(join(tmpdir(), 'branchbox-bench-signin-')) });
  const admin: Token = { t: null };
  await call(core, admin, 'setup.initialize', {
    organisation: { name: 'Bench MFI' },
    currency: { code: 'KES', decimalPlaces: 2, inMultiplesOf: 0 },
    office: { code: 'BEN', name: 'Bench', headOffice: false },
    admin: { username: 'admin', password: 'Adm1n-pass-2026' },
  });
  await call(core, admin, 'users.create', { username: 'teller1', password: 'Tell3r-pass-2026', roles: ['TELLER'], displayName: 'Teller' });
  const refused = async (username: string, password: string): Promise<number> => {
    const s = process.hrtime.bigint();
    const r = await core.dispatch('session.login', { username, password }, {});
    const took = ms(s);
    if (r.envelope.ok || r.envelope.error.code !== 'INVALID_CREDENTIALS') throw new Error(`sign-in of ${username} was not refused as expected`);
    return took;
  };
  // the counts start again between rounds (not timed), so that neither name locks
  const forget = core.db.prepare("UPDATE users SET failed_attempts = 0 WHERE username = 'teller1'");
  const forgetNames = core.db.prepare('DELETE FROM sign_in_failures');
  const known: number[] = [];
  const unknown: number[] = [];
  const scrypt: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // alternate which goes first, so that neither is always the one after a pause
    const order = i % 2 === 0 ? ['known', 'unknown'] : ['unknown', 'known'];
    for (const which of order) {
      if (which === 'known') known.push(await refused('teller1', `wrong-pass-${i}`));
      else unknown.push(await refused(`nobody${i}`, `wrong-pass-${i}`));
    }
    const s = process.hrtime.bigint();
    verifyPassword(`wrong-pass-${i}`, DUMMY_HASH);
    scrypt.push(ms(s));
    if (i % 4 === 3) {
      forget.run();
      forgetNames.run();
    }
  }
  core.close();
  const [k, u] = [percentile(known, 50), percentile(unknown, 50)];
  return [
    { name: 'scrypt password check alone p50 (baseline)', value: percentile(scrypt, 50), unit: 'ms' },
    { name: 'sign-in refused, wrong password of a user p50', value: k, unit: 'ms' },
    { name: 'sign-in refused, name that is nobody p50', value: u, unit: 'ms' },
    { name: 'sign-in refused, wrong password of a user p95', value: percentile(known, 95), unit: 'ms' },
    { name: 'sign-in refused, name that is nobody p95', value: percentile(unknown, 95), unit: 'ms' },
    { name: 'sign-in refused: user against nobody (p50 ratio)', value: k / u, unit: 'x', goal: 'within 0.9 to 1.1' },
  ];
}
