import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/**
 * `npm run dist` (after `npm run build`): runs electron-builder for the current platform, `--publish never`, with
 * any extra arguments passed on (`npm run dist -- --win portable`).
 *
 * electron-builder rebuilds better-sqlite3 for Electron's ABI (`npmRebuild: true`) *in place*, in
 * node_modules/better-sqlite3-multiple-ciphers/build. Tests and the CLI run on Node and need the Node build, so this keeps a copy
 * of that folder and puts it back afterwards: when packaging worked, when it failed, and when it is interrupted
 * (Ctrl+C). Files the rebuild added are removed too, among them @electron/rebuild's mark (.forge-meta) that would
 * otherwise make the next packaging skip the rebuild and ship the Node build. While packaging runs, the folder
 * holds the Electron build: do not run the tests at the same time.
 */
export function keepNodeBuild(moduleDir: string): () => void {
  const build = join(moduleDir, 'build');
  if (!existsSync(build)) return () => undefined;
  const saved = join(mkdtempSync(join(tmpdir(), 'branchbox-native-')), 'build');
  cpSync(build, saved, { recursive: true, preserveTimestamps: true });
  const kept = new Set(listFiles(saved).map((f) => relative(saved, f)));
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (existsSync(build)) {
      for (const f of listFiles(build)) if (!kept.has(relative(build, f))) rmSync(f, { force: true });
    }
    // Copy over what is there (no moment without a better_sqlite3.node), then drop the saved copy.
    cpSync(saved, build, { recursive: true, force: true, preserveTimestamps: true });
    rmSync(dirname(saved), { recursive: true, force: true });
  };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

export async function runDist(root: string, args: string[]): Promise<number> {
  const cli = require.resolve('electron-builder/cli.js', { paths: [root] });
  const betterSqlite = dirname(require.resolve('better-sqlite3-multiple-ciphers/package.json', { paths: [root] }));
  const restore = keepNodeBuild(betterSqlite);
  const child = spawn(process.execPath, [cli, '--publish', 'never', ...args], { cwd: root, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    return await new Promise<number>((resolve) => {
      child.on('error', () => resolve(1));
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    restore();
    console.log('dist: node_modules/better-sqlite3-multiple-ciphers holds the Node build again (tests and the CLI use it)');
  }
}

if (require.main === module) {
  const root = join(__dirname, '..', '..', '..', '..'); // out/node/electron/packaging -> project root
  void runDist(root, process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
