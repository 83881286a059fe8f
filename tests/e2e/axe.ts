import { createRequire } from 'node:module';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, type Page } from '@playwright/test';

/**
 * Accessibility (issue 19 point 13): axe-core run on every screen the end-to-end tests photograph (pages.ts
 * `inBothLanguages`), WCAG 2.1 A and AA rules, failing on a serious or critical violation, named with the rule, the
 * help text and the elements. Each screen (its route, with any dialog open) is checked once per run of the suite:
 * the pictures of one screen in many states, in many specs, would only repeat the same check at the end-to-end
 * suite's expense.
 */
const AXE_SOURCE = readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');
/** The screens checked in this run, across spec files (the file is emptied by globalSetup). */
export const AXE_CHECKED = join(__dirname, '..', '..', 'test-results', 'axe-checked.txt');
function alreadyChecked(key: string): boolean {
  const seen = existsSync(AXE_CHECKED) ? readFileSync(AXE_CHECKED, 'utf8').split('\n') : [];
  if (seen.includes(key)) return true;
  mkdirSync(dirname(AXE_CHECKED), { recursive: true });
  appendFileSync(AXE_CHECKED, `${key}\n`);
  return false;
}

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/** The screen's key: the route without numbers (one client's page is every client's), and the dialog open on it. */
async function screenKey(page: Page): Promise<string> {
  const route = new URL(page.url()).hash.replace(/\?.*$/, '').replace(/\d+/g, ':n');
  // read at once (a locator would wait for a dialog that is not there)
  const dialog = await page.evaluate(() => Array.from(document.querySelectorAll('[role="dialog"]')).pop()?.getAttribute('data-testid') ?? null);
  return `${route} ${dialog ?? ''}`;
}

export async function expectAccessible(page: Page): Promise<void> {
  const key = await screenKey(page);
  if (alreadyChecked(key)) return;
  // evaluated through the debugging protocol: the screens' Content-Security-Policy forbids an inline script tag
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<AxeResult> } }).axe;
    return axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const described = serious.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)).join(', ')}`);
  if (process.env.BRANCHBOX_AXE_REPORT) {
    // a survey (not a test): every screen's findings appended to the file named, the run goes on
    if (described.length > 0) appendFileSync(process.env.BRANCHBOX_AXE_REPORT, `${key}\n  ${described.join('\n  ')}\n`);
    return;
  }
  expect(described, `axe on ${key}`).toEqual([]);
}
