import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { startBrowserHost, type BrowserHost } from '../../electron/server/server';
import { SETUP_INPUT, tempDir } from '../support/core';

let host: BrowserHost | null = null;
let core: Core | null = null;

afterEach(async () => {
  await host?.close();
  core?.close();
  host = null;
  core = null;
});

async function start(): Promise<BrowserHost> {
  core = await openCore({ dataDir: tempDir() });
  const staticDir = tempDir('branchbox-static-');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Branchbox</title>');
  host = await startBrowserHost(core, { port: 0, staticDir });
  return host;
}

async function post(h: BrowserHost, name: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.url}api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { code: string } }, cookie: res.headers.get('set-cookie') };
}

describe('the browser host', () => {
  it('binds loopback and sets the session cookie HttpOnly and SameSite=Strict', async () => {
    const h = await start();
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await post(h, 'setup.initialize', SETUP_INPUT);
    expect(res.status).toBe(200);
    expect(res.cookie).toMatch(/^branchbox_session=[\w-]+; HttpOnly; SameSite=Strict; Path=\/$/);
    const token = /branchbox_session=([\w-]+)/.exec(res.cookie!)![1]!;
    const me = await post(h, 'session.current', {}, { cookie: `branchbox_session=${token}` });
    expect(me.status).toBe(200);
    const out = await post(h, 'session.logout', {}, { cookie: `branchbox_session=${token}` });
    expect(out.cookie).toMatch(/Max-Age=0/);
    expect((await post(h, 'session.current', {}, { cookie: `branchbox_session=${token}` })).status).toBe(401);
  });

  it('maps error classes to HTTP statuses', async () => {
    const h = await start();
    await post(h, 'setup.initialize', SETUP_INPUT);
    expect((await post(h, 'clients.search', {})).status).toBe(401);
    expect((await post(h, 'nope.nothing', {})).status).toBe(404);
    expect((await post(h, 'session.login', { username: 'admin' })).status).toBe(400);
    expect((await post(h, 'session.login', '{not json')).body.error!.code).toBe('VALIDATION_FAILED');
    expect((await post(h, 'setup.initialize', SETUP_INPUT)).status).toBe(409);
    const login = await post(h, 'session.login', { username: 'admin', password: 'Adm1n-pass-2026' });
    const cookie = login.cookie!.split(';')[0]!;
    await post(h, 'users.create', { username: 'teller1', password: 'Tell3r-pass-2026', roles: ['TELLER'], displayName: 'T' }, { cookie });
    const t = await post(h, 'session.login', { username: 'teller1', password: 'Tell3r-pass-2026' });
    const denied = await post(h, 'users.create', { username: 'x1234', password: 'Str0ng-pass-2026', roles: ['TELLER'], displayName: 'X' }, { cookie: t.cookie!.split(';')[0]! });
    expect(denied.status).toBe(403);
    expect(denied.body.error!.code).toBe('PERMISSION_DENIED');
  });

  it('refuses a foreign Origin and a foreign Host name, and accepts its own', async () => {
    const h = await start();
    const foreign = await post(h, 'setup.status', {}, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error!.code).toBe('FORBIDDEN_ORIGIN');
    expect((await post(h, 'setup.status', {}, { origin: `http://127.0.0.1:${h.port + 1}` })).status).toBe(403);
    expect((await post(h, 'setup.status', {}, { origin: 'null' })).status).toBe(403);
    expect((await post(h, 'setup.status', {}, { origin: `http://127.0.0.1:${h.port}` })).status).toBe(200);
    expect((await post(h, 'setup.status', {}, { origin: `http://localhost:${h.port}` })).status).toBe(200);
    // DNS rebinding: a page of evil.example resolved to 127.0.0.1 sends Host: evil.example
    const { request } = await import('node:http');
    const status = await new Promise<number>((ok) => {
      const req = request({ host: '127.0.0.1', port: h.port, path: '/api/setup.status', method: 'POST', headers: { host: `evil.example:${h.port}` } }, (res) => {
        res.resume();
        ok(res.statusCode ?? 0);
      });
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('serves the screens with a strict Content-Security-Policy and no directory escape', async () => {
    const h = await start();
    const res = await fetch(h.url);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const escape = await fetch(`${h.url}..%2F..%2Fetc%2Fpasswd`);
    expect(await escape.text()).not.toContain('root:');
    expect((await fetch(`${h.url}api/setup.status`)).status).toBe(405);
  });
});
