import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIO } from '../../../electron/cli/main';
import { openDatabase } from '../../../electron/core/db/connection';
import { copyToSecondFolder } from '../../../electron/core/backup';
import { databaseKeyFor, keyFileText, RECOVERY_KEY_FILE } from '../../../electron/core/keys/database';
import { tempDir } from '../../support/core';
import { encryptedBranch, PASSPHRASE } from './branch';

function io(): CliIO & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), readStdin: async () => '' };
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const o = io();
  const code = await runCli(args, o);
  return { code, out: o.lines.join('\n'), err: o.errors.join('\n') };
}

/** An encrypted branch with its passphrase file and its key file beside (outside the data folder). */
async function branchWithFiles(): Promise<{ dir: string; passphraseFile: string; keyFile: string }> {
  const dir = await encryptedBranch();
  const files = tempDir();
  const passphraseFile = join(files, 'passphrase.txt');
  writeFileSync(passphraseFile, `${PASSPHRASE}\n`);
  const keyFile = join(files, 'branch.key');
  writeFileSync(keyFile, keyFileText((await databaseKeyFor(dir, { passphrase: PASSPHRASE }))!));
  return { dir, passphraseFile, keyFile };
}

describe('the command line on an encrypted branch', () => {
  // (serve asks for the passphrase on its page instead: tests/e2e/encryption.spec.ts)
  it('refuses every command clearly without a way to unlock, and with a wrong passphrase', async () => {
    const { dir } = await branchWithFiles();
    for (const args of [['verify'], ['backup'], ['migrate'], ['export', '--out', tempDir()], ['pair', '--out', join(tempDir(), 'p.json')], ['seed-demo']]) {
      const r = await run([...args, '--data-dir', dir]);
      expect(r.code, args[0]).toBe(1);
      expect(r.err, args[0]).toContain("This branch's database is encrypted: its recovery passphrase (or its key file) is needed to open it.");
      expect(r.err, args[0]).toContain('--passphrase-file FILE (or the BRANCHBOX_PASSPHRASE variable), or its key file with --key-file FILE');
      expect(r.err, args[0]).not.toMatch(/file is not a database|\n\s+at /);
    }
    const wrong = join(tempDir(), 'wrong.txt');
    writeFileSync(wrong, 'a passphrase that is wrong\n');
    const r = await run(['verify', '--data-dir', dir, '--passphrase-file', wrong]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('The recovery passphrase is not the one this branch was encrypted with');
  });

  it('verify, backup, migrate, pair and export open it with --passphrase-file, --key-file or BRANCHBOX_PASSPHRASE', async () => {
    const { dir, passphraseFile, keyFile } = await branchWithFiles();
    expect(await run(['verify', '--full', '--data-dir', dir, '--passphrase-file', passphraseFile])).toMatchObject({ code: 0, out: expect.stringContaining('OK:') });

    const out = join(tempDir(), 'copy.sqlite');
    expect(await run(['backup', '--data-dir', dir, '--key-file', keyFile, '--out', out])).toMatchObject({ code: 0 });
    expect(readFileSync(out).includes(Buffer.from('Wanjiku'))).toBe(false);
    const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex');
    const copy = openDatabase(out, { readonly: true, key });
    expect(copy.prepare('SELECT firstname FROM clients').pluck().all()).toEqual(['Wanjiku']);
    copy.close();
    expect(() => openDatabase(out, { readonly: true })).toThrow(/it is encrypted/);

    process.env.BRANCHBOX_PASSPHRASE = PASSPHRASE;
    try {
      expect(await run(['migrate', '--data-dir', dir])).toMatchObject({ code: 0, out: 'The database is up to date' });
    } finally {
      delete process.env.BRANCHBOX_PASSPHRASE;
    }
    expect(await run(['pair', '--data-dir', dir, '--key-file', keyFile, '--out', join(tempDir(), 'pairing.json')])).toMatchObject({ code: 0 });
    const stick = tempDir();
    // export opens the books and goes as far as a branch not paired yet goes
    expect(await run(['export', '--data-dir', dir, '--key-file', keyFile, '--out', stick])).toMatchObject({ code: 1, err: 'This branch is not paired with a head office: import its pairing file first' });
    expect(await run(['verify', '--data-dir', dir, '--key-file', keyFile, '--passphrase-file', passphraseFile])).toMatchObject({ code: 2, err: 'Give --key-file or --passphrase-file, not both' });

    // the key file a manager keeps offline: written by key-file with the passphrase, the same key
    const written = join(tempDir(), 'written.key');
    expect(await run(['key-file', '--data-dir', dir, '--passphrase-file', passphraseFile, '--out', written])).toMatchObject({ code: 0 });
    expect(readFileSync(written, 'utf8')).toBe(readFileSync(keyFile, 'utf8'));
    expect(statSync(written).mode & 0o777).toBe(0o600);
    expect(await run(['verify', '--data-dir', dir, '--key-file', written])).toMatchObject({ code: 0 });
  });

  it('restore --from a backup of the encrypted branch opens it with the key, keeps it encrypted, and verify passes', async () => {
    const { dir, keyFile } = await branchWithFiles();
    const backedUp = await run(['backup', '--data-dir', dir, '--key-file', keyFile]);
    expect(backedUp.code, backedUp.err).toBe(0);
    const backup = /Backup written: (.*)$/.exec(backedUp.out)![1]!;
    expect(readFileSync(backup).includes(Buffer.from('Wanjiku'))).toBe(false);
    const restored = await run(['restore', '--from', backup, '--data-dir', dir, '--key-file', keyFile]);
    expect(restored.code, restored.err).toBe(0);
    expect(readFileSync(join(dir, 'branchbox.sqlite')).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(await run(['verify', '--full', '--data-dir', dir, '--key-file', keyFile])).toMatchObject({ code: 0 });
    expect(await run(['restore', '--from', backup, '--data-dir', dir])).toMatchObject({ code: 1, err: expect.stringContaining('is needed to open it') });
  });

  it('a PC replaced: the backups and their recovery file, copied to a USB stick, open with the passphrase alone on another PC', async () => {
    const { dir, passphraseFile } = await branchWithFiles();
    const backedUp = await run(['backup', '--data-dir', dir, '--passphrase-file', passphraseFile]);
    expect(backedUp.code, backedUp.err).toBe(0);
    const backup = /Backup written: (.*)$/.exec(backedUp.out)![1]!;
    // the day-end's copy to the second folder takes the recovery file along (it holds the key sealed by the passphrase only)
    const stick = tempDir();
    const copied = await copyToSecondFolder(backup, '2026-12-01', stick);
    expect(existsSync(join(stick, RECOVERY_KEY_FILE))).toBe(true);
    expect(readFileSync(join(stick, RECOVERY_KEY_FILE), 'utf8')).not.toContain('system');

    // another PC: its own key folder (empty) and a new data folder
    const before = process.env.BRANCHBOX_KEY_DIR;
    process.env.BRANCHBOX_KEY_DIR = tempDir();
    try {
      const newDir = join(tempDir(), 'branch');
      const wrong = join(tempDir(), 'wrong.txt');
      writeFileSync(wrong, 'not the passphrase at all\n');
      expect(await run(['restore', '--from', copied, '--data-dir', newDir, '--passphrase-file', wrong])).toMatchObject({ code: 1, err: expect.stringContaining('The recovery passphrase is not the one') });
      const restored = await run(['restore', '--from', copied, '--data-dir', newDir, '--passphrase-file', passphraseFile]);
      expect(restored.code, restored.err).toBe(0);
      // this PC keeps the sealed key from now on: the passphrase opens the restored books, which stay encrypted
      expect(readFileSync(join(newDir, 'branchbox.sqlite')).includes(Buffer.from('Wanjiku'))).toBe(false);
      expect(await run(['verify', '--full', '--data-dir', newDir, '--passphrase-file', passphraseFile])).toMatchObject({ code: 0 });
    } finally {
      process.env.BRANCHBOX_KEY_DIR = before;
    }
  });
});
