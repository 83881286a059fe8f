import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as plainTest } from '@playwright/test';
import { expect, test, ROOT } from './fixtures';
import { setUpBranchByApi } from './setupApi';

// Reads a file only: the plain test, so that no browser host is started for it.
plainTest('the built renderer carries a strict Content-Security-Policy and no inline script', () => {
  const html = readFileSync(join(ROOT, 'out', 'renderer', 'index.html'), 'utf8');
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  expect(meta, 'CSP meta tag').not.toBeNull();
  const directives = new Map(
    meta![1]!
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values] as const;
      }),
  );
  expect(directives.get('default-src')).toEqual(["'self'"]);
  expect(directives.get('script-src')).toEqual(["'self'"]);
  expect(directives.get('object-src')).toEqual(["'none'"]);
  expect(directives.get('base-uri')).toEqual(["'none'"]);
  expect(directives.get('form-action')).toEqual(["'none'"]);
  expect(directives.get('connect-src')).toEqual(["'self'"]);
  expect(directives.get('img-src')).toEqual(["'self'", 'data:']);
  expect(meta![1]).not.toContain('unsafe-eval');
  // Styles from our files, plus at most hashed inline <style> elements: never 'unsafe-inline'.
  const styleSrc = directives.get('style-src') ?? [];
  expect(styleSrc[0]).toBe("'self'");
  for (const source of styleSrc.slice(1)) expect(source).toMatch(/^'sha256-[A-Za-z0-9+/=]+'$/);
  // Scripts only from files: no inline <script> body.
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    expect(m[1]).toMatch(/\bsrc=/);
    expect(m[2]!.trim()).toBe('');
  }
  // Relative asset paths, so the same build opens from file:// in Electron.
  expect(html).not.toMatch(/(src|href)="\/assets/);
});

test('the renderer runs without a single Content-Security-Policy violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy: ${e.violatedDirective} ${e.sourceFile}:${e.lineNumber}`));
  });
  await page.goto('/');
  await expect(page.getByTestId('welcome-title')).toBeVisible();
  await page.getByTestId('choice-setup').click();
  await page.getByTestId('setup-org-name').fill('X');
  await page.getByTestId('setup-next').click();
  await page.getByTestId('setup-currency-decimals').click();
  await page.keyboard.press('Escape');
  expect(violations).toEqual([]);
});

/**
 * Issue 19 "Speed you can feel": the screens are split per screen and served compressed, and the sign-in screen of a
 * set-up branch loads at most 150 kB of script as it travels (gzip). Counted from what the browser received: every
 * script response up to the sign-in form, by its Content-Length with its Content-Encoding.
 */
test('the sign-in screen loads at most 150 kB of script, compressed, and later screens load their own', async ({ page, host }) => {
  await setUpBranchByApi(page, host);
  await page.context().clearCookies(); // signed out: the sign-in screen as a teller meets it in the morning
  const scripts: { url: string; bytes: number; encoding: string }[] = [];
  page.on('response', (r) => {
    if (!r.url().endsWith('.js')) return;
    const headers = r.headers();
    scripts.push({ url: r.url(), bytes: Number(headers['content-length'] ?? Number.NaN), encoding: headers['content-encoding'] ?? 'identity' });
  });
  await page.goto('/#/sign-in');
  await expect(page.getByTestId('signin-username')).toBeVisible();
  expect(scripts.length).toBeGreaterThan(1);
  for (const s of scripts) expect(s.encoding, s.url).toMatch(/^(gzip|br)$/);
  const total = scripts.reduce((sum, s) => sum + s.bytes, 0);
  expect(total, scripts.map((s) => `${s.url.split('/').pop()} ${s.bytes}`).join('\n')).toBeLessThanOrEqual(150 * 1024);
  // no screen behind sign-in came with it
  expect(scripts.some((s) => /ClientsListView|DashboardView|TellerRepaymentView/.test(s.url))).toBe(false);
});
