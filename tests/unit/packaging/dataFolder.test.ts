import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataFolderProblem, installFolder, isSameOrInside, newestBackup, openFailureMessage } from '../../../electron/main/dataFolder';
import { tempDir } from '../../support/core';

/** Data in the user's data folder, never in the install folder (electron/main/dataFolder.ts, used by main.ts). */
describe('the data folder is never the install folder', () => {
  const winInstall = 'C:\\Users\\amina\\AppData\\Local\\Programs\\Branchbox';

  it('finds the install folder from process.resourcesPath on each platform', () => {
    expect(installFolder(`${winInstall}\\resources`, 'win32')).toBe(winInstall);
    expect(installFolder('/opt/Branchbox/resources', 'linux')).toBe('/opt/Branchbox');
    expect(installFolder('/Applications/Branchbox.app/Contents/Resources', 'darwin')).toBe('/Applications/Branchbox.app');
  });

  it('accepts the default per-user data folders', () => {
    expect(dataFolderProblem('C:\\Users\\amina\\AppData\\Roaming\\Branchbox', winInstall, 'win32')).toBeNull();
    expect(dataFolderProblem('/home/amina/.config/Branchbox', '/opt/Branchbox', 'linux')).toBeNull();
    expect(dataFolderProblem('/Users/amina/Library/Application Support/Branchbox', '/Applications/Branchbox.app', 'darwin')).toBeNull();
  });

  it('refuses the install folder itself and anything inside it, whatever the letter case on Windows', () => {
    expect(dataFolderProblem(winInstall, winInstall, 'win32')).toMatch(/outside the folder it is installed in/);
    expect(dataFolderProblem(`${winInstall}\\data`, winInstall, 'win32')).toContain(winInstall);
    expect(dataFolderProblem('c:\\users\\AMINA\\appdata\\local\\programs\\branchbox\\resources\\x', winInstall, 'win32')).not.toBeNull();
    expect(dataFolderProblem('/opt/Branchbox/data/', '/opt/Branchbox', 'linux')).not.toBeNull();
    expect(dataFolderProblem('/Applications/Branchbox.app/Contents/data', '/Applications/Branchbox.app', 'darwin')).not.toBeNull();
  });

  it('compares whole folder names, not string prefixes', () => {
    expect(isSameOrInside('C:\\Program Files\\Branchbox Data', 'C:\\Program Files\\Branchbox', 'win32')).toBe(false);
    expect(isSameOrInside('/opt/Branchbox2', '/opt/Branchbox', 'linux')).toBe(false);
    expect(isSameOrInside('/opt/branchbox', '/opt/Branchbox', 'linux')).toBe(false); // Linux names are case-sensitive
    expect(isSameOrInside('/opt/Branchbox/../elsewhere', '/opt/Branchbox', 'linux')).toBe(false);
  });
});

describe('what the user reads when the data cannot be opened', () => {
  it('names the newest backup (by its time stamp, whatever made it)', () => {
    const dir = tempDir('branchbox-data-');
    expect(newestBackup(dir)).toBeNull();
    mkdirSync(join(dir, 'backups'));
    writeFileSync(join(dir, 'backups', 'branchbox-before-migration-2026-03-01T08-00-00-000Z.sqlite'), '');
    writeFileSync(join(dir, 'backups', 'branchbox-manual-2026-03-02T08-00-00-000Z.sqlite'), '');
    writeFileSync(join(dir, 'backups', 'branchbox-before-migration-2026-03-03T08-00-00-000Z.sqlite'), '');
    writeFileSync(join(dir, 'backups', 'notes.txt'), '');
    expect(newestBackup(dir)).toBe(join(dir, 'backups', 'branchbox-before-migration-2026-03-03T08-00-00-000Z.sqlite'));
  });

  it('says the data was not changed, where the data folder is and where the backup is', () => {
    const msg = openFailureMessage('migration 0003_x failed: no such table: y', '/home/a/.config/Branchbox', '/home/a/.config/Branchbox/backups/b.sqlite');
    expect(msg).toMatch(/^migration 0003_x failed/);
    expect(msg).toMatch(/Your data was not changed/);
    expect(msg).toContain('Data folder: /home/a/.config/Branchbox');
    expect(msg).toContain('Newest backup: /home/a/.config/Branchbox/backups/b.sqlite');
    expect(openFailureMessage('x', '/d', null)).toContain(`Backups: ${join('/d', 'backups')} (none yet)`);
  });
});
