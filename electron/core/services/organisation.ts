import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { formatMoney, type Currency } from '../../../shared/money';
import { AppError } from '../../../shared/errors';
import { countryOfCurrency } from '../../../shared/phone';

/** The organisation, this installation's office, settings and the business date. */
export interface Organisation {
  name: string;
  currency: Currency;
  training: boolean;
}

export interface Office {
  id: number;
  code: string;
  name: string;
  headOffice: boolean;
  parentId: number | null;
}

interface OrgRow {
  name: string;
  currency_code: string;
  currency_decimal_places: number;
  currency_in_multiples_of: number;
  training: number;
}

/**
 * The organisation and this installation's office never change after set-up, and nearly every command reads them:
 * they are cached per connection (set-up clears the cache).
 */
const orgCache = new WeakMap<Db, Organisation>();
const officeCache = new WeakMap<Db, Office>();

export function clearOrganisationCache(db: Db): void {
  orgCache.delete(db);
  officeCache.delete(db);
}

export function findOrganisation(db: Db): Organisation | null {
  const cached = orgCache.get(db);
  if (cached) return cached;
  const row = sql<[], OrgRow>(db, 'SELECT * FROM organisation WHERE id = 1').get();
  if (!row) return null;
  const org: Organisation = {
    name: row.name,
    currency: {
      code: row.currency_code,
      decimalPlaces: row.currency_decimal_places,
      inMultiplesOf: row.currency_in_multiples_of,
    },
    training: row.training === 1,
  };
  orgCache.set(db, org);
  return org;
}

export function getOrganisation(db: Db): Organisation {
  const org = findOrganisation(db);
  if (!org) throw new AppError('NOT_INITIALIZED', 'This branch is not set up yet');
  return org;
}

interface OfficeRow {
  id: number;
  code: string;
  name: string;
  is_head_office: number;
  parent_id: number | null;
}

function toOffice(r: OfficeRow): Office {
  return { id: r.id, code: r.code, name: r.name, headOffice: r.is_head_office === 1, parentId: r.parent_id };
}

export function findLocalOffice(db: Db): Office | null {
  const cached = officeCache.get(db);
  if (cached) return cached;
  const r = sql<[], OfficeRow>(db, 'SELECT * FROM offices WHERE is_local = 1').get();
  if (!r) return null;
  const office = toOffice(r);
  officeCache.set(db, office);
  return office;
}

export function getOffice(db: Db, id: number): Office {
  const r = sql<[number], OfficeRow>(db, 'SELECT * FROM offices WHERE id = ?').get(id);
  if (!r) throw new AppError('NOT_FOUND', `There is no office ${id}`, [{ field: 'officeId', code: 'not_found', message: 'no such office' }]);
  return toOffice(r);
}

export function listOffices(db: Db): Office[] {
  return sql<[], OfficeRow>(db, 'SELECT * FROM offices ORDER BY is_head_office DESC, name').all().map(toOffice);
}

export function getSetting(db: Db, key: string): string | null {
  const r = sql<[string], { value: string }>(db, 'SELECT value FROM settings WHERE key = ?').get(key);
  return r?.value ?? null;
}

export function setSetting(db: Db, key: string, value: string): void {
  sql(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

/**
 * The organisation's country (ISO 3166-1 alpha-2), kept at set-up in the setting `organisation.country` (a setting,
 * not a column of organisation: capture.ts); a branch set up before it was kept: its currency's country, if the
 * currency has one (shared/phone.ts). Phone numbers are written with its calling code.
 */
export function organisationCountry(db: Db): string | null {
  const org = findOrganisation(db);
  return getSetting(db, 'organisation.country') ?? (org ? countryOfCurrency(org.currency.code) : null);
}

export const DEFAULT_IDLE_LOCK_MINUTES = 5;

export function idleLockMinutes(db: Db): number {
  const v = getSetting(db, 'idle_lock_minutes');
  return v ? Number(v) : DEFAULT_IDLE_LOCK_MINUTES;
}

export function businessDate(db: Db): string {
  const v = getSetting(db, 'business_date');
  if (!v) throw new AppError('NOT_INITIALIZED', 'This branch is not set up yet');
  return v;
}

/** Next value of a named counter, inside the caller's transaction (gapless, unique offline). */
export function nextSequence(db: Db, name: string): number {
  const r = sql<[string], { last_value: number }>(
    db,
    `INSERT INTO sequences (name, last_value) VALUES (?, 1)
     ON CONFLICT(name) DO UPDATE SET last_value = last_value + 1 RETURNING last_value`,
  ).get(name);
  return r!.last_value;
}

/** The global-id numbers reserved by `withGlobalIdBlocks`, per connection and entity, not yet handed out. */
const idBlocks = new WeakMap<Db, Map<string, { next: number; last: number }>>();

/**
 * A global id for an exportable row, unique across branches so headquarters can merge them without
 * collisions: this office's code, the entity and a per-entity sequence ("NRB-client-42").
 */
export function newGlobalId(db: Db, entity: string, officeCode?: string): string {
  const code = officeCode ?? findLocalOffice(db)?.code ?? 'LOCAL';
  const block = idBlocks.get(db)?.get(entity);
  const n = block && block.next <= block.last ? block.next++ : nextSequence(db, `gid.${entity}`);
  return `${code}-${entity}-${n}`;
}

/**
 * Runs `body` (inside the caller's transaction) with `size` numbers of each entity's global-id sequence taken in
 * one write, which newGlobalId hands out in order before it takes more one by one; what is left is given back when
 * `body` ends (thrown or not), so the sequences stay gapless and the ids are those one-by-one calls would give. A
 * run writing many rows (a chunk of interest postings) saves a write of `sequences` per row. Nested: the outer
 * blocks serve.
 */
export function withGlobalIdBlocks<T>(db: Db, entities: readonly string[], size: number, body: () => T): T {
  let blocks = idBlocks.get(db);
  if (!blocks) {
    blocks = new Map();
    idBlocks.set(db, blocks);
  }
  const mine = entities.filter((e) => !blocks.has(e));
  for (const entity of mine) {
    const last = sql<[string, number], { last_value: number }>(
      db,
      `INSERT INTO sequences (name, last_value) VALUES (?, ?)
       ON CONFLICT(name) DO UPDATE SET last_value = last_value + excluded.last_value RETURNING last_value`,
    ).get(`gid.${entity}`, size)!.last_value;
    blocks.set(entity, { next: last - size + 1, last });
  }
  try {
    return body();
  } finally {
    for (const entity of mine) {
      const block = blocks.get(entity)!;
      blocks.delete(entity);
      // numbers left: no id was taken one by one after the block, so the sequence still stands at block.last
      if (block.next <= block.last) sql(db, 'UPDATE sequences SET last_value = ? WHERE name = ?').run(block.next - 1, `gid.${entity}`);
    }
  }
}

/** An amount in the organisation's currency as the core writes it in messages and answers ("1500.00"). */
export function amountText(db: Db, minor: number): string {
  return formatMoney(minor, getOrganisation(db).currency.decimalPlaces);
}
