import { readdirSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Where the desktop app keeps its data, checked before the core opens it (ARCHITECTURE.md section 11): in the
 * user's data folder, never in the install folder, which an upgrade or an uninstall replaces. Kept free of
 * Electron imports so tests can call it with any platform's paths.
 */
function pathsFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/**
 * The folder the packaged program lives in, from Electron's process.resourcesPath:
 * Windows and Linux `<install>/resources`; macOS `<...>/Branchbox.app/Contents/Resources` (the bundle is the
 * install folder).
 */
export function installFolder(resourcesPath: string, platform: NodeJS.Platform): string {
  const p = pathsFor(platform);
  const resources = p.resolve(resourcesPath);
  return platform === 'darwin' ? p.resolve(resources, '..', '..') : p.dirname(resources);
}

/** True when `child` is `parent` or inside it (case-insensitive on Windows and macOS, as their file systems are). */
export function isSameOrInside(child: string, parent: string, platform: NodeJS.Platform): boolean {
  const p = pathsFor(platform);
  const fold = (s: string) => (platform === 'win32' || platform === 'darwin' ? s.toLowerCase() : s);
  const rel = p.relative(fold(p.resolve(parent)), fold(p.resolve(child)));
  return rel === '' || (!rel.startsWith('..') && !p.isAbsolute(rel));
}

/** A message for the user when the data folder is inside the install folder; null when it is not. */
export function dataFolderProblem(dataDir: string, install: string, platform: NodeJS.Platform): string | null {
  if (!isSameOrInside(dataDir, install, platform)) return null;
  return (
    `Branchbox keeps its data outside the folder it is installed in, because installing a newer version or ` +
    `uninstalling replaces that folder.\n\nData folder asked for: ${dataDir}\nInstalled in: ${install}\n\n` +
    `Remove the BRANCHBOX_DATA_DIR setting to use your own data folder, or point it to a folder outside ${install}.`
  );
}

/** The newest backup in `<dataDir>/backups` (file names carry an ISO time stamp), or null. */
export function newestBackup(dataDir: string): string | null {
  const dir = path.join(dataDir, 'backups');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^branchbox-.*\.sqlite$/.test(n));
  } catch {
    return null;
  }
  const byStamp = (n: string) => n.replace(/^branchbox-[a-z-]*?-(?=\d{4}-)/, '');
  names.sort((a, b) => byStamp(a).localeCompare(byStamp(b)));
  return names.length > 0 ? path.join(dir, names[names.length - 1]!) : null;
}

/**
 * What the user reads when the core cannot open the data (a failed migration after an upgrade, a database from a
 * newer Branchbox ...). The core changes nothing in those cases: migrations run in one transaction after the
 * backup, and a refused database is not written to.
 */
export function openFailureMessage(reason: string, dataDir: string, backup: string | null): string {
  return (
    `${reason}\n\n` +
    `Your data was not changed: the database is exactly as it was before this start.\n\n` +
    `Data folder: ${dataDir}\n` +
    (backup
      ? `Newest backup: ${backup}\n`
      : `Backups: ${path.join(dataDir, 'backups')} (none yet)\n`) +
    `\nKeep these files. If this happened after installing a newer version, reinstall the version you had ` +
    `before to go on working, and send this message to whoever supports your Branchbox.`
  );
}
