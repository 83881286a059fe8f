import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, openCore } from '../../../electron/core';
import { checkBackup } from '../../../electron/core/backup';
import { keyOf, openDatabase } from '../../../electron/core/db/connection';
import { DATABASE_KEY_FILE, databaseKeyFor, keyFileText, type KeyWrapper } from '../../../electron/core/keys/database';
import { keyFolderOf } from '../../../electron/core/keys';
import { verifyDatabase } from '../../../electron/core/verify';
import { Caller, SETUP_INPUT, tempDir } from '../../support/core';
import { encryptedBranch, PASSPHRASE } from './branch';

/**
 * Encryption at rest (issue 14, point 4): a branch set up with a recovery passphrase keeps nothing readable on disk,
 * opens with the passphrase or the key file and refuses anything else clearly; a plain branch is encrypted later
 * with its data kept; its backups are encrypted with the same key.
 */
function onDisk(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir).filter((f) => f.startsWith(DATABASE_FILE)).map((f) => readFileSync(join(dir, f))));
}

describe('a branch set up with a recovery passphrase', () => {
  it('keeps no SQLite header and no client name in clear, and its audit log keeps no passphrase', async () => {
    const dir = await encryptedBranch();
    const file = readFileSync(join(dir, DATABASE_FILE));
    expect(file.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(onDisk(dir).includes(Buffer.from('Wanjiku'))).toBe(false);
    expect(onDisk(dir).includes(Buffer.from('Umoja'))).toBe(false);
    // the sealed key is in the key folder, not in the data folder
    expect(readdirSync(dir)).not.toContain(DATABASE_KEY_FILE);
    expect(existsSync(join(keyFolderOf(dir), DATABASE_KEY_FILE))).toBe(true);

    const core = await openCore({ dataDir: dir, unlock: { passphrase: PASSPHRASE } });
    const log = core.db.prepare("SELECT input_json FROM command_log WHERE operation = 'setup.initialize'").pluck().get() as string;
    expect(log).not.toContain(PASSPHRASE);
    expect(JSON.parse(log)).toMatchObject({ encrypted: true });
    expect(core.db.prepare('SELECT firstname FROM clients').pluck().all()).toEqual(['Wanjiku']);
    // the pragmas every connection must hold still hold (openDatabase checks them) and WAL is back
    expect(core.db.pragma('journal_mode', { simple: true })).toBe('wal');
    core.close();
  });

  it('opens with the key file, and refuses no unlock, a wrong passphrase and a wrong key file with a clear error', async () => {
    const dir = await encryptedBranch();
    const key = (await databaseKeyFor(dir, { passphrase: PASSPHRASE }))!;
    const keyFile = join(tempDir(), 'branch.key');
    writeFileSync(keyFile, keyFileText(key));
    const core = await openCore({ dataDir: dir, unlock: { keyFile } });
    expect(core.db.prepare('SELECT count(*) FROM clients').pluck().get()).toBe(1);
    core.close();

    await expect(openCore({ dataDir: dir })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/encrypted: its recovery passphrase \(or its key file\) is needed/) });
    await expect(openCore({ dataDir: dir, unlock: { passphrase: 'not the passphrase at all' } })).rejects.toMatchObject({
      message: 'The recovery passphrase is not the one this branch was encrypted with',
      fields: [{ field: 'passphrase', code: 'wrong_passphrase', message: 'is not the right passphrase' }],
    });
    const wrongKey = join(tempDir(), 'wrong.key');
    writeFileSync(wrongKey, keyFileText(Buffer.alloc(32, 7)));
    await expect(openCore({ dataDir: dir, unlock: { keyFile: wrongKey } })).rejects.toThrow(/The key given does not open .*branchbox\.sqlite/);
    writeFileSync(wrongKey, 'hello');
    await expect(openCore({ dataDir: dir, unlock: { keyFile: wrongKey } })).rejects.toMatchObject({ fields: [{ field: 'keyFile', code: 'not_a_key' }] });
    // and no open ever says SQLite's "file is not a database"
    await expect(openCore({ dataDir: dir })).rejects.not.toThrow(/file is not a database/);
  });

  it('is opened by the system wrapping (desktop app) when one sealed the key at setup', async () => {
    // a stand-in for Electron's safeStorage: a reversible wrapping the test can see used
    const wraps: string[] = [];
    const system: KeyWrapper = {
      name: 'test-xor',
      wrap: (k) => (wraps.push('wrap'), Buffer.from(k.map((b) => b ^ 0x5a))),
      unwrap: (w) => (wraps.push('unwrap'), Buffer.from(w.map((b) => b ^ 0x5a))),
    };
    const dir = tempDir();
    const first = await openCore({ dataDir: dir, unlock: { system } });
    await new Caller(first).ok('setup.initialize', { ...SETUP_INPUT, encryption: { passphrase: PASSPHRASE } });
    first.close();
    const again = await openCore({ dataDir: dir, unlock: { system } });
    expect(keyOf(again.db)).toBeDefined();
    expect(await new Caller(again).ok('setup.status', {})).toMatchObject({ initialized: true });
    again.close();
    expect(wraps).toEqual(['wrap', 'unwrap']);
  });
});

describe('encryption turned on later', () => {
  it('keeps the data, refuses a short passphrase and a second time, verifies clean, and encrypts the backups kept so far', async () => {
    const dir = tempDir();
    const core = await openCore({ dataDir: dir });
    const admin = new Caller(core);
    await admin.ok('setup.initialize', SETUP_INPUT);
    expect(await admin.ok('settings.encryption', {})).toMatchObject({ encrypted: false, inMemory: false, passphraseMinLength: 12 });
    for (const name of ['Wanjiku', 'Juma', 'Achieng']) await admin.ok('clients.create', { firstname: name, lastname: 'Nyambura' });
    const before = (await admin.ok('clients.search', { query: 'Nyambura' })) as unknown;
    expect(onDisk(dir).includes(Buffer.from('Nyambura'))).toBe(true); // plain so far

    expect(await admin.err('settings.turnOnEncryption', { passphrase: 'too short' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'passphrase' }] });
    const status = await admin.ok('settings.turnOnEncryption', { passphrase: PASSPHRASE });
    expect(status).toMatchObject({ encrypted: true, recoveryPassphrase: true });
    expect(await admin.err('settings.turnOnEncryption', { passphrase: PASSPHRASE })).toMatchObject({ code: 'INVALID_STATE' });
    // the same core goes on working on the encrypted file
    await admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Nyambura' });
    expect(await admin.ok('clients.search', { query: 'Nyambura' })).toHaveLength((before as unknown[]).length + 1);
    expect(core.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const logged = core.db.prepare("SELECT input_json FROM command_log WHERE operation = 'settings.turnOnEncryption'").pluck().get() as string;
    expect(logged).not.toContain(PASSPHRASE);
    core.close();

    expect(onDisk(dir).includes(Buffer.from('Nyambura'))).toBe(false);
    // the checked backup made first is in backups/, encrypted now like every other backup
    const backups = readdirSync(join(dir, 'backups')).filter((f) => f.endsWith('.sqlite'));
    expect(backups.some((f) => f.startsWith('branchbox-before-encryption-'))).toBe(true);
    const key = (await databaseKeyFor(dir, { passphrase: PASSPHRASE }))!;
    for (const f of backups) {
      const bytes = readFileSync(join(dir, 'backups', f));
      expect(bytes.includes(Buffer.from('Nyambura'))).toBe(false);
      await checkBackup(join(dir, 'backups', f), undefined, key);
    }

    const db = openDatabase(join(dir, DATABASE_FILE), { key });
    expect(verifyDatabase(db).ok).toBe(true);
    expect(db.prepare('SELECT count(*) FROM clients').pluck().get()).toBe(4);
    db.close();
  });

  it('refuses a branch kept in memory, naming the field at setup', async () => {
    const core = await openCore({ dataDir: null });
    const admin = new Caller(core);
    expect(await admin.err('setup.initialize', { ...SETUP_INPUT, encryption: { passphrase: PASSPHRASE } })).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'encryption.passphrase', code: 'in_memory' }],
    });
    await admin.ok('setup.initialize', SETUP_INPUT);
    expect(await admin.ok('settings.encryption', {})).toMatchObject({ encrypted: false, inMemory: true });
    expect(await admin.err('settings.turnOnEncryption', { passphrase: PASSPHRASE })).toMatchObject({ code: 'INVALID_STATE' });
    core.close();
  });
});

describe('backups of an encrypted branch', () => {
  it('a day-end backup opens with the key and not without', async () => {
    const dir = await encryptedBranch();
    const core = await openCore({ dataDir: dir, unlock: { passphrase: PASSPHRASE } });
    const { backUpClosedDay } = await import('../../../electron/core/backup');
    const { file } = await backUpClosedDay(core.db, dir, '2026-03-02');
    const key = keyOf(core.db)!;
    core.close();
    expect(readFileSync(file).includes(Buffer.from('Wanjiku'))).toBe(false);
    await checkBackup(file, undefined, key);
    expect(() => openDatabase(file, { readonly: true })).toThrow(/cannot be read: it is encrypted/);
    const copy = openDatabase(file, { readonly: true, key });
    expect(copy.prepare('SELECT firstname FROM clients').pluck().all()).toEqual(['Wanjiku']);
    copy.close();
  });
});
