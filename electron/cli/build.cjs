// Builds what is missing or out of date: the Node side (tsc -> out/node) and the screens (vite -> out/renderer).
// Plain CommonJS so that `npm start` and `npx branchbox` work before anything is compiled.
'use strict';
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..', '..');

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function stale(stampFile, sourceDirs) {
  if (!existsSync(stampFile)) return true;
  const built = statSync(stampFile).mtimeMs;
  return sourceDirs.some((d) => newestMtime(join(root, d)) > built);
}

function run(script) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', '--silent', script], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`Branchbox: "npm run ${script}" failed.`);
    process.exit(r.status || 1);
  }
}

function ensureBuilt({ renderer = true, quiet = false } = {}) {
  const nodeStamp = join(root, 'out', 'node', '.built');
  if (stale(nodeStamp, ['electron', 'shared'])) {
    if (!quiet) console.log('Branchbox: compiling the core ...');
    run('build:node');
    writeFileSync(nodeStamp, new Date().toISOString());
  }
  const webStamp = join(root, 'out', 'renderer', '.built');
  if (renderer && stale(webStamp, ['renderer', 'shared'])) {
    if (!quiet) console.log('Branchbox: building the screens ...');
    run('build:renderer');
    writeFileSync(webStamp, new Date().toISOString());
  }
}

module.exports = { ensureBuilt, root };
