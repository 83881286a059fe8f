import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorFile, anchorPublicKey, anchorSignatureHolds, newestAnchor, writeAnchor } from '../../../electron/core/anchor';
import { lendingBranch } from '../../support/lending';

describe('anchors of the audit chain', () => {
  it('signs the chain head and the row images with the anchor key, kept in the database and the anchor file', async () => {
    const b = await lendingBranch();
    const head = b.core.db.prepare('SELECT seq, hash FROM command_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
    const a = await writeAnchor(b.core.db, null, 'backup', new Date('2026-01-15T18:00:00Z'));
    expect(a).toMatchObject({ format: 'branchbox-anchor', version: 1, epoch: 1, seq: head.seq, hash: head.hash, reason: 'backup', at: '2026-01-15T18:00:00.000Z' });
    expect(a.images).toBeGreaterThan(0);
    expect(a.publicKey).toBe(anchorPublicKey(null, b.core.db));
    expect(anchorSignatureHolds(a, a.publicKey)).toBe(true);
    expect(anchorSignatureHolds({ ...a, seq: a.seq - 1 }, a.publicKey)).toBe(false);
    expect(newestAnchor(null, b.core.db)).toEqual(a);
  });
});
