import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { AppError } from '../../shared/errors';
import { DATABASE_FILE, openCore, type Core } from '../core';
import { backupDatabase, copyDatabase } from '../core/backup';
import { openDatabase } from '../core/db/connection';
import { assertDatabaseFile, diskFullError, holdDataFolder, isDiskFull, privateFilesFromNowOn, restrictFolderOnWindows, type FolderHold, type FolderUser } from '../core/db/dataFolder';
import { branchPairingText, checkedAcknowledgement, recordAcknowledgement, writePendingBundles } from '../core/services/export';
import { ackFileName } from '../core/services/export/ack';
import { headOfficePairingText, type HeadOffice } from '../core/hq/import';
import { acknowledgementsFor, importFiles } from '../core/hq/operations';
import { DEMO_USERS } from '../core/services/setup';
import { recordAsCommand } from '../core/dispatch/commandLog';
import { businessDate, findLocalOffice, findOrganisation } from '../core/services/organisation';
import { runVerify } from '../core/verify';
import { restoreBooks } from '../core/restore';
import { startBrowserHost, type BrowserHost } from '../server/server';
import { intFlag, parseArgs, stringFlag, UsageError, type ParsedArgs } from './args';
import { defaultDataDir } from './dataDir';
import { scheduleCommand } from './schedule';
import { keyForCommand, unlockHint, unlockOf } from './unlock';
import { databaseKeyFor, isEncryptedFile, keyFileText } from '../core/keys/database';
import { startUnlockHost } from '../server/unlockHost';

/**
 * `branchbox <command>`: the admin jobs, all on the same core as the desktop app. Every command takes
 * --data-dir DIR (or BRANCHBOX_DATA_DIR). Returns the exit code; `serve` keeps running until stopped.
 */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  readStdin(): Promise<string>;
}

const HELP = `Branchbox command-line tool

Usage: branchbox <command> [options]

Commands:
  serve        Start the browser host on 127.0.0.1 (--port N, 0 = any free port)
  migrate      Apply pending database migrations (a backup is made first)
  verify       Check the audit chain and the accounting invariants; exit 1 on a fault. By default from the mark the
               last clean run left (what changed since); --full (and the first run) checks everything: integrity,
               foreign keys, the whole chain, every invariant and every kept figure from its source
  backup       Write a consistent backup (--out FILE, default <data-dir>/backups/)
  restore      Replace the books by a backup (--from FILE): the backup is verified first (nothing changes when it
               is damaged), the current books are kept in <data-dir>/backups/ (branchbox-before-restore-...), the
               restore is recorded with the commands it drops and starts a new epoch for head office. Refused while
               the desktop app or "branchbox serve" has the data folder open
  seed-demo    Create a training branch with demo users and clients (--clients N, default 200; its past weeks of
               business up to 5,000 clients, none with --no-history)
  pair         Write this branch's pairing file for head office (--out FILE): office code, name, public key
  export       Write the bundles head office has not had yet to a folder (--out DIR, a USB stick); runs beside a
               running host. Head office's acknowledgement found there (<office>.ack) is read first
  key-file     Write the encrypted branch's database key to a file (--out FILE) for --key-file: keep it offline,
               like the recovery passphrase (it opens the data on another PC, whose key folder holds nothing)
  hq serve     Run as head office on its own data folder (--port N, default 8443; --host ADDR, default 0.0.0.0):
               https with its self-signed certificate, made on first start with its keys
  hq key       Write head office's pairing file for the branches (--out FILE)
  hq import    Import the bundles in a folder (--from DIR, a USB stick) and write each branch's acknowledgement there
  schedule     Read loan terms as JSON on standard input, print the repayment schedule (no database)
  help         Show this text

Every command takes --data-dir DIR (or the BRANCHBOX_DATA_DIR variable). A branch whose data is encrypted opens with
its recovery passphrase, --passphrase-file FILE (or the BRANCHBOX_PASSPHRASE variable), or its key file, --key-file FILE.`;

export function dataDirOf(args: ParsedArgs): string {
  return resolve(stringFlag(args, 'data-dir') ?? defaultDataDir());
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
    switch (args.command) {
      case null:
      case 'help':
      case '--help':
        io.out(HELP);
        return 0;
      case 'serve':
        return await serve(args, io);
      case 'migrate':
        return await migrateCommand(args, io);
      case 'verify':
        return await verifyCommand(args, io);
      case 'backup':
        return await backupCommand(args, io);
      case 'restore':
        return await restoreCommand(args, io);
      case 'seed-demo':
        return await seedDemoCommand(args, io);
      case 'schedule':
        return await scheduleCommand(io);
      case 'pair':
        return await pairCommand(args, io);
      case 'export':
        return await exportCommand(args, io);
      case 'key-file':
        return await keyFileCommand(args, io);
      case 'hq':
        return await hqCommand(args, io);
      default:
        io.err(`Unknown command "${args.command}". Run "branchbox help".`);
        return 2;
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(err.message);
      return 2;
    }
    // a full disk says what it means and what to do, not SQLite's or the system's words (issue 14 point 8)
    io.err(`Error: ${isDiskFull(err) ? diskFullError().message : (err as Error).message}`);
    const hint = unlockHint(err);
    if (hint) io.err(hint);
    return 1;
  }
}

async function serve(args: ParsedArgs, io: CliIO): Promise<number> {
  const dataDir = dataDirOf(args);
  let port = intFlag(args, 'port', 0);
  let unlock = unlockOf(args);
  const { core, hold } = await holdAndOpen(dataDir, 'browser host', async () => {
    // an encrypted branch started without its passphrase: a page on the same address asks for it first
    if (Object.keys(unlock).length === 0 && isEncryptedFile(join(dataDir, DATABASE_FILE))) {
      const locked = await startUnlockHost({ port, check: (passphrase) => databaseKeyFor(dataDir, { passphrase }) });
      io.out(`Data folder: ${dataDir}`);
      io.out(`Branchbox is ready at ${locked.url} (its data is encrypted: open this address and type the recovery passphrase)`);
      unlock = { passphrase: await locked.unlocked };
      port = locked.port;
    }
    return openCore({ dataDir, unlock });
  });
  if (core.migration.backupFile) io.out(`Backup before migration: ${core.migration.backupFile}`);
  const host = await startBrowserHost(core, { port });
  io.out(`Data folder: ${dataDir}`);
  io.out(`Branchbox is ready at ${host.url}`);
  return untilStopped(host, core, hold);
}

/**
 * A host's start (issue 14 point 6): the data folder taken for the host's lifetime (a second host on it is refused,
 * naming the first), made private to the user (Windows: ACL), then the core opened; the folder is given back when
 * the core cannot open.
 */
async function holdAndOpen(dataDir: string, who: FolderUser, open: () => Promise<Core>): Promise<{ core: Core; hold: FolderHold }> {
  const hold = holdDataFolder(dataDir, who);
  try {
    restrictFolderOnWindows(dataDir);
    return { core: await open(), hold };
  } catch (err) {
    hold.release();
    throw err;
  }
}

/** Serves until Ctrl+C (or the service manager) stops it, then closes the host and the core and gives the folder back. */
function untilStopped(host: BrowserHost, core: Core, hold: FolderHold): Promise<number> {
  return new Promise<number>((done) => {
    const stop = (): void => {
      void host.close().then(() => {
        core.close();
        hold.release();
        done(0);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** Runs a command that must not run beside a host (migrate, seed-demo) holding the data folder, so none starts meanwhile. */
async function alone<T>(dataDir: string, who: FolderUser, fn: () => Promise<T>): Promise<T> {
  const hold = holdDataFolder(dataDir, who);
  try {
    return await fn();
  } finally {
    hold.release();
  }
}

async function migrateCommand(args: ParsedArgs, io: CliIO): Promise<number> {
  const dataDir = dataDirOf(args);
  const { applied, backupFile } = await alone(dataDir, 'branchbox migrate', async () => {
    const core = await openCore({ dataDir, unlock: unlockOf(args) });
    const { migration } = core;
    core.close();
    return migration;
  });
  if (backupFile) io.out(`Backup made first: ${backupFile}`);
  io.out(applied.length ? `Applied migrations ${applied.join(', ')}` : 'The database is up to date');
  return 0;
}

async function verifyCommand(args: ParsedArgs, io: CliIO): Promise<number> {
  const full = args.flags.get('full');
  if (full !== undefined && full !== true) throw new UsageError('--full takes no value');
  const dataDir = dataDirOf(args);
  const file = join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) {
    io.err(`No database at ${file}`);
    return 1;
  }
  assertDatabaseFile(file);
  // read-write: a clean run stores its mark in settings (one statement, waiting on a host's write: busy_timeout)
  const key = await keyForCommand(dataDir, args);
  const db = openDatabase(file, key ? { key } : {});
  try {
    const run = runVerify(db, { full: full === true });
    const what =
      run.mode === 'full'
        ? `everything${run.fullBecause === 'no mark' ? ' (no mark from an earlier run)' : ''}, through sequence ${run.through}`
        : `since sequence ${run.mark!.seq} (verified ${run.mark!.verifiedAt}): ${run.commands} command${run.commands === 1 ? '' : 's'}, through sequence ${run.through}`;
    io.out(`Checked ${what} in ${(run.ms / 1000).toFixed(2)} s`);
    if (!run.ok) {
      io.err(`FAULT: ${run.faults[0]}`);
      for (const f of run.faults.slice(1)) io.err(`also: ${f}`);
      if (run.mode === 'since') io.err('The mark is left where it was; "branchbox verify --full" checks everything.');
      return 1;
    }
    io.out(`OK: ${run.checks.join(', ')}`);
    if (run.markError) io.err(`The mark could not be stored (${run.markError}): the next run checks everything again.`);
    return 0;
  } finally {
    db.close();
  }
}

async function backupCommand(args: ParsedArgs, io: CliIO): Promise<number> {
  const dataDir = dataDirOf(args);
  const file = join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) {
    io.err(`No database at ${file}`);
    return 1;
  }
  assertDatabaseFile(file);
  const key = await keyForCommand(dataDir, args);
  const db = openDatabase(file, { readonly: true, ...(key ? { key } : {}) });
  try {
    const out = stringFlag(args, 'out');
    let written: string;
    if (out) {
      // an encrypted branch's copy is encrypted with the same key
      await copyDatabase(db, resolve(out));
      written = resolve(out);
    } else {
      written = await backupDatabase(db, join(dataDir, 'backups'), 'manual', new Date());
    }
    io.out(`Backup written: ${written}`);
    return 0;
  } finally {
    db.close();
  }
}

/** `branchbox restore --from FILE`, holding the data folder so that no host starts meanwhile (electron/core/restore.ts). */
async function restoreCommand(args: ParsedArgs, io: CliIO): Promise<number> {
  const from = requiredFlag(args, 'from', 'FILE (the backup to restore)');
  const dataDir = dataDirOf(args);
  // refused while a host holds the folder; held meanwhile, so that none starts on the books being replaced
  const hold = holdDataFolder(dataDir, 'branchbox restore');
  let core: Core | null = null;
  try {
    // an encrypted branch's backups open with its key (keys/database.ts); on a PC whose books are plain or not made
    // yet (a PC replaced), the key is the backup's: its key file, or its passphrase with the recovery file beside it
    const live = join(dataDir, DATABASE_FILE);
    const key = await keyForCommand(dataDir, args, isEncryptedFile(live) ? live : resolve(from));
    const r = await restoreBooks(
      { dataDir, liveFile: join(dataDir, DATABASE_FILE), ...(key ? { key } : {}), backupFile: from, backupName: from, by: { userId: null, username: null, via: 'command line', computerUser: userInfo().username }, now: () => new Date() },
      {
        db: null,
        close: () => undefined,
        reopen: async () => (core = await openCore({ dataDir, unlock: unlockOf(args) })).db,
        resume: async () => undefined,
      },
    );
    io.out(`Restored from ${from}: the books are on ${r.businessDate}, through sequence ${r.lastSeq} (the restore's record), epoch ${r.epoch}`);
    io.out(r.keptAside ? `The books as they were are kept in ${r.keptAside}` : 'There were no books to keep aside');
    for (const f of r.keptAsideFaults) io.err(`The books kept aside have a fault: ${f}`);
    io.out(r.dropped ? `Dropped: ${r.dropped.commands} commands (sequences ${r.dropped.fromSeq}-${r.dropped.toSeq}, business dates ${r.dropped.firstDate} to ${r.dropped.lastDate})` : 'No commands were dropped');
    if (r.anchorProblem) {
      io.err(`The restore could not be anchored: ${r.anchorProblem}`);
      return 1;
    }
    return 0;
  } finally {
    (core as Core | null)?.close();
    hold.release();
  }
}

async function seedDemoCommand(args: ParsedArgs, io: CliIO): Promise<number> {
  const clients = intFlag(args, 'clients', intFlag(args, 'size', 200));
  const dataDir = dataDirOf(args);
  return alone(dataDir, 'branchbox seed-demo', () => seedDemo(dataDir, clients, io, args));
}

async function seedDemo(dataDir: string, clients: number, io: CliIO, args: ParsedArgs): Promise<number> {
  const core = await openCore({ dataDir, unlock: unlockOf(args) });
  try {
    const started = Date.now();
    // the first screen's "Open a training demo", through the same operations: the branch (one command), then its
    // history (a job) when it has one
    const opened = await core.dispatch('setup.openTrainingDemo', { clients, history: args.flags.get('no-history') !== true });
    if (!opened.envelope.ok) {
      io.err(`The training demo could not be made: ${opened.envelope.error.message}`);
      return 1;
    }
    io.out(`Training branch created with ${clients} clients in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    if ((opened.envelope.data as { history: boolean }).history) {
      const ticker = setInterval(() => {
        void core.dispatch('setup.demoStatus', {}).then((r) => {
          const s = r.envelope.ok ? (r.envelope.data as { date: string | null; done: number; total: number }) : null;
          if (s?.date) io.out(`  history: ${s.date} (${s.done} of ${s.total} business days)`);
        });
      }, 2000);
      const built = await core.dispatch('setup.demoHistory', {}).finally(() => clearInterval(ticker));
      if (!built.envelope.ok) {
        io.err(`The demo's history could not be built: ${built.envelope.error.message}`);
        return 1;
      }
      const h = built.envelope.data as { days: number; loans: number; savingsAccounts: number; businessDate: string; seconds: number };
      io.out(`History: ${h.loans} loans and ${h.savingsAccounts} savings accounts over ${h.days} business days, in ${h.seconds} s; business date ${h.businessDate}.`);
    }
    io.out('Demo users (username / password / role):');
    for (const u of DEMO_USERS) io.out(`  ${u.username.padEnd(11)} ${u.password.padEnd(22)} ${u.roles.join(', ')}`);
    return 0;
  } finally {
    core.close();
  }
}

/** Opens the branch's core in its data folder, refusing when there is no database there yet. */
async function existingCore(args: ParsedArgs, io: CliIO): Promise<Core | null> {
  const dataDir = dataDirOf(args);
  if (!existsSync(join(dataDir, DATABASE_FILE))) {
    io.err(`No database at ${join(dataDir, DATABASE_FILE)}`);
    return null;
  }
  return openCore({ dataDir, unlock: unlockOf(args) });
}

function requiredFlag(args: ParsedArgs, name: string, what: string): string {
  const v = stringFlag(args, name);
  if (!v) throw new UsageError(`--${name} ${what} is needed`);
  return resolve(v);
}

async function pairCommand(args: ParsedArgs, io: CliIO): Promise<number> {
  const out = requiredFlag(args, 'out', 'FILE (where to write the pairing file)');
  const core = await existingCore(args, io);
  if (!core) return 1;
  try {
    writeFileSync(out, await branchPairingText(core.db, core.dataDir));
    io.out(`Pairing file written: ${out}`);
    return 0;
  } finally {
    core.close();
  }
}

async function exportCommand(args: ParsedArgs, io: CliIO): Promise<number> {
  const out = requiredFlag(args, 'out', 'DIR (the folder to write the bundles to)');
  const core = await existingCore(args, io);
  if (!core) return 1;
  try {
    // head office's answer from the last trip, if it is on the stick: what it holds is not sent again
    const ackFile = join(out, ackFileName(findLocalOffice(core.db)?.code ?? ''));
    if (existsSync(ackFile)) {
      const ack = await checkedAcknowledgement(core.db, readFileSync(ackFile, 'utf8'));
      const r = recordAcknowledgement(core.db, core.dataDir, ack, new Date().toISOString());
      io.out(`Head office holds sequences up to ${r.acknowledgedSequence} (acknowledged ${ack.at})`);
    }
    const written = await writePendingBundles(core.db, core.dataDir, out, () => new Date());
    if (written.length === 0) io.out('Nothing to export: head office has been sent every command.');
    for (const w of written) io.out(`${w.file}  sequences ${w.fromSeq}-${w.toSeq}${w.snapshot ? ' (full snapshot)' : ''}  ${w.bytes.toLocaleString('en')} bytes`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      io.err(err.message);
      return 1;
    }
    throw err;
  } finally {
    core.close();
  }
}

/** `branchbox key-file --out FILE`: the database key of an encrypted branch, opened with its passphrase or key file. */
async function keyFileCommand(args: ParsedArgs, io: CliIO): Promise<number> {
  const out = requiredFlag(args, 'out', 'FILE (where to write the key file)');
  const dataDir = dataDirOf(args);
  const key = await keyForCommand(dataDir, args);
  if (!key) {
    io.err(`The database in ${dataDir} is not encrypted: it has no key`);
    return 1;
  }
  writeFileSync(out, keyFileText(key), { mode: 0o600, flag: 'wx' });
  io.out(`Key file written: ${out} (anyone holding it can read this branch's data: keep it offline)`);
  return 0;
}

/** `branchbox hq serve|key|import`: the head office's commands, on its own data folder. */
async function hqCommand(args: ParsedArgs, io: CliIO): Promise<number> {
  const sub = args.rest[0];
  if (sub === 'serve') return serveHeadOffice(args, io);
  if (sub === 'key' || sub === 'import') {
    const core = await openCore({ dataDir: dataDirOf(args), headOffice: true });
    try {
      return sub === 'key' ? await hqKey(core, args, io) : await hqImport(core, args, io);
    } finally {
      core.close();
    }
  }
  io.err(sub ? `Unknown head office command "${sub}". Run "branchbox help".` : 'Which head office command? serve, key or import. Run "branchbox help".');
  return 2;
}

async function serveHeadOffice(args: ParsedArgs, io: CliIO): Promise<number> {
  const dataDir = dataDirOf(args);
  const { core, hold } = await holdAndOpen(dataDir, 'head office host', () => openCore({ dataDir, headOffice: true }));
  const host = await startBrowserHost(core, { port: intFlag(args, 'port', 8443), host: stringFlag(args, 'host') ?? '0.0.0.0', tls: core.tls! });
  io.out(`Data folder: ${dataDir}`);
  io.out(`Branchbox head office is ready at ${host.url}`);
  io.out(`Its certificate's fingerprint (SHA-256): ${core.tls!.fingerprint}`);
  return untilStopped(host, core, hold);
}

async function hqKey(core: Core, args: ParsedArgs, io: CliIO): Promise<number> {
  const out = requiredFlag(args, 'out', 'FILE (where to write head office\'s pairing file)');
  const org = findOrganisation(core.db);
  if (!org) {
    io.err('Head office is not set up yet: start it with "branchbox hq serve" and set it up on its first screen');
    return 1;
  }
  writeFileSync(out, headOfficePairingText(hqOf(core), org.name));
  io.out(`Head office's pairing file written: ${out}`);
  return 0;
}

async function hqImport(core: Core, args: ParsedArgs, io: CliIO): Promise<number> {
  const from = requiredFlag(args, 'from', 'DIR (the folder holding the bundles)');
  const names = readdirSync(from).filter((f) => f.endsWith('.bbx')).sort();
  if (names.length === 0) {
    io.out(`No bundles (.bbx files) in ${from}`);
    return 0;
  }
  const hq = hqOf(core);
  const outcomes = await importFiles(hq, names.map((name) => ({ name, bytes: readFileSync(join(from, name)) })));
  recordAsCommand(
    core.db,
    () => undefined,
    () => ({ officeCode: 'HQ', operation: 'hq.importBundles', userId: null, username: null, businessDate: businessDate(core.db), recordedAt: new Date().toISOString(), input: { from, files: outcomes.map((o) => ({ file: o.file, status: o.status })) }, entityIds: [] }),
  );
  for (const o of outcomes) {
    const what = o.status === 'refused' ? `refused: ${o.reason}` : o.status === 'held' ? `held (${o.reason}${o.missing ? `: waiting for sequences ${o.missing.fromSeq}-${o.missing.toSeq}` : ''})` : o.status;
    io.out(`${o.file}  ${what}`);
  }
  // the trip back: each branch's acknowledgement on the stick, read by its next "branchbox export"
  for (const [office, text] of await acknowledgementsFor(hq, outcomes)) {
    writeFileSync(join(from, ackFileName(office)), text);
    io.out(`${ackFileName(office)} written: head office holds ${office} up to sequence ${hq.store.branch(office)!.last_seq}`);
  }
  return outcomes.some((o) => o.status === 'refused') ? 1 : 0;
}

function hqOf(core: Core): HeadOffice {
  if (!core.headOffice) throw new Error('This data folder is not a head office');
  return core.headOffice;
}

/** Entry point of the `branchbox` command (electron/cli/branchbox.cjs). */
export function cliMain(): void {
  // what the CLI writes (backups, the database and its files, keys) is its user's only (issue 14 point 4)
  privateFilesFromNowOn();
  const io: CliIO = {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    readStdin: () =>
      new Promise((ok, fail) => {
        const chunks: Buffer[] = [];
        process.stdin.on('data', (c: Buffer) => chunks.push(c));
        process.stdin.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
        process.stdin.on('error', fail);
      }),
  };
  void runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
    const serving = process.argv[2] === 'serve' || (process.argv[2] === 'hq' && process.argv[3] === 'serve');
    if (!serving) process.exit(code);
  });
}

if (require.main === module) cliMain();
