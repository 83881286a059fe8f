import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { Arch, type AfterPackContext } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import { afterPack, electronBinaryPath } from '../../../electron/packaging/afterPack';
import { FUSES } from '../../../electron/packaging/fuses';
import { tempDir } from '../../support/core';

/**
 * The afterPack hook on stand-in Electron binaries: a file holding Electron's fuse wire (sentinel, version 1,
 * length, one byte per fuse) laid out where each platform keeps it. Proves the hook finds the binary of each
 * target and leaves it with exactly the fuses of electron/packaging/fuses.ts.
 */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's defaults, plus a ninth fuse this version of @electron/fuses does not know (left as it is).
const DEFAULT_WIRE = '101100011';

function fakeElectron(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const wire = Buffer.from(DEFAULT_WIRE, 'latin1');
  writeFileSync(file, Buffer.concat([Buffer.from('MZ...electron...'), Buffer.from(SENTINEL), Buffer.from([1, wire.length]), wire, Buffer.from('...')]));
}

function wireOf(file: string): string {
  const buf = readFileSync(file);
  const at = buf.indexOf(SENTINEL) + SENTINEL.length;
  return buf.subarray(at + 2, at + 2 + buf[at + 1]!).toString('latin1');
}

function context(platform: string, appOutDir: string): AfterPackContext {
  return {
    appOutDir,
    outDir: dirname(appOutDir),
    arch: Arch.x64,
    targets: [],
    electronPlatformName: platform,
    packager: { appInfo: { productFilename: 'Branchbox', sanitizedName: 'branchbox' }, executableName: 'branchbox' },
  } as unknown as AfterPackContext;
}

const expected = Object.values(FUSES).map((on) => (on ? '1' : '0')).join('') + DEFAULT_WIRE.slice(Object.keys(FUSES).length);

describe('afterPack hook', () => {
  const layouts: Array<[string, string]> = [
    ['win32', 'Branchbox.exe'],
    ['linux', 'branchbox'],
    ['darwin', 'Branchbox.app/Contents/Frameworks/Electron Framework.framework/Electron Framework'],
  ];
  it.each(layouts.slice(0, 2))('flips the configured fuses in the %s binary (%s)', async (platform, fuseFile) => {
    const out = tempDir('branchbox-afterpack-');
    fakeElectron(join(out, fuseFile));
    await afterPack(context(platform, out));
    expect(wireOf(join(out, fuseFile))).toBe(expected);
    // RunAsNode, NODE_OPTIONS, --inspect off; cookie encryption, asar integrity, only-from-asar on.
    expect(expected.slice(0, 6)).toBe('010011');
  });

  // macOS builds are then signed again ad hoc by @electron/fuses, with `codesign` from PATH: a stand-in records it.
  it.skipIf(process.platform === 'win32')('re-signs the macOS app ad hoc after flipping', async () => {
    const out = tempDir('branchbox-afterpack-');
    const fuseFile = join(out, layouts[2]![1]);
    fakeElectron(fuseFile);
    const bin = tempDir('branchbox-codesign-');
    const log = join(bin, 'calls.log');
    writeFileSync(join(bin, 'codesign'), `#!/bin/sh\necho "$@" >> '${log}'\n`);
    chmodSync(join(bin, 'codesign'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}${delimiter}${path ?? ''}`;
    try {
      await afterPack(context('darwin', out));
    } finally {
      process.env.PATH = path;
    }
    expect(wireOf(fuseFile)).toBe(expected);
    expect(readFileSync(log, 'utf8')).toContain(`--sign - --force`);
    expect(readFileSync(log, 'utf8')).toContain(join(out, 'Branchbox.app'));
  });

  it('fails the build when the binary has no fuse wire', async () => {
    const out = tempDir('branchbox-afterpack-');
    writeFileSync(join(out, 'branchbox'), 'not electron');
    await expect(afterPack(context('linux', out))).rejects.toThrow(/sentinel/);
  });

  it('knows where each platform keeps the executable', () => {
    expect(electronBinaryPath('win32', '/d/win-unpacked', 'Branchbox', 'branchbox')).toBe(join('/d/win-unpacked', 'Branchbox.exe'));
    expect(electronBinaryPath('linux', '/d/linux-unpacked', 'Branchbox', 'branchbox')).toBe(join('/d/linux-unpacked', 'branchbox'));
    expect(electronBinaryPath('darwin', '/d/mac-arm64', 'Branchbox', 'branchbox')).toBe(join('/d/mac-arm64', 'Branchbox.app'));
    expect(() => electronBinaryPath('beos', '/d', 'Branchbox', 'branchbox')).toThrow(/unknown platform/);
  });
});
