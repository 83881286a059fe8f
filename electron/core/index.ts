import { join } from 'node:path';
import { openDatabase, type Db } from './db/connection';
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
import { registerAccounting } from './services/accounting';
import { registerReceipts } from './services/receipts';
import { registerSavings } from './services/savings';
import { registerTills } from './services/tills';
import { headOfficeLink, registerExports } from './services/export';
import { senderOf } from './services/export/sender';
import { registerDayEnd } from './services/dayEnd';
import { registerCalendar } from './services/calendar';
import type { Faults } from './services/deps';
import type { ServiceDeps } from './services/deps';
import { businessDate, findLocalOffice, idleLockMinutes } from './services/organisation';
import { registerSession } from './services/session';
import { registerSettings } from './services/settings';
import { registerSetup } from './services/setup';
import { registerUsers } from './services/users';
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
}

/** Registers every area's handlers; the core refuses to start when an operation of the contract has none. */
export function buildRegistry(deps: ServiceDeps): Registry {
  const registry = new Registry();
  registerHeadOffice(registry, deps);
  registerSetup(registry, deps);
  registerSession(registry, deps);
  registerUsers(registry, deps);
  registerSettings(registry);
  registerClients(registry);
  registerLoanCalculator(registry);
  registerLoanAccounts(registry);
  registerLoanProducts(registry);
  registerAccounting(registry);
  registerReceipts(registry);
  registerSavings(registry);
  registerTills(registry);
  registerDayEnd(registry, deps);
  registerCalendar(registry);
  registerExports(registry, deps);
  const missing = registry.missing();
  if (missing.length > 0) throw new Error(`operations without a handler: ${missing.join(', ')}`);
  return registry;
}

export async function openCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  let db: Db;
  if (options.dataDir) {
    prepareDataFolder(options.dataDir);
    const file = join(options.dataDir, DATABASE_FILE);
    // an empty or cut-short file is a failed copy or restore, not a new branch (issue 14 point 1)
    assertDatabaseFile(file);
    // a file that cannot be written is refused now, naming it, not at every sign-in (issue 14 point 8)
    db = openWritable(file, () => openDatabase(file));
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
  const registry = buildRegistry({
    clock,
    sessions,
    dataDir: options.dataDir,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(headOffice ? { headOffice } : {}),
  });
  const dispatcher = new Dispatcher({
    db,
    registry,
    sessions,
    clock,
    businessDate: () => businessDate(db),
    localOfficeCode: () => findLocalOffice(db)?.code ?? 'LOCAL',
    refuse: refusalFor(options.headOffice === true),
    ...(options.log ? { log: options.log } : {}),
  });
  // a branch with a head office address sends by itself now and then, in the background (services/export/sender.ts)
  const sending = options.headOffice
    ? null
    : setInterval(() => {
        if (headOfficeLink(db)) void senderOf(db, options.dataDir, clock).kick();
      }, SEND_EVERY_MS);
  sending?.unref();
  return {
    db,
    dataDir: options.dataDir,
    sessions,
    migration,
    ...(tls ? { tls } : {}),
    ...(headOffice ? { headOffice } : {}),
    dispatch: (name, input, caller) => dispatcher.dispatch(name, input, caller),
    close: () => {
      if (sending) clearInterval(sending);
      senderOf(db, options.dataDir, clock).stop();
      headOffice?.store.close();
      db.close();
    },
  };
}
