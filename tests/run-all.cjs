#!/usr/bin/env node
// `npm test`: every layer, in order: type-check, lint, unit + integration (vitest), build, Electronegativity over
// the built Electron code, end to end (Playwright through the browser host). Prints one closing line
// "Total: N passed, M failed".
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, readFileSync, mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const reports = join(root, 'test-results');
mkdirSync(reports, { recursive: true });
const only = process.argv.slice(2);
const wants = (step) => only.length === 0 || only.includes(step);

let passed = 0;
let failed = 0;
const failures = [];

function run(title, cmd, args, env = {}) {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  console.log(`--- ${title}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

/** Several commands at once (each its own process: the type-checks of Node, tests and web), ok when all are. */
async function runTogether(title, commands) {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const codes = await Promise.all(
    commands.map(
      ([cmd, args]) =>
        new Promise((resolve) => {
          const p = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: process.env, shell: process.platform === 'win32' });
          p.on('close', (code) => resolve(code));
          p.on('error', () => resolve(1));
        }),
    ),
  );
  const ok = codes.every((c) => c === 0);
  console.log(`--- ${title}: ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return ok;
}

function step(title, ok) {
  if (ok) passed += 1;
  else {
    failed += 1;
    failures.push(title);
  }
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function main() {
  // the three type-checks of `npm run typecheck`, side by side
  if (wants('typecheck')) {
    step('typecheck', await runTogether('Type-check (Node, tests, web)', [
      [npx, ['tsc', '-p', 'tsconfig.node.json', '--noEmit']],
      [npx, ['tsc', '-p', 'tsconfig.test.json']],
      [npx, ['vue-tsc', '-p', 'tsconfig.web.json']],
    ]));
  }
  if (wants('lint')) step('lint', run('Lint (incl. import boundaries)', npm, ['run', '--silent', 'lint']));

  if (wants('unit')) {
    const file = join(reports, 'vitest.json');
    const ok = run('Unit and integration tests (vitest)', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
    if (existsSync(file)) {
      const r = JSON.parse(readFileSync(file, 'utf8'));
      passed += r.numPassedTests;
      failed += r.numFailedTests;
      if (r.numFailedTests > 0) failures.push(`${r.numFailedTests} vitest test(s)`);
      if (!ok && r.numFailedTests === 0) step('vitest run', false);
    } else step('vitest run', false);
  }

  if (wants('e2e')) {
    const built = run('Build (tsc + vite)', npm, ['run', '--silent', 'build']);
    step('build', built);
    if (built) {
      step('electronegativity', run('Electronegativity (built main and preload, reviewed allow-list)', process.execPath, [join(root, 'tests', 'security', 'electronegativity.cjs')]));
      writeFileSync(join(root, 'out', 'node', '.built'), new Date().toISOString());
      writeFileSync(join(root, 'out', 'renderer', '.built'), new Date().toISOString());
      const file = join(reports, 'playwright.json');
      const ok = run('End to end (Playwright, system Chromium, browser host)', npx, ['playwright', 'test', '--reporter=list,json'], {
        PLAYWRIGHT_JSON_OUTPUT_NAME: file,
      });
      if (existsSync(file)) {
        const s = JSON.parse(readFileSync(file, 'utf8')).stats;
        passed += s.expected;
        failed += s.unexpected + s.flaky;
        if (s.unexpected + s.flaky > 0) failures.push(`${s.unexpected + s.flaky} Playwright test(s)`);
        if (!ok && s.unexpected === 0) step('playwright run', false);
      } else step('playwright run', false);
    }
  }

  if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
  console.log(`\nTotal: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

void main();
