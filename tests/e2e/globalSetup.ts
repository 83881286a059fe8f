import { execSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AXE_CHECKED } from './axe';

/** `npm run build` normally runs first (tests/run-all.cjs); build here only what is missing. */
export default function globalSetup(): void {
  rmSync(AXE_CHECKED, { force: true }); // every screen checked once per run (axe.ts)
  if (process.env.BRANCHBOX_E2E_ROOT) return; // a build made elsewhere: test it as it is
  const root = join(__dirname, '..', '..');
  const rendererBuilt = existsSync(join(root, 'out', 'renderer', 'index.html'));
  const hostBuilt = existsSync(join(root, 'out', 'node', 'electron', 'cli', 'main.js'));
  if (!hostBuilt) execSync('npx tsc -p tsconfig.node.json', { cwd: root, stdio: 'inherit' });
  if (!rendererBuilt) execSync('npx vite build --config vite.config.mts', { cwd: root, stdio: 'inherit' });
}
