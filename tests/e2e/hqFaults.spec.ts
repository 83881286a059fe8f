import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { EXPORTABLE } from '../../electron/core/db/capture';
import { expect, test, ROOT } from './fixtures';
import { CLI, cli, kill9, Script, serve } from './processes';

/**
 * Faults that must change nothing (issue 13), on the built program's own processes: head office killed (kill -9)
 * during an import, a branch killed during an upload and head office killed under it, and a link of 2 kB/s that
 * drops every few seconds. After each, head office holds every bundle once, in order, and the branch sends only what
 * head office lacks. No browser: the branch and head office are driven as scripts drive them.
 */
const HQ_INIT = { organisation: { name: 'Umoja Microfinance' }, currency: { code: 'KES', decimalPlaces: 2 }, admin: { username: 'hqadmin', password: 'Hq-admin-pass-2026' } };
const DEMO_ADMIN = { username: 'admin', password: 'Demo-admin-2026' };

test.describe.configure({ mode: 'serial' });

/** A training branch of `clients` clients (its first bundle a few megabytes), paired with a head office set up. */
async function branchAndHeadOffice(clients: number): Promise<{ br: string; hqDir: string; hq: { url: string; proc: ChildProcess }; hqAdmin: Script; hqPairing: string }> {
  const work = mkdtempSync(join(tmpdir(), 'branchbox-hqfaults-'));
  const br = join(work, 'branch');
  const hqDir = join(work, 'hq');
  expect(cli('seed-demo', '--clients', String(clients), '--data-dir', br).code).toBe(0);
  const hq = await serve(['hq', 'serve', '--data-dir', hqDir]);
  const hqAdmin = new Script(hq.url);
  await hqAdmin.ok('hq.initialize', HQ_INIT);
  const hqPairing = (await hqAdmin.ok<{ text: string }>('hq.pairing')).text;
  const pairFile = join(work, 'TRN.pair');
  expect(cli('pair', '--out', pairFile, '--data-dir', br).code).toBe(0);
  await hqAdmin.ok('hq.registerBranch', { pairing: readFileSync(pairFile, 'utf8') });
  return { br, hqDir, hq, hqAdmin, hqPairing };
}

/** What head office holds of TRN: its position and its rows. */
function heldAt(hqDir: string): { lastSeq: number; rows: number } {
  const db = new Database(join(hqDir, 'headoffice.sqlite'), { readonly: true });
  try {
    const b = db.prepare("SELECT last_seq FROM hq_branches WHERE office_code = 'TRN'").get() as { last_seq: number };
    const n = db.prepare("SELECT count(*) AS n FROM hq_rows WHERE office_code = 'TRN'").get() as { n: number };
    return { lastSeq: b.last_seq, rows: n.n };
  } finally {
    db.close();
  }
}

/** The branch's exportable rows, counted as head office should hold them. */
function branchRowCount(br: string): number {
  const db = new Database(join(br, 'branchbox.sqlite'), { readonly: true });
  try {
    return Object.keys(EXPORTABLE).reduce((n, t) => n + (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n, 0);
  } finally {
    db.close();
  }
}

/**
 * A TCP link in front of head office that moves `rate` bytes a second each way (0: as fast as it can) and cuts every
 * connection after `lifeMs` (0: never); `target` can be moved to a head office started again on another port.
 */
async function link(target: { port: number }, rate = 0, lifeMs = 0): Promise<{ port: number; upBytes: () => number; cuts: () => number; set: (rate: number, lifeMs: number) => void; close: () => Promise<void> }> {
  let up = 0;
  let cuts = 0;
  const conf = { rate, lifeMs };
  const sockets = new Set<Socket>();
  // each way its queue, paced; a side that ends (a half-close after a request) ends the other once its queue is out
  const pipe = (from: Socket, to: Socket, count: boolean) => {
    const queue: Buffer[] = [];
    let timer: NodeJS.Timeout | null = null;
    let ended = false;
    const pump = () => {
      let budget = conf.rate === 0 ? Infinity : Math.max(1, Math.floor(conf.rate / 20));
      while (queue.length && budget > 0) {
        const c = queue.shift()!;
        const part = c.subarray(0, Math.min(c.length, budget));
        if (part.length < c.length) queue.unshift(c.subarray(part.length));
        budget -= part.length;
        if (count) up += part.length;
        to.write(part);
      }
      timer = queue.length ? setTimeout(pump, 50) : null;
      if (!queue.length && ended) to.end();
    };
    from.on('data', (c: Buffer) => {
      queue.push(c);
      if (!timer) pump();
    });
    from.on('end', () => {
      ended = true;
      if (!timer) pump();
    });
  };
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = connect({ port: target.port, host: '127.0.0.1', allowHalfOpen: true });
    sockets.add(client).add(upstream);
    pipe(client, upstream, true);
    pipe(upstream, client, false);
    const cut = () => {
      if (!client.destroyed) cuts += 1;
      client.destroy();
      upstream.destroy();
    };
    if (conf.lifeMs > 0) setTimeout(() => !client.destroyed && !client.writableEnded && cut(), conf.lifeMs);
    client.on('error', cut);
    upstream.on('error', cut);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: (server.address() as { port: number }).port,
    upBytes: () => up,
    cuts: () => cuts,
    set: (r, l) => {
      conf.rate = r;
      conf.lifeMs = l;
    },
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('head office killed during an import holds the bundle whole or not at all, and the next import applies it once', async () => {
  test.setTimeout(120_000);
  const { br, hqDir, hq, hqPairing } = await branchAndHeadOffice(20_000);
  await kill9(hq.proc);
  // the branch paired with head office's file, its bundles on the stick
  const branch = await serve(['serve', '--data-dir', br]);
  const b = new Script(branch.url);
  await b.ok('session.login', DEMO_ADMIN);
  await b.ok('exports.setHeadOffice', { pairing: hqPairing });
  await kill9(branch.proc);
  const usb = mkdtempSync(join(tmpdir(), 'branchbox-usb-'));
  expect(cli('export', '--out', usb, '--data-dir', br).code).toBe(0);
  const expected = branchRowCount(br);
  const full = Number(/-(\d{9})\.bbx$/.exec(readdirSync(usb).find((f) => f.endsWith('.bbx'))!)![1]);
  let killedMidway = 0;
  for (const delay of [250, 450, 650, 850, 1050, 1250]) {
    const proc = spawn(process.execPath, [CLI, 'hq', 'import', '--from', usb, '--data-dir', hqDir], { cwd: ROOT, stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, delay));
    if (proc.exitCode === null) killedMidway += 1;
    await kill9(proc);
    const held = heldAt(hqDir);
    // all or nothing: the bundle's transaction either committed whole or left nothing
    expect([JSON.stringify({ lastSeq: 0, rows: 0 }), JSON.stringify({ lastSeq: full, rows: expected })]).toContain(JSON.stringify(held));
    if (held.lastSeq === full) break;
  }
  expect(killedMidway).toBeGreaterThan(0);
  const last = cli('hq', 'import', '--from', usb, '--data-dir', hqDir);
  expect(last.code).toBe(0);
  expect(last.out).toMatch(/ {2}(applied|duplicate)\n/);
  expect(heldAt(hqDir)).toEqual({ lastSeq: full, rows: expected });
});

test('a branch killed during an upload, and head office killed under it, resume where head office\'s copy stops; a 2 kB/s link that drops still delivers', async () => {
  test.setTimeout(180_000);
  const { br, hqDir, hq, hqPairing } = await branchAndHeadOffice(6_000);
  const target = { port: Number(new URL(hq.url).port) };
  const net = await link(target, 400_000);
  let branch = await serve(['serve', '--data-dir', br]);
  let b = new Script(branch.url);
  await b.ok('session.login', DEMO_ADMIN);
  await b.ok('exports.setHeadOffice', { pairing: hqPairing, url: `https://127.0.0.1:${net.port}` });
  await b.ok('exports.sendNow');
  // the branch dies a third of the way through its first bundle
  const first = await until('a third sent', async () => {
    const s = await b.ok<{ link: { sending: { sent: number; total: number } | null } }>('exports.status');
    return s.link.sending && s.link.sending.sent > s.link.sending.total / 3 ? s.link.sending : null;
  }, 60_000);
  await kill9(branch.proc);
  const incoming = join(hqDir, 'incoming');
  const held = readdirSync(incoming).reduce((n, f) => n + statSync(join(incoming, f)).size, 0);
  expect(held).toBeGreaterThan(first.total / 4);

  // started again: it asks head office's offset and sends the rest only; head office dies under it and comes back
  branch = await serve(['serve', '--data-dir', br]);
  b = new Script(branch.url);
  await b.ok('session.login', DEMO_ADMIN);
  const before = net.upBytes();
  await b.ok('exports.sendNow');
  await until('more sent', async () => {
    const s = await b.ok<{ link: { sending: { sent: number } | null } }>('exports.status');
    return s.link.sending && s.link.sending.sent > held + 200_000;
  }, 60_000);
  await kill9(hq.proc);
  const again = await serve(['hq', 'serve', '--data-dir', hqDir]);
  target.port = Number(new URL(again.url).port);
  const done = await until('head office has everything', async () => {
    const s = await b.ok<{ acknowledgedSequence: number; lastBundle: { toSeq: number } | null; linkState: string }>('exports.status');
    return s.lastBundle && s.acknowledgedSequence === s.lastBundle.toSeq ? s : null;
  }, 90_000);
  // what went up after the restart: what head office lacked, and at most the pieces in flight when it died (a piece
  // is 256 kB at most) with the link's buffers, not the whole file again
  expect(net.upBytes() - before).toBeLessThan(first.total - held + 2 * 256 * 1024 + 300_000);
  expect(heldAt(hqDir)).toEqual({ lastSeq: done.lastBundle!.toSeq, rows: branchRowCount(br) });

  // more work, sent over a link of 2 kB/s that drops every 4 seconds
  for (let i = 0; i < 25; i++) await b.ok('clients.create', { firstname: `Neema${String.fromCharCode(65 + i)}`, lastname: 'Mutua', mobileNo: `+2547000${String(i).padStart(5, '0')}` });
  net.set(2_000, 4_000);
  const cutBefore = net.cuts();
  await b.ok('exports.sendNow');
  const slow = await until('the slow link delivers', async () => {
    const s = await b.ok<{ acknowledgedSequence: number; lastBundle: { toSeq: number } | null }>('exports.status');
    return s.lastBundle && s.lastBundle.toSeq > done.lastBundle!.toSeq && s.acknowledgedSequence === s.lastBundle.toSeq ? s : null;
  }, 120_000);
  expect(net.cuts() - cutBefore).toBeGreaterThan(1);
  await kill9(branch.proc);
  await kill9(again.proc);
  await net.close();
  expect(heldAt(hqDir)).toEqual({ lastSeq: slow.lastBundle!.toSeq, rows: branchRowCount(br) });
});
