/**
 * The export figures of issue 13, in `npm run bench`: cutting, signing and encrypting a day's bundle of 10,000
 * commands (goal under 1 second), and head office applying branches' bundles, in row images a second against the
 * raw batch insert rate of the same run (goal at least a third of it).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { headOfficePairingText, importBundle, openHeadOffice, registerBranch } from '../../electron/core/hq/import';
import { HeadOfficeStore } from '../../electron/core/hq/store';
import { branchPairingText, cutPendingBundles, writePendingBundles } from '../../electron/core/services/export';
import { openCore } from '../../electron/core';
import { call, ms, type Figure, type Token } from './support';

const tempDir = (p: string) => mkdtempSync(join(tmpdir(), p));

/** A branch on disk paired with head office, after `commands` client registrations (each one command). */
async function branch(code: string, hqPairing: string, commands: number) {
  const dir = tempDir('branchbox-bench-export-');
  const core = await openCore({ dataDir: dir });
  const token: Token = { t: null };
  await call(core, token, 'setup.initialize', {
    organisation: { name: 'Bench MFI' },
    currency: { code: 'KES', decimalPlaces: 2, inMultiplesOf: 0 },
    office: { code, name: `Branch ${code}`, headOffice: false },
    admin: { username: 'admin', password: 'Adm1n-pass-2026' },
  });
  await call(core, token, 'exports.setHeadOffice', { pairing: hqPairing });
  const work = async (n: number) => {
    for (let i = 0; i < n; i++) await call(core, token, 'clients.create', { firstname: `Client${i}`, lastname: code, mobileNo: `+2547${String(i).padStart(8, '0')}` });
  };
  await work(commands);
  return { dir, core, work };
}

export async function benchExports(rawBatch: number): Promise<Figure[]> {
  const hqDir = tempDir('branchbox-bench-hq-');
  const hq = await openHeadOffice(HeadOfficeStore.open(hqDir), hqDir);
  const pairing = headOfficePairingText(hq, 'Bench HQ');
  const figures: Figure[] = [];

  // a day of 10,000 commands after the first snapshot
  const b = await branch('DAY', pairing, 0);
  await cutPendingBundles(b.core.db, b.dir, () => new Date());
  await b.work(10_000);
  const s = process.hrtime.bigint();
  const [day] = await cutPendingBundles(b.core.db, b.dir, () => new Date());
  figures.push({ name: `cut, sign and encrypt a bundle of ${(day!.toSeq - day!.fromSeq + 1).toLocaleString('en')} commands (${(day!.bytes / 1e6).toFixed(1)} MB)`, value: ms(s), unit: 'ms', goal: '< 1000 ms' });
  b.core.close();

  // head office applying branches' bundles: a snapshot, then a bundle a day. By default 10 branches of 3 busy days
  // (1,000 commands a day); a month of many small branches with BENCH_HQ_BRANCHES=100 BENCH_HQ_DAYS=22
  // BENCH_HQ_PER_DAY=100
  const branches = Number(process.env.BENCH_HQ_BRANCHES ?? 10);
  const days = Number(process.env.BENCH_HQ_DAYS ?? 3);
  const perDay = Number(process.env.BENCH_HQ_PER_DAY ?? 1_000);
  const folders: string[] = [];
  for (let i = 0; i < branches; i++) {
    const code = `B${String(i).padStart(2, '0')}`;
    const br = await branch(code, pairing, 50);
    registerBranch(hq, await branchPairingText(br.core.db, br.dir));
    const out = tempDir('branchbox-bench-usb-');
    await writePendingBundles(br.core.db, br.dir, out, () => new Date());
    for (let k = 0; k < days; k++) {
      await br.work(perDay);
      await writePendingBundles(br.core.db, br.dir, out, () => new Date());
    }
    folders.push(out);
    br.core.close();
    rmSync(br.dir, { recursive: true, force: true });
  }
  const before = (hq.store.db.prepare('SELECT count(*) AS n FROM hq_rows').get() as { n: number }).n;
  let lines = 0;
  let bundles = 0;
  const t = process.hrtime.bigint();
  for (const out of folders) {
    for (const f of readdirSync(out).sort()) {
      const r = await importBundle(hq, f, readFileSync(join(out, f)));
      if (r.status !== 'applied') throw new Error(`${f}: ${r.status}`);
      lines += r.lines;
      bundles += 1;
    }
  }
  const applyMs = ms(t);
  const rows = (hq.store.db.prepare('SELECT count(*) AS n FROM hq_rows').get() as { n: number }).n - before;
  const rate = Math.round(lines / (applyMs / 1000));
  // the same rows inserted raw (one transaction, no checks, no decryption): what SQLite itself needs for them, the
  // baseline of head office's rate (the raw batch insert above is of small rows, not of row images)
  const same = hq.store.db.prepare('SELECT office_code, table_name, row_key, image FROM hq_rows').raw().all() as unknown[][];
  hq.store.db.exec('CREATE TABLE raw_rows (office_code TEXT, table_name TEXT, row_key TEXT, image TEXT, PRIMARY KEY (office_code, table_name, row_key)) WITHOUT ROWID');
  const insert = hq.store.db.prepare('INSERT INTO raw_rows VALUES (?, ?, ?, ?)');
  const r0 = process.hrtime.bigint();
  hq.store.db.transaction(() => {
    for (const row of same) insert.run(...row);
  })();
  const rawSame = Math.round(same.length / (ms(r0) / 1000));
  figures.push({
    name: `head office applies ${bundles} bundles of ${branches} branches, ${days} days of ${perDay} commands each (${lines.toLocaleString('en')} lines, ${rows.toLocaleString('en')} rows kept; each bundle checked, decrypted and committed on its own)`,
    value: rate,
    unit: 'rows/s',
    goal: `>= ${Math.round(rawSame / 3).toLocaleString('en')} (a third of the raw insert of the same rows, below): ${(rate / rawSame).toFixed(2)} x; ${(rate / rawBatch).toFixed(2)} x the raw batch of small rows`,
  });
  figures.push({ name: `raw insert of the same ${same.length.toLocaleString('en')} rows in one transaction (baseline)`, value: rawSame, unit: 'rows/s' });
  hq.store.close();
  rmSync(hqDir, { recursive: true, force: true });
  for (const f of folders) rmSync(f, { recursive: true, force: true });
  return figures;
}
