import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorFile, anchorPublicKey, anchorSignatureHolds, anchorsInDatabase, newestAnchor, writeAnchor } from '../../../electron/core/anchor';
import { backupDatabase } from '../../../electron/core/backup';
import { openDatabase } from '../../../electron/core/db/connection';
import { runCli, type CliIO } from '../../../electron/cli/main';
import { runVerify } from '../../../electron/core/verify';
import { lendingBranch, setBusinessDate } from '../../support/lending';
import { branchOnDisk, rewriteAndRechain } from './tamper';

const head = (db: { prepare: (s: string) => { get: () => unknown } }) => db.prepare('SELECT seq, hash FROM command_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };

function io(): CliIO & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), readStdin: async () => '' };
}

describe('anchors of the audit chain', () => {
  it('signs the chain head and the row images with the anchor key, kept in the database', async () => {
    const b = await lendingBranch();
    const a = await writeAnchor(b.core.db, null, 'backup', new Date('2026-01-15T18:00:00Z'));
    expect(a).toMatchObject({ format: 'branchbox-anchor', version: 1, officeCode: 'NRB', epoch: 1, ...head(b.core.db), reason: 'backup', at: '2026-01-15T18:00:00.000Z' });
    expect(a.images).toBeGreaterThan(0);
    expect(a.publicKey).toBe(anchorPublicKey(null, b.core.db));
    expect(anchorSignatureHolds(a, a.publicKey)).toBe(true);
    expect(anchorSignatureHolds({ ...a, seq: a.seq - 1 }, a.publicKey)).toBe(false);
    expect(newestAnchor(null, b.core.db)).toEqual(a);
  });

  it('every day-end writes one, before its backup', async () => {
    const b = await lendingBranch(undefined, { tills: false });
    setBusinessDate(b.core, '2026-01-05');
    await b.manager.ok('dayEnd.run', {});
    const a = newestAnchor(null, b.core.db)!;
    expect(a).toMatchObject({ reason: 'day-end', epoch: 1 });
    // the day's commands, then the anchor of the chain head they left
    expect(a).toMatchObject(head(b.core.db));
    expect(runVerify(b.core.db, { full: true }).faults).toEqual([]);
  });

  it('a day-end over a history rewritten under the last anchor closes the day, signs nothing, and warns ANCHOR_REFUSED', async () => {
    const b = await lendingBranch(undefined, { tills: false });
    setBusinessDate(b.core, '2026-01-05');
    const before = await writeAnchor(b.core.db, null, 'backup');
    rewriteAndRechain(b.core.db, 3, () => ({ username: 'mallory' }));
    const env = (await b.manager.raw('dayEnd.run', {})) as { ok: boolean; warnings?: { code: string; message: string }[] };
    expect(env.ok).toBe(true);
    expect(env.warnings?.map((w) => w.code)).toContain('ANCHOR_REFUSED');
    expect(env.warnings?.find((w) => w.code === 'ANCHOR_REFUSED')?.message).toContain(`command_log: row ${before.seq} is not the row verified on ${before.at}`);
    expect(newestAnchor(null, b.core.db)).toEqual(before);
  });

  it('every backup of the live books writes one into the anchor file and into the copy; the command line backup (read-only) into the file', async () => {
    const { dir, core, admin } = await branchOnDisk(['Amina']);
    const file = await backupDatabase(core.db, join(dir, 'backups'), 'manual', new Date('2026-01-15T18:00:00Z'));
    const a = newestAnchor(dir)!;
    expect(a).toMatchObject({ reason: 'backup', ...head(core.db), at: '2026-01-15T18:00:00.000Z' });
    expect(JSON.parse(readFileSync(anchorFile(dir), 'utf8').trim().split('\n').pop()!)).toEqual(a);
    const copy = openDatabase(file, { readonly: true });
    try {
      expect(anchorsInDatabase(copy).map((r) => r.anchor)).toEqual([a]);
      expect(runVerify(copy, { full: true }).faults).toEqual([]);
    } finally {
      copy.close();
    }
    await admin.ok('clients.create', { firstname: 'Juma', lastname: 'Test' });
    core.close();

    expect(await runCli(['backup', '--data-dir', dir], io())).toBe(0);
    const b = newestAnchor(dir)!;
    expect(b).toMatchObject({ reason: 'backup', seq: a.seq + 1 });
    const out = io();
    expect(await runCli(['verify', '--full', '--data-dir', dir], out)).toBe(0);
    expect(out.lines[1]).toContain('the newest anchor: signed by the branch, its row and images still there');
  });
});
