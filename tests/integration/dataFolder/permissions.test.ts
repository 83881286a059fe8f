import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, openCore } from '../../../electron/core';
import { HOLDER_FILE, holdDataFolder, LOCK_FILE, restrictFolderOnWindows, windowsAclCommand, windowsUser } from '../../../electron/core/db/dataFolder';
import { Caller, SETUP_INPUT, tempDir } from '../../support/core';
import { compiledDataFolderModule, ROOT } from './compiled';

/** Issue 14, point 4: the data folder is its user's only (0700, files 0600; on Windows an ACL). */

const modeOf = (p: string): string => (statSync(p).mode & 0o777).toString(8);

describe('the data folder is readable by its user only', () => {
  it('a new data folder is made 0700, the database and its -wal and -shm 0600, and so are the lock files', async () => {
    const dir = join(tempDir(), 'Branchbox');
    const hold = holdDataFolder(dir, 'browser host');
    const core = await openCore({ dataDir: dir });
    try {
      await new Caller(core).ok('setup.initialize', SETUP_INPUT);
      expect(modeOf(dir)).toBe('700');
      for (const f of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, LOCK_FILE, HOLDER_FILE]) {
        expect(existsSync(join(dir, f)), f).toBe(true);
        expect(modeOf(join(dir, f)), f).toBe('600');
      }
    } finally {
      core.close();
      hold.release();
    }
  });

  it('a folder made before, readable by everyone, is tightened at start: folders 0700, every file 0600 (backups too)', async () => {
    const dir = tempDir();
    const core = await openCore({ dataDir: dir });
    await new Caller(core).ok('setup.initialize', SETUP_INPUT);
    core.close();
    // as an earlier Branchbox left it
    mkdirSync(join(dir, 'backups'));
    writeFileSync(join(dir, 'backups', 'branchbox-manual-2026-03-01T08-00-00-000Z.sqlite'), 'a copy');
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'backups'), 0o755);
    chmodSync(join(dir, 'backups', 'branchbox-manual-2026-03-01T08-00-00-000Z.sqlite'), 0o644);
    chmodSync(join(dir, DATABASE_FILE), 0o644);

    const again = await openCore({ dataDir: dir });
    again.close();
    expect(modeOf(dir)).toBe('700');
    expect(modeOf(join(dir, 'backups'))).toBe('700');
    expect(modeOf(join(dir, 'backups', 'branchbox-manual-2026-03-01T08-00-00-000Z.sqlite'))).toBe('600');
    expect(modeOf(join(dir, DATABASE_FILE))).toBe('600');
  });

  it('a link in the folder is not followed: what it points to outside is left alone', async () => {
    const outside = join(tempDir(), 'shared-notes.txt');
    writeFileSync(outside, 'not Branchbox');
    chmodSync(outside, 0o644);
    const dir = tempDir();
    symlinkSync(outside, join(dir, 'notes'));
    (await openCore({ dataDir: dir })).close();
    expect(modeOf(dir)).toBe('700');
    expect(modeOf(outside)).toBe('644');
  });

  it('the hosts and the CLI make every later file their user\'s only (umask 077): a backup written by another module is 0600', () => {
    const dir = tempDir();
    const script = `require(${JSON.stringify(compiledDataFolderModule())}).privateFilesFromNowOn(); const fs = require('node:fs'); fs.mkdirSync(process.argv[1] + '/backups'); fs.writeFileSync(process.argv[1] + '/backups/copy.sqlite', 'x');`;
    execFileSync(process.execPath, ['-e', script, dir], { env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') } });
    expect(modeOf(join(dir, 'backups'))).toBe('700');
    expect(modeOf(join(dir, 'backups', 'copy.sqlite'))).toBe('600');
  });
});

describe('on Windows: an ACL for the signed-in user and SYSTEM only', () => {
  it('builds the icacls command: inheritance removed, full control for the user and SYSTEM (by its SID), passed to what is inside', () => {
    expect(windowsAclCommand('C:\\Users\\amina\\AppData\\Roaming\\Branchbox', 'UMOJA\\amina')).toEqual({
      command: 'icacls',
      args: ['C:\\Users\\amina\\AppData\\Roaming\\Branchbox', '/inheritance:r', '/grant:r', 'UMOJA\\amina:(OI)(CI)F', '/grant:r', '*S-1-5-18:(OI)(CI)F', '/Q'],
    });
    expect(windowsUser({ USERNAME: 'amina', USERDOMAIN: 'UMOJA' })).toBe('UMOJA\\amina');
    expect(windowsUser({ USERNAME: 'amina' })).toBe('amina');
  });

  it('runs it on Windows only, and refuses to start, naming the folder, when it fails', () => {
    const ran: string[][] = [];
    restrictFolderOnWindows('/data', 'linux', (c, a) => ran.push([c, ...a]));
    restrictFolderOnWindows('/data', 'darwin', (c, a) => ran.push([c, ...a]));
    expect(ran).toEqual([]);
    restrictFolderOnWindows('C:\\Branchbox', 'win32', (c, a) => ran.push([c, ...a]));
    expect(ran).toHaveLength(1);
    expect(ran[0]!.slice(0, 3)).toEqual(['icacls', 'C:\\Branchbox', '/inheritance:r']);
    expect(() =>
      restrictFolderOnWindows('C:\\Branchbox', 'win32', () => {
        throw new Error('Access is denied.');
      }),
    ).toThrow('Branchbox could not make its data folder C:\\Branchbox private to you (icacls failed: Access is denied.)');
  });
});
