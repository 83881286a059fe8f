import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core';
import { EXPORTABLE, tableShape } from '../../../electron/core/db/capture';
import { addDays } from '../../../electron/core/domain/calendar';
import { importBundle, registerBranch, type HeadOffice, type ImportOutcome } from '../../../electron/core/hq/import';
import { HeadOfficeStore } from '../../../electron/core/hq/store';
import type { TlsIdentity } from '../../../electron/core/hq/tls';
import { branchPairingText, outboxDir, unacknowledgedBundles, writePendingBundles } from '../../../electron/core/services/export';
import { ackFileName } from '../../../electron/core/services/export/ack';
import { bundleHash, readHeader } from '../../../electron/core/services/export/bundle';
import { senderOf, type Sender } from '../../../electron/core/services/export/sender';
import { startBrowserHost, type BrowserHost } from '../../../electron/server/server';
import { Caller, TestClock, tempDir } from '../../support/core';
import { AKIBA, BIASHARA, lendingBranch, setBusinessDate, type LendingBranch } from '../../support/lending';
import { openSavings } from '../../support/savings';

/**
 * Issue 13's simulation: 20 branches over 30 business days each, their bundles taken to head office by USB and by
 * upload at random, through the faults of the field: connections dropped mid-piece (and before a request, and with
 * head office's answer lost on the way back), bundles delivered twice and out of order, files truncated or with a
 * bit flipped on the way. After every trip head office's state equals a second head office's that applied every
 * bundle once, in order (the reference), and the branch sends again only what head office lacks. At days 10, 20
 * and 30 every branch's rows at head office equal the branch's own, and the consolidated trial balance and portfolio
 * are the branches' own figures and their sums, in minor units.
 *
 * A bundle reaches the stick three ways: each day-end (a third of the branches set exports.setFolder), `branchbox
 * export` now and then (writePendingBundles), or the screen's download of all head office lacks (exports.download).
 * The first two write only what they cut now, so the stick keeps what head office has not acknowledged (the clerk
 * deletes the rest) and a copy refused on one trip goes again on the next. Upload days set head office's address for
 * the round and clear it after, so that no day-end starts the sender in the background.
 *
 * A seeded generator drives the branches' work and the courier; another the link's faults. A failure names its seed:
 * BRANCHBOX_SIM_SEED=<seed> runs the same days again.
 */
const SEED = Number(process.env.BRANCHBOX_SIM_SEED ?? Math.floor(Math.random() * 2 ** 31));
const BRANCHES = 20;
const DAYS = 30;
/** the days every branch sends and head office is checked whole */
const CHECKPOINTS = [10, 20, 30];
const START = '2025-12-01';
const SEND_CHANCE = 0.3;
const UPLOAD_SHARE = 0.3;

const OFFICES: [string, string][] = [
  ['NRB', 'Nairobi West'], ['KSM', 'Kisumu'], ['MSA', 'Mombasa'], ['NKR', 'Nakuru'], ['ELD', 'Eldoret'],
  ['THK', 'Thika'], ['MRU', 'Meru'], ['NYR', 'Nyeri'], ['KKG', 'Kakamega'], ['MCH', 'Machakos'],
  ['KRC', 'Kericho'], ['GRS', 'Garissa'], ['ISL', 'Isiolo'], ['LMU', 'Lamu'], ['KTL', 'Kitale'],
  ['EMB', 'Embu'], ['BSA', 'Busia'], ['NYI', 'Nyahururu'], ['VOI', 'Voi'], ['KER', 'Kerugoya'],
];
const FIRST = ['Amina', 'Juma', 'Neema', 'Otieno', 'Wanjiru', 'Kamau', 'Achieng', 'Mwangi', 'Zawadi', 'Baraka'];
const LAST = ['Odhiambo', 'Mutua', 'Njoroge', 'Wekesa', 'Chebet', 'Kiprop', 'Atieno', 'Maina', 'Omondi', 'Nduta'];

/** sfc32: small, fast and the same everywhere. */
class Rng {
  private s: [number, number, number, number];
  constructor(seed: number) {
    this.s = [0x9e3779b9, seed | 0, (seed ^ 0x243f6a88) | 0, 1];
    for (let i = 0; i < 16; i++) this.next();
  }
  next(): number {
    let [a, b, c, d] = this.s;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.s = [a, b, c, d];
    return (t >>> 0) / 4294967296;
  }
  /** 0 .. n-1 (0 when n is 0) */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

type Mode = 'usb' | 'upload';

interface Sim {
  code: string;
  b: LendingBranch;
  sender: Sender;
  /** the branch's USB stick: it keeps what head office has not acknowledged (the clerk deletes only the rest) */
  stick: string;
  /** each day-end writes the pending bundles onto the stick (exports.setFolder); else now and then by hand */
  dayEndWrites: boolean;
  savingsProductId: number;
  clients: number[];
  /** loans with what may still be repaid on them (whole units, kept under the principal) */
  loans: { id: number; left: number }[];
  savings: number[];
  date: string;
  /** the dates day-end closed */
  closed: string[];
  modes: Set<Mode>;
  /** every bundle the branch cut, as it cut it, by its first sequence: what the reference applies */
  bundles: Map<number, { name: string; toSeq: number; bytes: Buffer }>;
  /** head office's state as the courier's deliveries should leave it: the last sequence applied and what is held */
  expected: { seq: number; held: Map<number, { name: string; toSeq: number }> };
  /** how far the reference has applied the branch's bundles */
  replayed: number;
}

/** What went wrong on the way, counted, so that the test proves each fault happened. */
const faults = { truncated: 0, flipped: 0, twice: 0, held: 0, withheld: 0, refusedConnections: 0, cutRequests: 0, cutAnswers: 0, bytesLost: 0, usbTrips: 0, downloads: 0, uploads: 0 };

const closers: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

const seqsOf = (name: string) => {
  const m = /-(\d{9})-(\d{9})\.bbx$/.exec(name)!;
  return { fromSeq: Number(m[1]), toSeq: Number(m[2]) };
};
const bbxIn = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.bbx')).sort();
const lastCut = (s: Sim) => (s.b.core.db.prepare('SELECT max(to_seq) AS s FROM export_bundles').get() as { s: number | null }).s ?? 0;

/** A decimal text of the reporting currency (two places) in minor units, as an integer. */
function minorOf(text: string): number {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(text);
  if (!m) throw new Error(`not an amount with two decimals: ${text}`);
  const n = Number(m[2]) * 100 + Number(m[3]);
  expect(Number.isSafeInteger(n)).toBe(true);
  return m[1] ? -n : n;
}

/** part / whole in percent with two decimals, half-even, from integers alone; null when whole is 0. */
function ratio(part: number, whole: number): string | null {
  if (whole === 0) return null;
  const scaled = BigInt(part) * 10_000n;
  const w = BigInt(whole);
  const q = scaled / w;
  const r2 = (scaled % w) * 2n;
  const hundredths = r2 > w || (r2 === w && q % 2n === 1n) ? q + 1n : q;
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
}

/** A copy of a bundle damaged on the way: cut short, or one bit flipped anywhere. */
function damaged(bytes: Buffer, rng: Rng): Buffer {
  if (rng.chance(0.5)) {
    faults.truncated += 1;
    return Buffer.from(bytes.subarray(0, 1 + rng.int(bytes.length - 1)));
  }
  faults.flipped += 1;
  const copy = Buffer.from(bytes);
  const at = rng.int(copy.length);
  copy[at] = copy[at]! ^ (1 << rng.int(8));
  return copy;
}

interface Exchange {
  method: string;
  file: string;
  offset: number;
  length: number;
  fault: 'none' | 'cut-request' | 'cut-answer';
  /** body bytes passed on to head office */
  sent: number;
  body: Buffer[];
  /** head office's answer's status; null when the request never reached it whole */
  status: number | null;
}

/**
 * The branch's link to head office: it ends TLS with head office's own certificate (as a proxy in front of head
 * office does, so the branch's pin holds) and passes each request on, but drops some connections before any request,
 * cuts some requests part way through their body (a piece lost mid-way), and loses some answers after head office
 * acted on the request. Every request is logged with what head office took of it.
 */
async function faultyLink(target: BrowserHost, tls: TlsIdentity, rng: Rng): Promise<{ url: string; log: Exchange[]; close: () => Promise<void> }> {
  const log: Exchange[] = [];
  const sockets = new Set<Socket>();
  // a fresh connection to head office for each request (no reuse race), its TLS session resumed
  const upstream = new Agent({ keepAlive: false, rejectUnauthorized: false });
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const roll = rng.next();
    const ex: Exchange = {
      method: req.method ?? '',
      file: decodeURIComponent((req.url ?? '').replace(/^\/upload\//, '')),
      offset: Number(req.headers['upload-offset'] ?? 0),
      length: Number(req.headers['content-length'] ?? 0),
      fault: roll < 0.14 ? 'cut-request' : roll < 0.22 ? 'cut-answer' : 'none',
      sent: 0,
      body: [],
      status: null,
    };
    log.push(ex);
    const cutAt = ex.fault === 'cut-request' ? rng.int(ex.length) : Infinity;
    if (ex.fault === 'cut-request') faults.cutRequests += 1;
    if (cutAt === 0) {
      req.socket.destroy();
      return;
    }
    const headers = { ...req.headers };
    delete headers.connection;
    const up = request({ host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers, agent: upstream });
    up.on('error', () => req.socket.destroy());
    req.on('error', () => up.destroy());
    req.on('data', (chunk: Buffer) => {
      const piece = chunk.subarray(0, Math.max(0, cutAt - ex.sent));
      ex.sent += piece.length;
      ex.body.push(piece);
      up.write(piece);
      if (ex.sent >= cutAt) {
        faults.bytesLost += ex.sent;
        up.destroy();
        req.socket.destroy();
      }
    });
    req.on('end', () => {
      if (ex.sent < cutAt) up.end();
    });
    up.on('response', (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        ex.status = answer.statusCode ?? 0;
        if (ex.fault === 'cut-answer') {
          faults.cutAnswers += 1;
          req.socket.destroy();
          return;
        }
        const h = { ...answer.headers };
        delete h.connection;
        delete h['keep-alive'];
        res.writeHead(ex.status, h).end(Buffer.concat(chunks));
      });
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (rng.chance(0.07)) {
      faults.refusedConnections += 1;
      socket.destroy();
    }
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `https://127.0.0.1:${(server.address() as { port: number }).port}`,
    log,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        upstream.destroy();
        server.close(() => ok());
      }),
  };
}

describe('20 branches over 30 business days, to head office by USB and by upload through the faults of the field', () => {
  it(`consolidate to the sum of the branches' figures, each bundle applied once in order (seed ${SEED})`, async () => {
    console.log(`simulation seed ${SEED}: BRANCHBOX_SIM_SEED=${SEED} runs these days again`);
    const started = Date.now();
    const rng = new Rng(SEED);

    // ---- head office, served over https, and its reference: the same keys, every bundle applied once in order
    const hqCore: Core = await openCore({ dataDir: null, headOffice: true, clock: new TestClock() });
    closers.push(() => hqCore.close());
    const hq = new Caller(hqCore);
    await hq.ok('hq.initialize', { organisation: { name: 'Umoja Microfinance' }, currency: { code: 'KES', decimalPlaces: 2 }, admin: { username: 'hqadmin', password: 'Hq-admin-pass-2026' } });
    const office = hqCore.headOffice!;
    const reference: HeadOffice = { store: HeadOfficeStore.open(null), keys: office.keys, signing: office.signing, now: () => new Date(), tlsFingerprint: null };
    closers.push(() => reference.store.close());
    const host = await startBrowserHost(hqCore, { port: 0, host: '127.0.0.1', tls: hqCore.tls! });
    closers.push(() => host.close());
    const link = await faultyLink(host, hqCore.tls!, new Rng(SEED ^ 0x5bd1e995));
    closers.push(() => link.close());
    const { text: hqPairing } = await hq.ok('hq.pairing', {});

    // ---- the branches: a client, a loan or two from October (installments overdue by December), a savings account
    const sims: Sim[] = [];
    for (const [code, name] of OFFICES.slice(0, BRANCHES)) {
      const b = await lendingBranch(BIASHARA, { tills: false, office: { code, name } });
      closers.push(() => b.core.close());
      // the one sender of the branch, made before anything could start it with the default waits
      const sender = senderOf(b.core.db, null, b.clock, { retryBaseMs: 1, retryMaxMs: 4 });
      const s: Sim = {
        code,
        b,
        sender,
        stick: tempDir(`branchbox-usb-${code}-`),
        dayEndWrites: sims.length % 3 === 0,
        savingsProductId: 0,
        clients: [b.clientId],
        loans: [],
        savings: [],
        date: START,
        closed: [],
        modes: new Set(),
        bundles: new Map(),
        expected: { seq: 0, held: new Map() },
        replayed: 0,
      };
      for (let n = 1 + rng.int(2); n > 0; n--) {
        setBusinessDate(b.core, `2025-${rng.pick(['10', '11'])}-${String(1 + rng.int(20)).padStart(2, '0')}`);
        await disburse(s, rng);
      }
      setBusinessDate(b.core, START);
      s.savingsProductId = (await b.manager.ok('savingsProducts.create', AKIBA as never)).id;
      s.savings.push(await openSavings(b, s.savingsProductId));
      await b.admin.ok('exports.setHeadOffice', { pairing: hqPairing });
      if (s.dayEndWrites) await b.manager.ok('exports.setFolder', { folder: s.stick });
      expect(await hq.ok('hq.registerBranch', { pairing: await branchPairingText(b.core.db, null) })).toEqual({ officeCode: code, name });
      registerBranch(reference, await branchPairingText(b.core.db, null));
      sims.push(s);
    }
    const setupMs = Date.now() - started;
    let checkMs = 0;

    // ---- 30 business days
    for (let day = 1; day <= DAYS; day++) {
      const checkpoint = CHECKPOINTS.includes(day);
      for (const s of sims) {
        await work(s, rng);
        // day-end, or (now and then) the date moved on without it; a checkpoint's day is always closed
        if (checkpoint || day === DAYS || rng.chance(0.85)) {
          const r = await s.b.manager.ok('dayEnd.run', {});
          expect(r.closed).toEqual([s.date]);
          s.closed.push(s.date);
          expect(r.exportFiles.length > 0).toBe(s.dayEndWrites);
          for (const f of r.exportFiles) keep(s, basename(f), readFileSync(f));
        } else {
          setBusinessDate(s.b.core, addDays(s.date, 1));
        }
        s.date = addDays(s.date, 1);
        // the day's bundle onto the stick now and then; the stick (or the link) goes to head office every few days
        if (!s.dayEndWrites && rng.chance(0.4)) await toStick(s);
        if (checkpoint || rng.chance(SEND_CHANCE)) await send(s, modeFor(s, day, rng), rng);
      }
      if (checkpoint) {
        // whatever a USB trip left missing goes on the next trip, until head office holds every bundle cut
        for (const s of sims) {
          for (let trips = 0; s.expected.seq < lastCut(s); trips++) {
            expect(trips, `${s.code} still lacks sequences after ${trips} more trips`).toBeLessThan(10);
            await send(s, modeFor(s, day, rng), rng);
          }
        }
        const t = Date.now();
        await expectWhole(sims, addDays(sims[0]!.date, -1), day === DAYS);
        checkMs += Date.now() - t;
      }
    }

    // every branch went both ways; every fault happened
    for (const s of sims) expect([...s.modes].sort(), s.code).toEqual(['upload', 'usb']);
    for (const [k, n] of Object.entries(faults)) expect(n, k).toBeGreaterThan(0);
    console.log(`simulation seed ${SEED}: ${((Date.now() - started) / 1000).toFixed(1)} s (branches set up in ${(setupMs / 1000).toFixed(1)} s, checkpoints ${(checkMs / 1000).toFixed(1)} s); ${JSON.stringify(faults)}`);

    // ---- what a day does at a branch

    async function disburse(s: Sim, r: Rng): Promise<void> {
      const principal = 5_000 + 500 * r.int(70);
      const { loanId } = await s.b.officer.ok('loans.submit', { clientId: r.pick(s.clients), productId: s.b.productId, principal: String(principal) });
      await s.b.manager.ok('loans.approve', { loanId });
      await s.b.manager.ok('loans.disburse', { loanId, paymentTypeCode: 'MOBILE_MONEY' });
      s.loans.push({ id: loanId, left: Math.floor(principal * 0.8) });
    }

    /** A few random things: a client, a loan, repayments (one undone now and then), savings deposits. */
    async function work(s: Sim, r: Rng): Promise<void> {
      const { b } = s;
      for (let n = r.int(4); n > 0; n--) {
        const roll = r.int(12);
        if (roll < 2) {
          s.clients.push((await b.officer.ok('clients.create', { firstname: r.pick(FIRST), lastname: r.pick(LAST) })).id);
        } else if (roll < 4 && s.loans.length < 6) {
          await disburse(s, r);
        } else if (roll < 8 && s.loans.some((l) => l.left > 0)) {
          const loan = r.pick(s.loans.filter((l) => l.left > 0));
          const amount = Math.min(loan.left, 100 * (1 + r.int(25)));
          const paid = await b.teller.ok('loans.repay', { loanId: loan.id, transactionAmount: String(amount), paymentTypeCode: 'MOBILE_MONEY' });
          if (r.chance(0.1)) await b.manager.ok('loans.adjustTransaction', { loanId: loan.id, transactionId: paid.transactionId, transactionAmount: '0' });
          else loan.left -= amount;
        } else if (roll < 11 || s.savings.length >= 3) {
          await b.teller.ok('savings.deposit', { savingsId: r.pick(s.savings), transactionAmount: String(50 * (1 + r.int(40))), paymentTypeCode: 'MOBILE_MONEY' });
        } else {
          s.savings.push(await openSavings(b, s.savingsProductId, r.pick(s.clients)));
        }
      }
    }

    /** USB or upload at random; from day 20 a branch that has gone only one way goes the other. */
    function modeFor(s: Sim, day: number, r: Rng): Mode {
      if (day >= 20 && s.modes.size === 1) return s.modes.has('usb') ? 'upload' : 'usb';
      return r.chance(UPLOAD_SHARE) ? 'upload' : 'usb';
    }

    async function send(s: Sim, mode: Mode, r: Rng): Promise<void> {
      s.modes.add(mode);
      if (mode === 'usb') await byUsb(s, r);
      else await byUpload(s);
      await expectAsReplayed(s);
    }

    /** A bundle as the branch cut it (its hash the one the branch recorded), kept for the reference. */
    function keep(s: Sim, name: string, bytes: Buffer): void {
      const { header } = readHeader(bytes);
      const row = s.b.core.db.prepare('SELECT hash FROM export_bundles WHERE file_name = ?').get(name) as { hash: string };
      expect(bundleHash(header), name).toBe(row.hash);
      s.bundles.set(header.fromSeq, { name, toSeq: header.toSeq, bytes });
    }

    /** `branchbox export --out <stick>`: what is pending, cut and written to the stick. */
    async function toStick(s: Sim): Promise<void> {
      let next = lastCut(s) + 1;
      for (const w of await writePendingBundles(s.b.core.db, null, s.stick, () => s.b.clock.now())) {
        expect(w.fromSeq).toBe(next);
        next = w.toSeq + 1;
        keep(s, basename(w.file), readFileSync(w.file));
      }
    }

    /**
     * The browser host's way to the stick (exports.download): the branch hands over every bundle head office has not
     * acknowledged, after cutting what is pending; nothing head office holds, nothing it lacks left out.
     */
    async function downloaded(s: Sim): Promise<void> {
      faults.downloads += 1;
      const before = lastCut(s);
      const lacking = [...s.bundles.values()].filter((x) => x.toSeq > s.expected.seq).sort((a, c) => a.toSeq - c.toSeq);
      const { files } = await s.b.admin.ok('exports.download', {});
      const fresh = files.filter((f) => seqsOf(f.name).fromSeq > before);
      expect(files.map((f) => f.name)).toEqual([...lacking.map((x) => x.name), ...fresh.map((f) => f.name)]);
      for (const f of files) {
        const bytes = Buffer.from(f.base64, 'base64');
        writeFileSync(join(s.stick, f.name), bytes);
        if (fresh.includes(f)) keep(s, f.name, bytes);
      }
    }

    /**
     * By USB: the stick gets what is pending (or, by the screen's download, all head office lacks); at head office
     * the stick's files are imported shuffled, some twice, some first damaged (refused) and their good copy later (now
     * and then only on the next trip); head office's acknowledgement goes back on the stick and the branch reads it.
     */
    async function byUsb(s: Sim, r: Rng): Promise<void> {
      faults.usbTrips += 1;
      const db = s.b.core.db;
      if (r.chance(0.5)) await downloaded(s);
      else await toStick(s);
      const names = bbxIn(s.stick);
      // the stick holds what head office has not acknowledged: no more, no less
      expect(names).toEqual(unacknowledgedBundles(db, null).map((u) => u.name));

      type Delivery = { name: string; bytes: Buffer; damaged: boolean };
      const deliveries: Delivery[] = [];
      for (const name of names) {
        const good = { name, bytes: readFileSync(join(s.stick, name)), damaged: false };
        const roll = r.next();
        if (roll < 0.15) {
          deliveries.push({ ...good, bytes: damaged(good.bytes, r), damaged: true });
          if (r.chance(0.75)) deliveries.push(good);
          else faults.withheld += 1;
        } else if (roll < 0.3) {
          faults.twice += 1;
          deliveries.push(good, { ...good });
        } else {
          deliveries.push(good);
        }
      }
      r.shuffle(deliveries);
      // a damaged copy comes before its good one
      for (let i = 0; i < deliveries.length; i++) {
        if (!deliveries[i]!.damaged) continue;
        const j = deliveries.findIndex((d) => d.name === deliveries[i]!.name && !d.damaged);
        if (j >= 0 && j < i) [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
      }

      let ack: string | undefined;
      while (deliveries.length > 0) {
        const batch = deliveries.splice(0, 1 + r.int(deliveries.length));
        const result = await hq.ok('hq.importBundles', { files: batch.map((d) => ({ name: d.name, base64: d.bytes.toString('base64') })) });
        result.files.forEach((o, i) => expectOutcome(s, batch[i]!, o as ImportOutcome));
        ack = result.acknowledgements[s.code] ?? ack;
      }
      const held = hqCore.headOffice!.store.branch(s.code)!;
      expect(held.last_seq).toBe(s.expected.seq);
      const heldNow = hqCore.headOffice!.store.db.prepare("SELECT from_seq AS f FROM hq_bundles WHERE office_code = ? AND status = 'HELD' ORDER BY from_seq").all(s.code) as { f: number }[];
      expect(heldNow.map((h) => h.f)).toEqual([...s.expected.held.keys()].sort((a, c) => a - c));

      if (ack !== undefined) {
        // the trip back: the acknowledgement on the stick, read at the branch
        writeFileSync(join(s.stick, ackFileName(s.code)), ack);
        const back = await s.b.admin.ok('exports.acknowledge', { ack: readFileSync(join(s.stick, ackFileName(s.code)), 'utf8') });
        expect(back.acknowledgedSequence).toBe(s.expected.seq);
        // what head office holds leaves the stick
        for (const name of names) if (seqsOf(name).toSeq <= back.acknowledgedSequence) rmSync(join(s.stick, name));
      }
      // the branch keeps (and the stick carries on its next trip) exactly what head office lacks
      const missing = [...s.bundles.values()].filter((x) => x.toSeq > s.expected.seq).map((x) => x.name).sort();
      expect(unacknowledgedBundles(db, null).map((u) => u.name)).toEqual(missing);
      expect(bbxIn(outboxDir(db, null))).toEqual(missing);
      expect(bbxIn(s.stick)).toEqual(missing);
    }

    /** Head office's answer to one delivery, as applying each bundle once and in order says it must be. */
    function expectOutcome(s: Sim, d: { name: string; damaged: boolean }, o: ImportOutcome): void {
      const { fromSeq, toSeq } = seqsOf(d.name);
      const e = s.expected;
      if (d.damaged) {
        // refused; a copy of a bundle applied already whose damage spares its signed header is a duplicate, harmless
        if (fromSeq <= e.seq) expect(['refused', 'duplicate'], `${d.name} damaged: ${JSON.stringify(o)}`).toContain(o.status);
        else expect(o, `${d.name} damaged`).toMatchObject({ status: 'refused' });
      } else if (fromSeq <= e.seq) {
        expect(o, d.name).toMatchObject({ status: 'duplicate' });
      } else if (fromSeq === e.seq + 1) {
        e.seq = toSeq;
        const also: string[] = [];
        for (let h = e.held.get(e.seq + 1); h; h = e.held.get(e.seq + 1)) {
          e.held.delete(e.seq + 1);
          also.push(h.name);
          e.seq = h.toSeq;
        }
        expect(o, d.name).toMatchObject({ status: 'applied', fromSeq, toSeq, alsoApplied: also });
      } else {
        if (!e.held.has(fromSeq)) faults.held += 1;
        expect(o, d.name).toMatchObject({ status: 'held', reason: 'MISSING_SEQ', missing: { fromSeq: e.seq + 1, toSeq: fromSeq - 1 } });
        e.held.set(fromSeq, { name: d.name, toSeq });
      }
    }

    /**
     * By upload: the link is up today (head office's address set for the round, cleared after); the branch's sender
     * cuts what is pending and uploads every bundle head office has not acknowledged, through the faulty link.
     * Head office takes each byte of what it lacked exactly once; nothing it had acknowledged goes again, and of what
     * it held already only the question goes.
     */
    async function byUpload(s: Sim): Promise<void> {
      faults.uploads += 1;
      const db = s.b.core.db;
      const store = hqCore.headOffice!.store;
      await s.b.admin.ok('exports.setHeadOffice', { pairing: hqPairing, url: link.url });
      const before = lastCut(s);
      const pending = unacknowledgedBundles(db, null).map((u) => u.name);
      const hadWhole = new Set(pending.filter((n) => store.received(s.code, n)));
      const from = link.log.length;
      expect((await s.b.admin.ok('exports.sendNow', {})).linkState).toMatch(/^(sending|idle)$/);
      await s.sender.kick();
      expect(s.sender.state, s.code).toMatchObject({ state: 'idle', lastError: null });
      await s.b.admin.ok('exports.setHeadOffice', { pairing: hqPairing });

      const cut = db.prepare('SELECT file_name AS name, to_seq AS toSeq, bytes FROM export_bundles WHERE from_seq > ? ORDER BY from_seq').all(before) as { name: string; toSeq: number; bytes: number }[];
      const sizes = new Map((db.prepare('SELECT file_name AS name, bytes FROM export_bundles').all() as { name: string; bytes: number }[]).map((x) => [x.name, x.bytes]));
      const expected = [...pending, ...cut.map((c) => c.name)];
      const exchanges = link.log.slice(from);
      // the bundles the branch asked about or sent: only those head office had not acknowledged, and each of them
      // but those an acknowledgement covered on the way (head office held them whole already)
      const touched = new Set(exchanges.map((x) => x.file));
      expect([...touched].filter((n) => !expected.includes(n))).toEqual([]);
      expect(expected.filter((n) => !touched.has(n) && !hadWhole.has(n))).toEqual([]);
      // head office never answered a piece with a wrong offset or a refusal: each went from where its copy stopped
      expect(exchanges.filter((x) => x.status !== null && x.status !== 200)).toEqual([]);
      for (const name of expected) {
        const pieces = exchanges.filter((x) => x.file === name && x.method === 'PATCH');
        if (hadWhole.has(name)) {
          expect(pieces, `${name} was at head office already`).toEqual([]);
          continue;
        }
        // the pieces head office took cover the file once, end to end; the rest were lost on the way
        const taken = pieces.filter((x) => x.status === 200);
        let at = 0;
        for (const p of taken) {
          expect(p.offset, name).toBe(at);
          expect(p.sent).toBe(p.length);
          at += p.sent;
        }
        expect(at, name).toBe(sizes.get(name));
        for (const p of pieces) if (p.status === null) expect(p.sent).toBeLessThan(p.length);
        keep(s, name, Buffer.concat(taken.flatMap((p) => p.body)));
      }

      const status = await s.b.admin.ok('exports.status', {});
      expect(status.acknowledgedSequence).toBe(status.lastBundle!.toSeq);
      expect(store.branch(s.code)!.last_seq).toBe(status.lastBundle!.toSeq);
      s.expected = { seq: status.lastBundle!.toSeq, held: new Map() };
      expect(bbxIn(outboxDir(db, null))).toEqual([]);
      // what the stick still carried is at head office now: the clerk clears it
      for (const name of bbxIn(s.stick)) rmSync(join(s.stick, name));
    }

    /** Head office's state of the branch equals the reference's, which applied every bundle once, in order. */
    async function expectAsReplayed(s: Sim): Promise<void> {
      const store = hqCore.headOffice!.store;
      const upTo = store.branch(s.code)!.last_seq;
      while (s.replayed < upTo) {
        const next = s.bundles.get(s.replayed + 1);
        expect(next, `${s.code}: head office applied sequence ${s.replayed + 1}, which no trip carried`).toBeDefined();
        expect(await importBundle(reference, next!.name, next!.bytes)).toMatchObject({ status: 'applied', alsoApplied: [] });
        s.replayed = next!.toSeq;
      }
      expect(s.replayed).toBe(upTo);
      const actual = stateOf(store, s.code);
      const wanted = stateOf(reference.store, s.code);
      if (JSON.stringify(actual) !== JSON.stringify(wanted)) expect(actual).toEqual(wanted);
    }

    function stateOf(store: HeadOfficeStore, code: string): unknown {
      const all = (q: string) => store.db.prepare(q).all(code);
      return {
        branch: store.db.prepare('SELECT epoch, last_seq, last_hash, stopped FROM hq_branches WHERE office_code = ?').get(code),
        applied: all("SELECT epoch, from_seq, to_seq, hash FROM hq_bundles WHERE office_code = ? AND status = 'APPLIED' ORDER BY epoch, from_seq"),
        rows: all('SELECT table_name, row_key, image FROM hq_rows WHERE office_code = ? ORDER BY table_name, row_key'),
        commands: all('SELECT seq, operation, business_date, recorded_at, username, hash FROM hq_commands WHERE office_code = ? ORDER BY seq'),
        alarms: all('SELECT kind, detail FROM hq_alarms WHERE office_code = ?'),
      };
    }

    /**
     * Head office holds every branch whole: no alarm, nothing missing, the last sequence the branch's last bundle's;
     * its rows the branch's own; the trial balance and the portfolio of `date` (the day just closed) the branch's
     * own, and the institution's their sums. On the last day, the flows of every day closed too.
     */
    async function expectWhole(all: Sim[], date: string, last: boolean): Promise<void> {
      const branches = await hq.ok('hq.branches', {});
      expect(branches.map((x) => ({ officeCode: x.officeCode, lastSequence: x.lastSequence, missingFrom: x.missingFrom, alarms: x.alarms }))).toEqual(
        [...all].sort((a, c) => (a.code < c.code ? -1 : 1)).map((s) => ({ officeCode: s.code, lastSequence: lastCut(s), missingFrom: null, alarms: [] })),
      );
      const store = hqCore.headOffice!.store;
      for (const s of all) {
        for (const table of Object.keys(EXPORTABLE)) {
          const shape = tableShape(s.b.core.db, table);
          const own = s.b.core.db.prepare(`SELECT ${shape.key('t')} AS k, ${shape.image('t')} AS img FROM "${table}" t`).all() as { k: string; img: string }[];
          expect(store.rowsOf(s.code, table), `${s.code} ${table}`).toEqual(new Map(own.map((x) => [x.k, JSON.parse(x.img) as unknown])));
        }
      }
      await expectTrialBalance(all, undefined);
      await expectPortfolio(all, date, true);
      if (last) {
        await expectTrialBalance(all, addDays(START, 14));
        for (const d of new Set(all.flatMap((s) => s.closed))) if (d !== date) await expectPortfolio(all, d, false);
      }
    }

    /** Each branch's trial balance its own accounting.trialBalance; the institution's, per account, their sum. */
    async function expectTrialBalance(all: Sim[], asOf: string | undefined): Promise<void> {
      const tb = await hq.ok('hq.trialBalance', asOf === undefined ? {} : { asOf });
      const sum = new Map<string, number>();
      for (const s of all) {
        const own = await s.b.accountant.ok('accounting.trialBalance', asOf === undefined ? {} : { asOf });
        const row = tb.branches.find((x) => x.officeCode === s.code)!;
        const lines = (rows: { glCode: string; debit: string; credit: string }[]) => rows.map((x) => [x.glCode, minorOf(x.debit), minorOf(x.credit)]);
        expect(lines(row.rows), `${s.code} ${asOf}`).toEqual(lines(own.rows));
        expect([minorOf(row.totalDebit), minorOf(row.totalCredit)]).toEqual([minorOf(own.totalDebit), minorOf(own.totalCredit)]);
        for (const x of own.rows) sum.set(x.glCode, (sum.get(x.glCode) ?? 0) + minorOf(x.debit) - minorOf(x.credit));
      }
      const institution = tb.institution;
      expect(new Map(institution.rows.map((x) => [x.glCode, minorOf(x.debit) - minorOf(x.credit)]))).toEqual(new Map([...sum].filter(([, n]) => n !== 0)));
      const debits = [...sum.values()].reduce((t, n) => t + Math.max(n, 0), 0);
      expect([minorOf(institution.totalDebit), minorOf(institution.totalCredit)]).toEqual([debits, debits]);
    }

    /**
     * The portfolio of `date`: each branch's disbursed and collected those of its day-end of that date; with `stock`
     * (head office holds each branch as that day closed), its outstanding, overdue and PAR30 too. The institution's
     * amounts are the branches' summed; its ratios recomputed from the sums.
     */
    async function expectPortfolio(all: Sim[], date: string, stock: boolean): Promise<void> {
      const p = await hq.ok('hq.portfolio', { asOf: date });
      const amounts = ['principalOutstanding', 'interestOutstanding', 'feeOutstanding', 'penaltyOutstanding', 'overdue', 'par30', 'disbursed', 'collected'] as const;
      const total = Object.fromEntries(amounts.map((k) => [k, 0])) as Record<(typeof amounts)[number], number>;
      let activeLoans = 0;
      for (const x of p.branches) {
        activeLoans += x.activeLoans;
        for (const k of amounts) total[k] += minorOf(x[k]);
      }
      for (const s of all) {
        const x = p.branches.find((y) => y.officeCode === s.code)!;
        const snap = s.b.core.db.prepare("SELECT figures_json AS f FROM day_end_snapshots WHERE business_date = ? AND dimension = 'BRANCH'").get(date) as { f: string } | undefined;
        if (!snap) continue; // the date moved on without day-end here
        const own = JSON.parse(snap.f) as Record<string, number>;
        expect({ disbursed: minorOf(x.disbursed), collected: minorOf(x.collected) }, `${s.code} ${date}`).toEqual({ disbursed: own.disbursed, collected: own.collected });
        if (stock) {
          const overdue = own.principalOverdue! + own.interestOverdue! + own.feeOverdue! + own.penaltyOverdue!;
          expect(
            { activeLoans: x.activeLoans, principal: minorOf(x.principalOutstanding), interest: minorOf(x.interestOutstanding), fee: minorOf(x.feeOutstanding), penalty: minorOf(x.penaltyOutstanding), overdue: minorOf(x.overdue), par30: minorOf(x.par30) },
            `${s.code} ${date}`,
          ).toEqual({ activeLoans: own.activeLoans, principal: own.principalOutstanding, interest: own.interestOutstanding, fee: own.feeOutstanding, penalty: own.penaltyOutstanding, overdue, par30: own.par30 });
        }
      }
      const i = p.institution;
      expect(i.activeLoans).toBe(activeLoans);
      for (const k of amounts) expect(minorOf(i[k]), `institution ${k} ${date}`).toBe(total[k]);
      expect(i.par30Ratio).toBe(ratio(total.par30, total.principalOutstanding));
      expect(i.arrearsRate).toBe(ratio(total.overdue, total.principalOutstanding + total.interestOutstanding + total.feeOutstanding + total.penaltyOutstanding));
      if (stock) expect(total.overdue, `nothing overdue anywhere on ${date}: the simulation lends too little`).toBeGreaterThan(0);
    }
  }, 240_000);
});
