#!/usr/bin/env node
// `npm start`: builds what is missing, then opens the desktop app where Electron's runtime is installed
// (fetching it once when it can), and the browser host otherwise, printing the address to open.
// Options pass through: --port N, --data-dir DIR; --browser forces the browser host.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { ensureBuilt, root } = require('./build.cjs');

const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser');
const passThrough = args.filter((a) => a !== '--browser');

ensureBuilt();

function electronBinary() {
  try {
    // electron's index.js returns the binary's path, and throws when the binary was never downloaded.
    const bin = require('electron');
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

function fetchElectron() {
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return false;
  console.log("Branchbox: fetching Electron's desktop runtime (once) ...");
  const r = spawnSync(process.execPath, [installer], { cwd: root, stdio: 'inherit', timeout: 180000 });
  return r.status === 0;
}

function canShowWindows() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function startBrowserHost(reason) {
  if (reason) console.log(`Branchbox: ${reason}; starting the browser host instead.`);
  const child = spawn(process.execPath, [join(root, 'out', 'node', 'electron', 'cli', 'main.js'), 'serve', ...passThrough], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const m = /ready at (http:\/\/\S+)/.exec(String(chunk));
    if (m) console.log(`Open ${m[1]} in Chrome, Edge or Firefox on this computer.`);
  });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}

function startDesktop(bin) {
  const env = { ...process.env };
  const i = passThrough.indexOf('--data-dir');
  if (i >= 0 && passThrough[i + 1]) env.BRANCHBOX_DATA_DIR = passThrough[i + 1];
  const child = spawn(bin, [root], { cwd: root, stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (forceBrowser) {
  startBrowserHost(null);
} else if (!canShowWindows()) {
  startBrowserHost('no display is available for a window');
} else {
  let bin = electronBinary();
  if (!bin && fetchElectron()) bin = electronBinary();
  if (bin) startDesktop(bin);
  else startBrowserHost("Electron's desktop runtime is not installed and could not be fetched");
}
