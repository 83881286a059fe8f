import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { keyOf, openDatabase, type Db } from './db/connection';
import { databaseKeyFor, isEncryptedFile, type Unlock } from './keys/database';
import { migrate, type MigrateResult } from './db/migrate';
import { assertDatabaseFile, openWritable, prepareDataFolder } from './db/dataFolder';
import { installCapture } from './db/capture';
import { systemClock, type Clock } from './dispatch/context';
import { Dispatcher, type CallerContext, type DispatchResult } from './dispatch/dispatcher';
import { Registry } from './dispatch/registry';
import { SessionStore } from './dispatch/sessions';
import { registerClients } from './services/clients';
import { registerLoanCalculator } from './services/loanCalculator';
import { registerLoanAccounts } from './services/loans';
import { registerLoanProducts } from './services/loanProducts';
import { registerCharges } from './services/charges/catalogue';
import { registerOverduePenalties } from './services/penalties';
import { registerAccounting } from './services/accounting';
import { registerReceipts } from './services/receipts';
import { registerSavings } from './services/savings';
import { registerTills } from './services/tills';
import { headOfficeLink, registerExports } from './services/export';
import { senderOf } from './services/export/sender';
import { registerDayEnd } from './services/dayEnd';
import { registerCalendar } from './services/calendar';
import { registerGroups } from './services/groups';
import { registerCollectionSheet } from './services/collectionSheet';
import { registerReports } from './services/reports';
import { registerDashboard } from './services/dashboard';
import type { Faults } from './services/deps';
import type { ServiceDeps } from './services/deps';
import { businessDate, findLocalOffice, idleLockMinutes } from './services/organisation';
import { registerSession } from './services/session';
import { registerSettings } from './services/settings';
import { registerSetup } from './services/setup';
import { registerTraining } from './services/training';
import { registerUsers } from './services/users';
import { registerBackups, type RestoreHost } from './services/backups';
import { recoverInterruptedRestore } from './restore';
import { backupDatabase } from './backup';
import { openHeadOffice, type HeadOffice } from './hq/import';
import { assertInstallation, refusalFor, registerHeadOffice } from './hq/operations';
import { HeadOfficeStore, HQ_DATABASE_FILE } from './hq/store';
import { headOfficeTls, type TlsIdentity } from './hq/tls';

/**
 * The core: one database connection, the registry of every operation's handler and the dispatcher.
 * Hosts (Electron main, browser host, CLI, tests) create one and hand it calls; nothing here knows about them.
 */
export interface Core {
  readonly db: Db;
  readonly dataDir: string | null;
  readonly sessions: SessionStore;
  readonly migration: MigrateResult;
  /** A head office's certificate, which `branchbox hq serve` serves with; undefined for a branch. */
  readonly tls?: TlsIdentity;
  /** A head office's store and keys; undefined for a branch. */
  readonly headOffice?: HeadOffice;
  dispatch(name: string, input: unknown, caller?: CallerContext): Promise<DispatchResult>;
  close(): void;
}

export const DATABASE_FILE = 'branchbox.sqlite';
/** How often a branch with a head office address sends what is pending. */
const SEND_EVERY_MS = 5 * 60_000;

export interface CoreOptions {
  /** Folder holding branchbox.sqlite and backups/; null keeps everything in memory (tests). */
  dataDir: string | null;
  clock?: Clock;
  log?: (message: string, err: unknown) => void;
  /** Test-only: simulate crashes at named points of long work. */
  faults?: Faults;
  /**
   * Run as a head office (`branchbox hq serve`): its consolidated store (headoffice.sqlite), keys and TLS
   * certificate are in the same data folder, made on first start.
   */
  headOffice?: boolean;
  /**
   * How to open the database when it is encrypted at rest (keys/database.ts): its recovery passphrase, a key file,
   * or the operating system's wrapping (desktop app). A plain database needs none.
   */
  unlock?: Unlock;
}

/** Registers every area's handlers; the core refuses to start when an operation of the contract has none. */
export function buildRegistry(deps: ServiceDeps, restoreHost: RestoreHost | null = null): Registry {
  const registry = new Registry();
  registerHeadOffice(registry, deps);
  registerSetup(registry, deps);
  registerTraining(registry, deps);
  registerSession(registry, deps);
  registerUsers(registry, deps);
  registerSettings(registry, deps);
  registerClients(registry);
  registerLoanCalculator(registry);
  registerLoanAccounts(registry);
  registerOverduePenalties(registry);
  registerLoanProducts(registry);
  registerCharges(registry);
  registerAccounting(registry);
  registerReceipts(registry);
  registerSavings(registry);
  registerTills(registry);
  registerDayEnd(registry, deps);
  registerCalendar(registry);
  registerGroups(registry);
  registerCollectionSheet(registry);
  registerReports(registry);
  registerDashboard(registry);
  registerExports(registry, deps);
  registerBackups(registry, deps, restoreHost);
  const missing = registry.missing();
  if (missing.length > 0) throw new Error(`operations without a handler: ${missing.join(', ')}`);
  return registry;
}

export async function openCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  // the books: opened, migrated, captured; again after a restore replaced the file (backups.restore)
  let lastBooks: Db | undefined;
  const openBooks = async (): Promise<{ db: Db; migration: MigrateResult }> => {
    let db: Db;
    if (options.dataDir) {
      prepareDataFolder(options.dataDir);
      const file = join(options.dataDir, DATABASE_FILE);
      // an empty or cut-short file is a failed copy or restore, not a new branch (issue 14 point 1)
      assertDatabaseFile(file);
      // encrypted books open with the key they were open with last in this process (a restore reopens them), else
      // the one the unlock gives (keys/database.ts); plain books with none
      const key = isEncryptedFile(file) ? ((lastBooks && keyOf(lastBooks)) ?? (await databaseKeyFor(options.dataDir, options.unlock))!) : undefined;
      // a file that cannot be written is refused now, naming it, not at every sign-in (issue 14 point 8)
      db = openWritable(file, () => openDatabase(file, key ? { key } : {}));
      lastBooks = db;
    } else {
      db = openDatabase(':memory:');
    }
    let migration: MigrateResult;
    try {
      migration = await migrate(db, {
        backup: async () => {
          const dir = join(options.dataDir!, 'backups');
          return backupDatabase(db, dir, 'before-migration', clock.now());
        },
      });
      installCapture(db);
      assertInstallation(db, options.headOffice === true);
    } catch (err) {
      db.close();
      throw err;
    }
    return { db, migration };
  };
  // books left aside by a restore cut short between its renames are put back first (restore.ts)
  if (options.dataDir) recoverInterruptedRestore(join(options.dataDir, DATABASE_FILE));
  let { db, migration } = await openBooks();
  let headOffice: HeadOffice | undefined;
  let tls: TlsIdentity | undefined;
  if (options.headOffice) {
    if (options.dataDir) assertDatabaseFile(join(options.dataDir, HQ_DATABASE_FILE));
    tls = headOfficeTls(options.dataDir);
    headOffice = await openHeadOffice(HeadOfficeStore.open(options.dataDir), options.dataDir, () => clock.now(), tls.fingerprint);
  }
  // what the start made (the database, its -wal and -shm, head office's store and certificate) is its owner's only
  if (options.dataDir) prepareDataFolder(options.dataDir);
  const sessions = new SessionStore(clock, () => idleLockMinutes(db));
  // a restore inside this host: the live books closed and opened again behind this same core; calls that come
  // meanwhile are refused, and the restore waits for those under way (electron/core/restore.ts)
  const gate = new BooksGate();
  const restoreHost: RestoreHost | null = options.dataDir
    ? {
        dataDir: options.dataDir,
        liveFile: join(options.dataDir, DATABASE_FILE),
        live: {
          get db() {
            return gate.closed ? null : db;
          },
          close: () => {
            senderOf(db, options.dataDir, clock).stop();
            gate.closed = true;
            db.close();
          },
          reopen: async () => {
            ({ db, migration } = await openBooks());
            dispatcher = makeDispatcher();
            gate.closed = false;
            return db;
          },
          resume: async () => {
            if (!gate.closed) return;
            ({ db, migration } = await openBooks());
            dispatcher = makeDispatcher();
            gate.closed = false;
          },
        },
        hold: () => gate.hold(),
        // encrypted books: their backups open with the same key
        key: (books) => keyOf(books),
      }
    : null;
  const registry = buildRegistry(
    {
      clock,
      sessions,
      dataDir: options.dataDir,
      // the training demo's history job calls operations through the dispatcher (made below, called later)
      dispatch: (name, input, caller) => dispatcher.dispatch(name, input, caller),
      ...(options.unlock?.system ? { keyWrapper: options.unlock.system } : {}),
      ...(options.faults ? { faults: options.faults } : {}),
      ...(headOffice ? { headOffice } : {}),
    },
    restoreHost,
  );
  const makeDispatcher = (): Dispatcher =>
    new Dispatcher({
      db,
      registry,
      sessions,
      clock,
      businessDate: () => businessDate(db),
      localOfficeCode: () => findLocalOffice(db)?.code ?? 'LOCAL',
      refuse: refusalFor(options.headOffice === true),
      ...(options.log ? { log: options.log } : {}),
    });
  let dispatcher = makeDispatcher();
  // a branch with a head office address sends by itself now and then, in the background (services/export/sender.ts)
  const sending = options.headOffice
    ? null
    : setInterval(() => {
        if (headOfficeLink(db)) void senderOf(db, options.dataDir, clock).kick();
      }, SEND_EVERY_MS);
  sending?.unref();
  return {
    get db() {
      return db;
    },
    dataDir: options.dataDir,
    sessions,
    get migration() {
      return migration;
    },
    ...(tls ? { tls } : {}),
    ...(headOffice ? { headOffice } : {}),
    dispatch: (name, input, caller) => gate.run(() => dispatcher.dispatch(name, input, caller)),
    close: () => {
      if (sending) clearInterval(sending);
      senderOf(db, options.dataDir, clock).stop();
      headOffice?.store.close();
      db.close();
    },
  };
}

/**
 * Keeps calls away from the books while a restore replaces them: `hold` refuses new calls and waits (up to a
 * minute) for those under way to end; `run` answers "restore under way" while held.
 */
class BooksGate {
  closed = false;
  private held = false;
  private running = 0;

  async run(call: () => Promise<DispatchResult>): Promise<DispatchResult> {
    if (this.held || this.closed) {
      return { envelope: { ok: false, error: { code: 'INVALID_STATE', message: 'The books are being restored from a backup: try again in a moment', details: { reason: 'RESTORING' } } } };
    }
    this.running += 1;
    try {
      return await call();
    } finally {
      this.running -= 1;
    }
  }

  /** Called from inside a call (the restore's own): waits until it is the only one. */
  async hold(): Promise<() => void> {
    if (this.held) throw new AppError('INVALID_STATE', 'A restore is under way already', undefined, { reason: 'RESTORING' });
    this.held = true;
    const until = Date.now() + 60_000;
    while (this.running > 1) {
      if (Date.now() > until) {
        this.held = false;
        throw new AppError('INVALID_STATE', 'Branchbox is busy with other work (a day-end, an export): try the restore again when it is done', undefined, { reason: 'BUSY' });
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return () => {
      this.held = false;
    };
  }
}
