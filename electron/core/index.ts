import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Db } from './db/connection';
import { migrate, type MigrateResult } from './db/migrate';
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
import { registerExports } from './services/export';
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

/**
 * The core: one database connection, the registry of every operation's handler and the dispatcher.
 * Hosts (Electron main, browser host, CLI, tests) create one and hand it calls; nothing here knows about them.
 */
export interface Core {
  readonly db: Db;
  readonly dataDir: string | null;
  readonly sessions: SessionStore;
  readonly migration: MigrateResult;
  dispatch(name: string, input: unknown, caller?: CallerContext): Promise<DispatchResult>;
  close(): void;
}

export const DATABASE_FILE = 'branchbox.sqlite';

export interface CoreOptions {
  /** Folder holding branchbox.sqlite and backups/; null keeps everything in memory (tests). */
  dataDir: string | null;
  clock?: Clock;
  log?: (message: string, err: unknown) => void;
  /** Test-only: simulate crashes at named points of long work. */
  faults?: Faults;
}

/** Registers every area's handlers; the core refuses to start when an operation of the contract has none. */
export function buildRegistry(deps: ServiceDeps): Registry {
  const registry = new Registry();
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
  registerExports(registry);
  const missing = registry.missing();
  if (missing.length > 0) throw new Error(`operations without a handler: ${missing.join(', ')}`);
  return registry;
}

export async function openCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  let db: Db;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    db = openDatabase(join(options.dataDir, DATABASE_FILE));
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
  } catch (err) {
    db.close();
    throw err;
  }
  const sessions = new SessionStore(clock, () => idleLockMinutes(db));
  const registry = buildRegistry({ clock, sessions, dataDir: options.dataDir, ...(options.faults ? { faults: options.faults } : {}) });
  const dispatcher = new Dispatcher({
    db,
    registry,
    sessions,
    clock,
    businessDate: () => businessDate(db),
    localOfficeCode: () => findLocalOffice(db)?.code ?? 'LOCAL',
    ...(options.log ? { log: options.log } : {}),
  });
  return {
    db,
    dataDir: options.dataDir,
    sessions,
    migration,
    dispatch: (name, input, caller) => dispatcher.dispatch(name, input, caller),
    close: () => db.close(),
  };
}
