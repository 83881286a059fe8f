import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { DebugLogger } from 'builder-util';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUSES, fuseConfig } from '../../../electron/packaging/fuses';

/**
 * electron-builder.yml and the fuses against the issue "Installers a branch can run" (ARCHITECTURE.md section 11).
 * The config is loaded with electron-builder's own loader and checked against its own schema, then every
 * required setting is checked by `missingSettings`; the second part proves that removing any of them is caught.
 */
const root = resolve(__dirname, '..', '..', '..');

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** [target name, archs] of a platform's `target` setting, in either of electron-builder's spellings. */
function targets(platform: unknown): Array<[string, string[]]> {
  return list(obj(platform).target).map((t) =>
    typeof t === 'string' ? [t, []] : [String(obj(t).target), list(obj(t).arch).map(String)],
  );
}

function hasTarget(platform: unknown, name: string, arch?: string): boolean {
  return targets(platform).some(([t, archs]) => t === name && (arch === undefined || archs.length === 0 || archs.includes(arch)));
}

/** Every required setting that is missing or wrong, as readable sentences; empty when all are there. */
function missingSettings(config: Json, fuses: Record<string, boolean>): string[] {
  const out: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  need(config.appId === 'org.branchbox.app', 'appId org.branchbox.app');
  need(config.productName === 'Branchbox', 'productName Branchbox');
  need(obj(config.extraMetadata).version === undefined && config.buildVersion === undefined, 'version only from package.json');
  // Windows
  const win = obj(config.win);
  need(hasTarget(win, 'nsis', 'x64'), 'win target nsis x64');
  need(hasTarget(win, 'portable', 'x64'), 'win target portable x64');
  const nsis = obj(config.nsis);
  need(nsis.oneClick === false, 'nsis.oneClick false (assisted installer with a choice of folder)');
  need(nsis.perMachine === false, 'nsis.perMachine false (per user)');
  need(nsis.allowElevation === false, 'nsis.allowElevation false (never asks for administrator rights)');
  need(nsis.allowToChangeInstallationDirectory === true, 'nsis.allowToChangeInstallationDirectory true');
  need(nsis.createDesktopShortcut === true || nsis.createDesktopShortcut === 'always', 'nsis desktop shortcut');
  need(nsis.createStartMenuShortcut !== false, 'nsis start-menu shortcut');
  need(nsis.deleteAppDataOnUninstall !== true, 'nsis keeps the data folder on uninstall');
  need(typeof nsis.include === 'string', 'nsis.include (build/installer.nsh: current user only)');
  need(obj(config.win).requestedExecutionLevel === undefined || obj(config.win).requestedExecutionLevel === 'asInvoker', 'win requestedExecutionLevel asInvoker');
  // Linux, macOS
  need(hasTarget(config.linux, 'AppImage'), 'linux target AppImage');
  need(hasTarget(config.linux, 'deb'), 'linux target deb');
  need(hasTarget(config.mac, 'dmg'), 'mac target dmg');
  // App contents, native module
  // electron-builder's loader turns a plain list into one file set {filter: [...]}: accept both spellings.
  const files = list(config.files).flatMap((f) => (typeof f === 'string' ? [f] : list(obj(f).filter).map(String)));
  for (const f of ['out/node/electron/**', 'out/node/shared/**', 'out/renderer/**', 'electron/core/db/migrations/*.sql', 'package.json']) {
    need(files.includes(f), `files include ${f}`);
  }
  need(files.includes('!**/*.map'), 'files exclude source maps');
  need(files.includes('!out/node/electron/packaging/**'), 'files exclude the packaging scripts');
  need(config.asar !== false, 'asar on (OnlyLoadAppFromAsar needs it)');
  need(list(config.asarUnpack).map(String).includes('node_modules/better-sqlite3-multiple-ciphers/**'), 'asarUnpack node_modules/better-sqlite3-multiple-ciphers/**');
  need(config.npmRebuild === true, 'npmRebuild true (better-sqlite3 rebuilt for Electron when packaging)');
  need(config.afterPack === './out/node/electron/packaging/afterPack.js', 'afterPack hook out/node/electron/packaging/afterPack.js');
  // Fuses
  need(fuses.RunAsNode === false, 'fuse RunAsNode off');
  need(fuses.EnableNodeOptionsEnvironmentVariable === false, 'fuse EnableNodeOptionsEnvironmentVariable off');
  need(fuses.EnableNodeCliInspectArguments === false, 'fuse EnableNodeCliInspectArguments off');
  need(fuses.EnableCookieEncryption === true, 'fuse EnableCookieEncryption on');
  need(fuses.EnableEmbeddedAsarIntegrityValidation === true, 'fuse EnableEmbeddedAsarIntegrityValidation on');
  need(fuses.OnlyLoadAppFromAsar === true, 'fuse OnlyLoadAppFromAsar on');
  return out;
}

let config: Configuration;
let raw: Json;

beforeAll(async () => {
  config = await getConfig(root, null, null);
  raw = JSON.parse(JSON.stringify(config)) as Json;
});

describe('electron-builder.yml', () => {
  it("is valid for electron-builder's own schema", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('has every setting the issue requires, and the fuses are set as required', () => {
    expect(missingSettings(raw, FUSES)).toEqual([]);
  });

  const clone = (): Json => JSON.parse(JSON.stringify(raw)) as Json;
  const breakages: Array<[string, (c: Json, f: Record<string, boolean>) => void]> = [
    ['no portable target', (c) => (obj(c.win).target = targets(c.win).filter(([t]) => t !== 'portable').map(([target, arch]) => ({ target, arch })))],
    ['nsis for 32-bit only', (c) => (obj(c.win).target = [{ target: 'nsis', arch: ['ia32'] }, { target: 'portable', arch: ['x64'] }])],
    ['no deb', (c) => (obj(c.linux).target = ['AppImage'])],
    ['no AppImage', (c) => (obj(c.linux).target = ['deb'])],
    ['no dmg', (c) => delete obj(c.mac).target],
    ['perMachine missing', (c) => delete obj(c.nsis).perMachine],
    ['perMachine true', (c) => (obj(c.nsis).perMachine = true)],
    ['oneClick missing', (c) => delete obj(c.nsis).oneClick],
    ['elevation allowed', (c) => (obj(c.nsis).allowElevation = true)],
    ['no choice of folder', (c) => delete obj(c.nsis).allowToChangeInstallationDirectory],
    ['no desktop shortcut', (c) => (obj(c.nsis).createDesktopShortcut = false)],
    ['data deleted on uninstall', (c) => (obj(c.nsis).deleteAppDataOnUninstall = true)],
    ['better-sqlite3 not unpacked', (c) => (c.asarUnpack = ['node_modules/bindings/**'])],
    ['npmRebuild off', (c) => (c.npmRebuild = false)],
    ['migrations not packaged', (c) => (c.files = [{ filter: ['out/node/electron/**', 'out/node/shared/**', 'out/renderer/**', 'package.json', '!**/*.map', '!out/node/electron/packaging/**'] }])],
    ['packaging scripts shipped', (c) => (c.files = ['out/node/electron/**', 'out/node/shared/**', 'out/renderer/**', 'electron/core/db/migrations/*.sql', 'package.json', '!**/*.map'])],
    ['no afterPack hook', (c) => delete c.afterPack],
    ['version overridden', (c) => (c.extraMetadata = { version: '9.9.9' })],
    ['RunAsNode on', (_c, f) => (f.RunAsNode = true)],
    ['NODE_OPTIONS on', (_c, f) => (f.EnableNodeOptionsEnvironmentVariable = true)],
    ['inspect arguments on', (_c, f) => (f.EnableNodeCliInspectArguments = true)],
    ['cookie encryption off', (_c, f) => (f.EnableCookieEncryption = false)],
    ['asar integrity off', (_c, f) => delete f.EnableEmbeddedAsarIntegrityValidation],
    ['loads from outside the asar', (_c, f) => (f.OnlyLoadAppFromAsar = false)],
  ];
  it.each(breakages)('reports a missing or wrong setting: %s', (_name, breakIt) => {
    const c = clone();
    const f: Record<string, boolean> = { ...FUSES };
    breakIt(c, f);
    expect(missingSettings(c, f).length).toBeGreaterThan(0);
  });

  it('packages what the app loads at run time: package.json main, the preload, the renderer, the migrations', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; version: string };
    expect(pkg.main).toBe('out/node/electron/main/main.js');
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
    // The migration runner, compiled to out/node/electron/core/db, reads <app>/electron/core/db/migrations.
    expect(readFileSync(join(root, 'electron/core/db/migrate.ts'), 'utf8')).toContain("'../../../../../electron/core/db/migrations'");
    // The main process loads these, relative to out/node/electron/main.
    const main = readFileSync(join(root, 'electron/main/main.ts'), 'utf8');
    expect(main).toContain("join(__dirname, '..', '..', '..', 'renderer', 'index.html')");
    expect(main).toContain("join(__dirname, '..', 'preload', 'preload.js')");
  });

  it('points at icons and installer resources that exist', () => {
    for (const file of [obj(raw.win).icon, obj(raw.mac).icon, obj(raw.linux).icon, obj(raw.nsis).installerIcon, obj(raw.nsis).include]) {
      expect(typeof file).toBe('string');
      expect(existsSync(join(root, String(file))), String(file)).toBe(true);
    }
    const nsh = readFileSync(join(root, String(obj(raw.nsis).include)), 'utf8');
    const macro = /!macro customInstallMode([\s\S]*?)!macroend/.exec(nsh)?.[1] ?? '';
    expect(macro).toContain('StrCpy $isForceCurrentInstall "1"');
    expect(macro).not.toContain('StrCpy $isForceMachineInstall "1"');
  });

  it('names an afterPack hook that is compiled from electron/packaging/afterPack.ts and exports afterPack', async () => {
    const compiled = String(raw.afterPack).replace(/^\.\//, '');
    expect(compiled).toBe('out/node/electron/packaging/afterPack.js');
    const source = compiled.replace(/^out\/node\//, '').replace(/\.js$/, '.ts');
    expect(existsSync(join(root, source))).toBe(true);
    const hook = (await import('../../../electron/packaging/afterPack')) as { afterPack: unknown; default: unknown };
    expect(typeof hook.afterPack).toBe('function');
    expect(hook.default).toBe(hook.afterPack);
  });
});

describe('fuses (electron/packaging/fuses.ts)', () => {
  it('decides every fuse @electron/fuses knows', () => {
    const known = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    expect(Object.keys(FUSES).sort()).toEqual(known.sort());
  });

  it('maps the fuse names onto the fuse wire, and re-signs macOS builds ad hoc (only they need it)', () => {
    const cfg = fuseConfig('win32', 'x64') as unknown as Record<string | number, unknown>;
    expect(cfg.version).toBe(FuseVersion.V1);
    expect(cfg.resetAdHocDarwinSignature).toBe(false);
    expect(cfg[FuseV1Options.RunAsNode]).toBe(false);
    expect(cfg[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(cfg[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(cfg[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(cfg[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(cfg[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect((fuseConfig('darwin', 'arm64') as { resetAdHocDarwinSignature?: boolean }).resetAdHocDarwinSignature).toBe(true);
    expect((fuseConfig('darwin', 'x64') as { resetAdHocDarwinSignature?: boolean }).resetAdHocDarwinSignature).toBe(true);
    expect((fuseConfig('linux', 'arm64') as { resetAdHocDarwinSignature?: boolean }).resetAdHocDarwinSignature).toBe(false);
  });
});
