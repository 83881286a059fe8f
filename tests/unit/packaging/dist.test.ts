import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepNodeBuild } from '../../../electron/packaging/dist';
import { tempDir } from '../../support/core';

/**
 * `npm run dist` lets electron-builder rebuild better-sqlite3 for Electron in place, then puts the Node build back
 * (tests and the CLI need it). Checked on a stand-in module folder.
 */
describe('npm run dist keeps the Node build of better-sqlite3', () => {
  function fakeModule(): string {
    const dir = tempDir('branchbox-native-test-');
    mkdirSync(join(dir, 'build', 'Release', 'obj'), { recursive: true });
    writeFileSync(join(dir, 'build', 'Release', 'better_sqlite3.node'), 'node build');
    writeFileSync(join(dir, 'build', 'Release', 'obj', 'sqlite3.o'), 'object');
    return dir;
  }

  it('puts back the Node build and removes what the Electron rebuild added (its .forge-meta mark too)', () => {
    const dir = fakeModule();
    const restore = keepNodeBuild(dir);
    // what @electron/rebuild does
    writeFileSync(join(dir, 'build', 'Release', 'better_sqlite3.node'), 'electron build');
    writeFileSync(join(dir, 'build', 'Release', '.forge-meta'), 'x64--140');
    mkdirSync(join(dir, 'build', 'Release', 'extra'));
    writeFileSync(join(dir, 'build', 'Release', 'extra', 'file'), 'x');
    restore();
    expect(readFileSync(join(dir, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('node build');
    expect(readFileSync(join(dir, 'build', 'Release', 'obj', 'sqlite3.o'), 'utf8')).toBe('object');
    expect(existsSync(join(dir, 'build', 'Release', '.forge-meta'))).toBe(false);
    expect(existsSync(join(dir, 'build', 'Release', 'extra', 'file'))).toBe(false);
    restore(); // twice is harmless
    expect(readFileSync(join(dir, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('node build');
  });

  it('restores a build folder that the rebuild deleted', () => {
    const dir = fakeModule();
    const restore = keepNodeBuild(dir);
    rmSync(join(dir, 'build'), { recursive: true, force: true });
    restore();
    expect(readFileSync(join(dir, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('node build');
  });
});
