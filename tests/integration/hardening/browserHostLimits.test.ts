import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core';
import { startBrowserHost, type BrowserHost } from '../../../electron/server/server';

/** Issue 14 point 9: a body over 1 MiB is answered 413 with the usual error body; a call that is not JSON 415. */
let core: Core;
let host: BrowserHost;

beforeAll(async () => {
  core = await openCore({ dataDir: null });
  host = await startBrowserHost(core, { port: 0, staticDir: '/nonexistent' });
});
afterAll(async () => {
  await host.close();
  core.close();
});

async function post(name: string, body: string, contentType: string | null = 'application/json') {
  const res = await fetch(`${host.url}api/${name}`, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body });
  return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { code: string; message: string; fields?: { field: string; code: string }[] } } };
}

describe('the browser host\'s limits on a call', () => {
  it('answers a body over 1 MiB with 413 and the usual error body, for any operation, and goes on serving', async () => {
    for (const size of [1024 * 1024 + 1, 5 * 1024 * 1024]) {
      const big = JSON.stringify({ firstname: 'x'.repeat(size), lastname: 'y' });
      const res = await post('clients.create', big);
      expect(res.status, String(size)).toBe(413);
      expect(res.body.ok).toBe(false);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: '(body)', code: 'too_big' }] });
    }
    // exactly 1 MiB is read (and refused by the contract, not the host)
    const atLimit = JSON.stringify({ query: 'q'.repeat(1024 * 1024 - 12) });
    expect(Buffer.byteLength(atLimit)).toBe(1024 * 1024);
    expect((await post('clients.search', atLimit)).status).toBe(401);
    expect((await post('setup.status', '{}')).status).toBe(200);
  });

  it('answers 413 before reading a body whose declared length is over the limit (a raw request)', async () => {
    const status = await new Promise<number>((ok, fail) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: '/api/setup.status', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 50 * 1024 * 1024 } }, (res) => {
        res.resume();
        ok(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', fail);
      req.write('{"a":"');
    });
    expect(status).toBe(413);
  });

  it('answers a call that is not application/json with 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null]) {
      const res = await post('setup.status', '{}', type);
      expect(res.status, String(type)).toBe(415);
      expect(res.body.error?.code).toBe('VALIDATION_FAILED');
    }
    expect((await post('setup.status', '{}', 'application/json; charset=utf-8')).status).toBe(200);
    expect((await post('setup.status', '{}', 'Application/JSON')).status).toBe(200);
  });

  it('keeps the larger limit of hq.importBundles (refused on a branch, but read whole)', async () => {
    const body = JSON.stringify({ files: [{ name: 'a.bbx', base64: 'A'.repeat(2 * 1024 * 1024) }] });
    const res = await post('hq.importBundles', body);
    expect(res.status).not.toBe(413);
    expect(res.status).toBeLessThan(500);
  });

  it('the renderer\'s client sends application/json', async () => {
    const { readFileSync } = await import('node:fs');
    const client = readFileSync(new URL('../../../renderer/src/api/client.ts', import.meta.url), 'utf8');
    expect(client).toMatch(/'content-type': 'application\/json'/);
  });
});
