import { branchSigningKey } from './export/keys';
import { AppError } from '../../../shared/errors';
import { formatMoney, type Currency } from '../../../shared/money';
import type { RoleCode } from '../../../shared/permissions';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import type { HandlerContext } from '../dispatch/context';
import type { Registry } from '../dispatch/registry';
import type { ServiceDeps } from './deps';
import { seedDemo, seedTrainingCash } from './demo';
import { clearOrganisationCache, findLocalOffice, findOrganisation, getOrganisation, setSetting } from './organisation';
import { sessionInfo } from './session';
import { turnOnEncryption } from './encryption';
import { insertUser } from './users';
import { ensureAccrualAccounts } from './charges/chart';
import { postOpeningBalances } from './accounting/openingBalances';
import { HISTORY_DAYS, HISTORY_MAX_CLIENTS, setHistoryState } from './training';
import { addDays } from '../domain/calendar';

export interface InitializeBranch {
  organisationName: string;
  /** ISO 3166-1 alpha-2 (shared/phone.ts), kept in the setting organisation.country */
  country?: string | undefined;
  currency: Currency;
  office: { code: string; name: string; headOffice: boolean };
  admin: { username: string; password: string; displayName: string };
  businessDate: string;
  training: boolean;
  now: string;
}

function isEmpty(db: Db): boolean {
  const users = sql<[], { n: number }>(db, 'SELECT count(*) AS n FROM users').get()!.n;
  return !findOrganisation(db) && users === 0;
}

/** First run only: the organisation, this installation's office, the business date and the first administrator. */
export function initializeBranch(db: Db, init: InitializeBranch): { officeId: number; adminId: number } {
  if (!isEmpty(db)) throw new AppError('ALREADY_INITIALIZED', 'This branch is already set up');
  clearOrganisationCache(db);
  sql(
    db,
    `INSERT INTO organisation (id, name, currency_code, currency_decimal_places, currency_in_multiples_of, training, created_at)
     VALUES (1, ?, ?, ?, ?, ?, ?)`,
  ).run(init.organisationName, init.currency.code, init.currency.decimalPlaces, init.currency.inMultiplesOf, init.training ? 1 : 0, init.now);
  const officeId = Number(
    sql(db, 'INSERT INTO offices (global_id, code, name, is_head_office, is_local, opened_on) VALUES (?, ?, ?, ?, 1, ?)').run(
      `${init.office.code}-office-1`,
      init.office.code,
      init.office.name,
      init.office.headOffice ? 1 : 0,
      init.businessDate,
    ).lastInsertRowid,
  );
  setSetting(db, 'business_date', init.businessDate);
  if (init.country) setSetting(db, 'organisation.country', init.country);
  // the chart's accrual accounts newer than its template (services/charges/chart.ts: in a command, never a migration)
  ensureAccrualAccounts(db);
  const adminId = insertUser(db, {
    username: init.admin.username,
    password: init.admin.password,
    displayName: init.admin.displayName,
    roles: ['ADMINISTRATOR'],
    officeId,
    createdAt: init.now,
  });
  return { officeId, adminId };
}

/** The machine's local calendar date: a branch's first business date is the day it is set up. */
export function localToday(now: Date): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export interface DemoUser {
  username: string;
  password: string;
  roles: RoleCode[];
  displayName: string;
}

/** The documented demo users of a training branch (README.md lists them). */
export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', password: 'Demo-admin-2026', roles: ['ADMINISTRATOR'], displayName: 'Grace Administrator' },
  { username: 'manager', password: 'Demo-manager-2026', roles: ['BRANCH_MANAGER'], displayName: 'Joseph Mwangi' },
  { username: 'officer', password: 'Demo-officer-2026', roles: ['LOAN_OFFICER'], displayName: 'Fatuma Ali' },
  { username: 'teller', password: 'Demo-teller-2026', roles: ['TELLER'], displayName: 'Peter Otieno' },
  { username: 'accountant', password: 'Demo-accountant-2026', roles: ['ACCOUNTANT'], displayName: 'Mary Wanjiru' },
];

/**
 * Sets up a training branch with demo users and `clients` clients, its first business date `businessDate` (today
 * unless given); marked TRAINING everywhere.
 */
export function createTrainingBranch(ctx: Pick<HandlerContext, 'db' | 'clock'>, clients: number, businessDate?: string): DemoUser[] {
  const now = ctx.clock.now();
  const admin = DEMO_USERS[0]!;
  const firstDay = businessDate ?? localToday(now);
  const { officeId } = initializeBranch(ctx.db, {
    organisationName: 'Umoja Microfinance (training)',
    country: 'KE',
    currency: { code: 'KES', decimalPlaces: 2, inMultiplesOf: 0 },
    office: { code: 'TRN', name: 'Training Branch', headOffice: false },
    admin,
    businessDate: firstDay,
    training: true,
    now: now.toISOString(),
  });
  for (const u of DEMO_USERS.slice(1)) {
    insertUser(ctx.db, { ...u, officeId, createdAt: now.toISOString() });
  }
  seedDemo(ctx.db, { clients, officeId, businessDate: firstDay, now: now.toISOString() });
  return DEMO_USERS;
}

/**
 * The training demo as `setup.openTrainingDemo` and `branchbox seed-demo` make it (one command): the branch, its
 * users and clients, its opening balances (the bank account and the mobile-money float against opening-balance
 * equity: issue 19 point 10), the vault funded from the bank and the teller's float. A demo of up to
 * HISTORY_MAX_CLIENTS clients opens HISTORY_DAYS ago with its history pending (services/training builds it).
 */
export function openTrainingDemo(ctx: HandlerContext, clients: number, withHistory = true): { users: DemoUser[]; history: boolean } {
  const today = localToday(ctx.clock.now());
  const history = withHistory && clients > 0 && clients <= HISTORY_MAX_CLIENTS;
  const firstDay = history ? addDays(today, -HISTORY_DAYS) : today;
  const users = createTrainingBranch(ctx, clients, firstDay);
  // KES: the bank 3,000,000.00; the mobile-money float (the loans are disbursed by mobile money) 60,000.00 a client
  const mobileMoney = 6_000_000 * Math.max(clients, 50);
  const bank = 300_000_000;
  const text = (minor: number): string => formatMoney(minor, getOrganisation(ctx.db).currency.decimalPlaces);
  postOpeningBalances(ctx, {
    transactionDate: firstDay,
    description: 'Opening balances (training)',
    lines: [
      { glCode: '1140', debit: text(bank) },
      { glCode: '1130', debit: text(mobileMoney) },
      { glCode: '3300', credit: text(bank + mobileMoney) },
    ],
  });
  // minor units of KES: 500,000.00 in the vault, a 20,000.00 float for the teller
  seedTrainingCash(ctx, 50_000_000, { teller: 2_000_000 });
  setHistoryState(ctx.db, { state: history ? 'pending' : 'none', start: firstDay, today, done: 0, total: 0 });
  ctx.touched('office', findLocalOffice(ctx.db)!.id);
  return { users, history };
}

/** A failed set-up rolls back: the cached organisation and office read during it must go too. */
function forgetOnFailure<T>(db: Db, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    clearOrganisationCache(db);
    throw err;
  }
}

export function registerSetup(registry: Registry, deps: ServiceDeps): void {
  registry.register('setup.status', (ctx) => {
    const org = findOrganisation(ctx.db);
    const office = findLocalOffice(ctx.db);
    return {
      initialized: org !== null,
      training: org?.training ?? false,
      organisationName: org?.name ?? null,
      officeName: office?.name ?? null,
      headOffice: deps.headOffice !== undefined,
    };
  });

  registry.register('setup.initialize', async (ctx, input) => {
    const now = ctx.clock.now();
    const today = localToday(now);
    if (input.businessDate !== undefined && input.businessDate > today) {
      throw new AppError('VALIDATION_FAILED', `businessDate ${input.businessDate} is after today (${today})`, [
        { field: 'businessDate', code: 'after_today', message: 'cannot be after today: it is the first day of the records' },
      ]);
    }
    if (input.encryption && (deps.dataDir === null || ctx.db.memory)) {
      throw new AppError('VALIDATION_FAILED', 'This branch is kept in memory: there is no file to encrypt', [
        { field: 'encryption.passphrase', code: 'in_memory', message: 'cannot encrypt a branch kept in memory' },
      ]);
    }
    const { encryption, openingBalances, ...setUp } = input;
    // the set-up is one command (logged without the passphrase); the file is encrypted once it has committed
    const adminId = await ctx.chunk({ ...setUp, ...(openingBalances ? { openingBalances } : {}), encrypted: encryption !== undefined }, (c) =>
      forgetOnFailure(c.db, () => {
        const made = initializeBranch(c.db, {
          organisationName: input.organisation.name,
          country: input.organisation.country,
          currency: input.currency,
          office: input.office,
          admin: { ...input.admin, displayName: input.admin.displayName ?? input.admin.username },
          businessDate: input.businessDate ?? today,
          training: false,
          now: now.toISOString(),
        });
        c.touched('office', made.officeId);
        c.touched('user', made.adminId);
        // the opening balances as of the first business date, field names as accounting.openingBalances gives them
        if (openingBalances) {
          try {
            postOpeningBalances(c, { transactionDate: input.businessDate ?? today, lines: openingBalances });
          } catch (err) {
            throw err instanceof AppError && err.fields ? new AppError(err.code, err.message, err.fields.map((f) => ({ ...f, field: f.field.replace(/^lines/, 'openingBalances') }))) : err;
          }
        }
        return made.adminId;
      }),
    );
    if (encryption) {
      try {
        await turnOnEncryption(ctx.db, deps.dataDir, encryption.passphrase, { ...(deps.keyWrapper ? { wrapper: deps.keyWrapper } : {}), now, backupFirst: false });
      } catch (err) {
        throw new AppError('INVALID_STATE', `The branch is set up, but its data could not be encrypted (${(err as Error).message}): sign in and turn encryption on in Settings`);
      }
    }
    // Sign the new administrator in; the branch's signing key for its bundles to head office is made now
    // (services/export/keys.ts).
    ctx.afterCommit(() => ctx.session.set(deps.sessions.create(adminId).token));
    ctx.afterCommit(() => void branchSigningKey(deps.dataDir, ctx.db).catch(() => undefined));
    return sessionInfo(ctx.db, adminId);
  });

  registry.register('setup.openTrainingDemo', (ctx, input) => forgetOnFailure(ctx.db, () => {
    const { users, history } = openTrainingDemo(ctx, input.clients, input.history);
    return { users: users.map((u) => ({ username: u.username, password: u.password, roles: u.roles })), history };
  }));
}
