#!/usr/bin/env node
// Electronegativity (Doyensec) over the built JavaScript of electron/main and electron/preload (its parser predates
// TypeScript 5, so it reads tsc's output, out/node/). Every finding must be explained in electronegativity-allow.json;
// one that is not fails this step. Run after `npm run build:node`.
'use strict';
const { spawnSync } = require('node:child_process');
const { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const built = join(root, 'out', 'node', 'electron');
const allow = JSON.parse(readFileSync(join(__dirname, 'electronegativity-allow.json'), 'utf8'));
const electronVersion = require(join(root, 'node_modules', 'electron', 'package.json')).version;

const work = mkdtempSync(join(tmpdir(), 'branchbox-electronegativity-'));
try {
  for (const part of ['main', 'preload']) {
    if (!existsSync(join(built, part))) throw new Error(`${join(built, part)} is missing: run npm run build:node first`);
    cpSync(join(built, part), join(work, 'scan', part), { recursive: true, filter: (f) => !f.endsWith('.map') });
  }
  const report = join(work, 'report.sarif');
  const bin = join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
  const r = spawnSync(
    process.execPath,
    [bin, '-i', join(work, 'scan'), '-r', '-v', 'false', '-e', electronVersion, '-x', Object.keys(allow.excludedChecks).join(','), '-o', report],
    { encoding: 'utf8' },
  );
  if (r.status !== 0 || !existsSync(report)) {
    console.error(r.stdout, r.stderr);
    throw new Error(`electronegativity did not run (exit ${r.status})`);
  }
  const results = JSON.parse(readFileSync(report, 'utf8')).runs[0].results;
  const findings = results.map((x) => {
    const loc = x.locations[0].physicalLocation;
    const file = loc.artifactLocation.uri;
    const path = join(work, 'scan', file);
    const line = existsSync(path) && file !== 'file:///' ? (readFileSync(path, 'utf8').split('\n')[loc.region.startLine - 1] ?? '').trim() : '';
    return { check: x.ruleId, file, line, where: `${file}:${loc.region.startLine}`, text: x.message.text };
  });
  const explained = (f) => allow.findings.find((a) => a.check === f.check && (a.file === '*' || a.file === f.file) && (a.line === '*' || a.line === f.line));
  const unexplained = findings.filter((f) => !explained(f));
  const stale = allow.findings.filter((a) => !findings.some((f) => explained(f) === a));
  console.log(`Electronegativity ${electronVersion}: ${findings.length} finding(s), ${findings.length - unexplained.length} explained in tests/security/electronegativity-allow.json`);
  for (const a of stale) console.log(`  note: allow-list entry no longer matches a finding: ${a.check} ${a.file} ${a.line}`);
  for (const f of unexplained) console.error(`  UNEXPLAINED ${f.check} at ${f.where}: ${f.text}\n    ${f.line}`);
  process.exitCode = unexplained.length === 0 ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
