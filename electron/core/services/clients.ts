import type { ClientDetail, ClientIdentifier, ClientPage, ClientStatus, ClientSummary, ParsedInput } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import type { HandlerContext } from '../dispatch/context';
import type { Registry } from '../dispatch/registry';
import { findLocalOffice, getOffice, newGlobalId, nextSequence, organisationCountry } from './organisation';
import { normalisePhone } from '../../../shared/phone';
import { requireLoanOfficer } from './users';

/**
 * Clients and their KYC data (DOMAIN.md "Clients, groups, centers"): pending -> active -> closed -> (reopen)
 * pending. Identity documents are unique per type; a client with the same name and date of birth is a warning.
 */
interface ClientRow {
  id: number;
  account_no: string;
  office_id: number;
  staff_id: number | null;
  status: ClientStatus;
  firstname: string;
  middlename: string | null;
  lastname: string;
  display_name: string;
  date_of_birth: string | null;
  gender: ClientDetail['gender'];
  mobile_no: string | null;
  address: string | null;
  external_id: string | null;
  submitted_on: string;
  activated_on: string | null;
  closed_on: string | null;
  closure_reason: string | null;
  version: number;
  office_name: string;
  officer_name: string | null;
}

const SELECT_CLIENT = `SELECT c.*, o.name AS office_name,
    CASE WHEN s.id IS NULL THEN NULL ELSE s.firstname || ' ' || s.lastname END AS officer_name
  FROM clients c JOIN offices o ON o.id = c.office_id LEFT JOIN staff s ON s.id = c.staff_id`;

function toSummary(r: ClientRow): ClientSummary {
  return {
    id: r.id,
    accountNo: r.account_no,
    displayName: r.display_name,
    status: r.status,
    mobileNo: r.mobile_no,
    dateOfBirth: r.date_of_birth,
    officeName: r.office_name,
    loanOfficerName: r.officer_name,
  };
}

export function displayNameOf(first: string, middle: string | null | undefined, last: string): string {
  return [first, middle, last].filter((p) => p && p.length > 0).join(' ');
}

function getRow(db: Db, id: number): ClientRow {
  const r = sql<[number], ClientRow>(db, `${SELECT_CLIENT} WHERE c.id = ?`).get(id);
  if (!r) throw new AppError('NOT_FOUND', `There is no client ${id}`, [{ field: 'id', code: 'not_found', message: 'no such client' }]);
  return r;
}

export function getClient(db: Db, id: number): ClientDetail {
  const r = getRow(db, id);
  const identifiers = sql<[number], ClientIdentifier>(
    db,
    'SELECT document_type AS documentType, document_key AS documentKey FROM client_identifiers WHERE client_id = ? ORDER BY id',
  ).all(id);
  return {
    ...toSummary(r),
    firstname: r.firstname,
    middlename: r.middlename,
    lastname: r.lastname,
    gender: r.gender,
    address: r.address,
    externalId: r.external_id,
    officeId: r.office_id,
    loanOfficerId: r.staff_id,
    identifiers,
    submittedOn: r.submitted_on,
    activatedOn: r.activated_on,
    closedOn: r.closed_on,
    closureReason: r.closure_reason,
    version: r.version,
  };
}

/** Refuses an identity document already held by another client, naming that client. */
function saveIdentifiers(db: Db, clientId: number, identifiers: ClientIdentifier[]): void {
  const seen = new Set<string>();
  identifiers.forEach((doc, i) => {
    const key = `${doc.documentType}:${doc.documentKey}`;
    if (seen.has(key)) {
      throw new AppError('VALIDATION_FAILED', 'The same document is listed twice', [
        { field: `identifiers.${i}.documentKey`, code: 'duplicate', message: 'is listed twice' },
      ]);
    }
    seen.add(key);
    const holder = sql<[string, string, number], { id: number; account_no: string; display_name: string }>(
      db,
      `SELECT c.id, c.account_no, c.display_name FROM client_identifiers i JOIN clients c ON c.id = i.client_id
       WHERE i.document_type = ? AND i.document_key = ? AND i.client_id <> ?`,
    ).get(doc.documentType, doc.documentKey, clientId);
    if (holder) {
      throw new AppError(
        'DUPLICATE',
        `${doc.documentType} ${doc.documentKey} already belongs to ${holder.display_name} (${holder.account_no})`,
        [{ field: `identifiers.${i}.documentKey`, code: 'duplicate', message: `already belongs to ${holder.display_name} (${holder.account_no})` }],
        { clientId: holder.id, accountNo: holder.account_no, displayName: holder.display_name },
      );
    }
  });
  sql(db, 'DELETE FROM client_identifiers WHERE client_id = ?').run(clientId);
  for (const doc of identifiers) {
    sql(db, 'INSERT INTO client_identifiers (client_id, document_type, document_key) VALUES (?, ?, ?)').run(
      clientId,
      doc.documentType,
      doc.documentKey,
    );
  }
}

function checkExternalId(db: Db, externalId: string | null | undefined, clientId: number): void {
  if (!externalId) return;
  const other = sql<[string, number], { account_no: string; display_name: string }>(
    db,
    'SELECT account_no, display_name FROM clients WHERE external_id = ? AND id <> ?',
  ).get(externalId, clientId);
  if (other) {
    throw new AppError('DUPLICATE', `External id ${externalId} already belongs to ${other.display_name} (${other.account_no})`, [
      { field: 'externalId', code: 'duplicate', message: `already belongs to ${other.display_name} (${other.account_no})` },
    ]);
  }
}

function warnPossibleDuplicate(ctx: HandlerContext, clientId: number): void {
  const c = sql<[number], { display_name: string; date_of_birth: string | null }>(
    ctx.db,
    'SELECT display_name, date_of_birth FROM clients WHERE id = ?',
  ).get(clientId)!;
  if (!c.date_of_birth) return;
  const others = sql<[string, string, number], { id: number; account_no: string; display_name: string }>(
    ctx.db,
    'SELECT id, account_no, display_name FROM clients WHERE lower(display_name) = lower(?) AND date_of_birth = ? AND id <> ?',
  ).all(c.display_name, c.date_of_birth, clientId);
  for (const o of others) {
    ctx.warn({
      code: 'POSSIBLE_DUPLICATE',
      message: `${o.display_name} (${o.account_no}) has the same name and date of birth`,
      details: { clientId: o.id, accountNo: o.account_no, displayName: o.display_name },
    });
  }
}

/** Rebuilds the client's row in the trigram search index (names, account, phone, documents, external id). */
export function refreshSearch(db: Db, clientId: number): void {
  const c = sql<[number], { display_name: string; account_no: string; mobile_no: string | null; external_id: string | null }>(
    db,
    'SELECT display_name, account_no, mobile_no, external_id FROM clients WHERE id = ?',
  ).get(clientId)!;
  const docs = sql<[number], { document_key: string }>(db, 'SELECT document_key FROM client_identifiers WHERE client_id = ?')
    .all(clientId)
    .map((d) => d.document_key);
  const text = [c.display_name, c.account_no, c.mobile_no, c.external_id, ...docs].filter(Boolean).join(' | ').toLowerCase();
  sql(db, 'DELETE FROM clients_search WHERE rowid = ?').run(clientId);
  sql(db, 'INSERT INTO clients_search (rowid, text) VALUES (?, ?)').run(clientId, text);
}

export type NewClient = ParsedInput<'clients.create'>;

/** A mobile number as the branch keeps it: with the country code of the organisation's country (shared/phone.ts). */
function mobileOf(db: Db, typed: string | null | undefined): string | null | undefined {
  return typed ? normalisePhone(typed, organisationCountry(db)) : typed;
}

/**
 * The loan officer of a client registered without one (issue 19 point 15): the user registering it, when that user
 * is an active loan officer (their staff record). Null otherwise. The client form proposes the same officer
 * (ClientFormView); `loanOfficerId: null` still registers none.
 */
function registeringOfficer(ctx: HandlerContext): number | null {
  if (!ctx.actor) return null;
  return (
    sql<[number], { id: number }>(
      ctx.db,
      'SELECT s.id FROM users u JOIN staff s ON s.id = u.staff_id WHERE u.id = ? AND s.active = 1 AND s.is_loan_officer = 1',
    ).get(ctx.actor.userId)?.id ?? null
  );
}

export function insertClient(ctx: HandlerContext, input: NewClient): { id: number; accountNo: string } {
  const db = ctx.db;
  const office = input.officeId ? getOffice(db, input.officeId) : findLocalOffice(db)!;
  if (input.loanOfficerId != null) requireLoanOfficer(db, input.loanOfficerId);
  const loanOfficerId = input.loanOfficerId !== undefined ? input.loanOfficerId : registeringOfficer(ctx);
  checkExternalId(db, input.externalId, 0);
  const accountNo = `${office.code}-${String(nextSequence(db, `client.account.${office.code}`)).padStart(6, '0')}`;
  const today = ctx.businessDate();
  const now = ctx.clock.now().toISOString();
  const id = Number(
    sql(
      db,
      `INSERT INTO clients (global_id, account_no, office_id, staff_id, status, firstname, middlename, lastname,
         display_name, date_of_birth, gender, mobile_no, address, external_id, submitted_on, activated_on,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      newGlobalId(db, 'client', office.code),
      accountNo,
      office.id,
      loanOfficerId ?? null,
      input.active ? 'ACTIVE' : 'PENDING',
      input.firstname,
      input.middlename ?? null,
      input.lastname,
      displayNameOf(input.firstname, input.middlename, input.lastname),
      input.dateOfBirth ?? null,
      input.gender ?? null,
      mobileOf(db, input.mobileNo) ?? null,
      input.address ?? null,
      input.externalId ?? null,
      today,
      input.active ? today : null,
      now,
      now,
    ).lastInsertRowid,
  );
  saveIdentifiers(db, id, input.identifiers ?? []);
  refreshSearch(db, id);
  warnPossibleDuplicate(ctx, id);
  ctx.touched('client', id);
  return { id, accountNo };
}

function setStatus(ctx: HandlerContext, id: number, from: ClientStatus[], to: ClientStatus, extra: Record<string, string | null>): { id: number } {
  const c = getRow(ctx.db, id);
  if (!from.includes(c.status)) {
    throw new AppError('INVALID_STATE', `The client is ${c.status}`, undefined, { status: c.status });
  }
  const sets = Object.keys(extra).map((k) => `${k} = @${k}`);
  sql(
    ctx.db,
    `UPDATE clients SET status = @status, ${sets.join(', ')}${sets.length ? ',' : ''} version = version + 1, updated_at = @now WHERE id = @id`,
  ).run({ ...extra, status: to, now: ctx.clock.now().toISOString(), id });
  ctx.touched('client', id);
  return { id };
}

function checkNotFuture(ctx: HandlerContext, date: string, field: string): void {
  if (date > ctx.businessDate()) {
    throw new AppError('VALIDATION_FAILED', `${field} is after the business date`, [
      { field, code: 'after_business_date', message: 'cannot be after the business date' },
    ]);
  }
}

export function registerClients(registry: Registry): void {
  registry.register('clients.create', (ctx, input) => insertClient(ctx, input));

  registry.register('clients.update', (ctx, input) => {
    const db = ctx.db;
    const c = getRow(db, input.id);
    if (c.status === 'CLOSED') throw new AppError('INVALID_STATE', 'A closed client cannot be edited; reopen it first', undefined, { status: c.status });
    if (input.loanOfficerId != null) requireLoanOfficer(db, input.loanOfficerId);
    if (input.externalId !== undefined) checkExternalId(db, input.externalId, input.id);
    const next = {
      firstname: input.firstname ?? c.firstname,
      middlename: input.middlename !== undefined ? input.middlename : c.middlename,
      lastname: input.lastname ?? c.lastname,
      date_of_birth: input.dateOfBirth !== undefined ? input.dateOfBirth : c.date_of_birth,
      gender: input.gender !== undefined ? input.gender : c.gender,
      mobile_no: input.mobileNo !== undefined ? mobileOf(db, input.mobileNo) ?? null : c.mobile_no,
      address: input.address !== undefined ? input.address : c.address,
      external_id: input.externalId !== undefined ? input.externalId : c.external_id,
      staff_id: input.loanOfficerId !== undefined ? input.loanOfficerId : c.staff_id,
    };
    sql(
      db,
      `UPDATE clients SET firstname = @firstname, middlename = @middlename, lastname = @lastname,
         display_name = @display_name, date_of_birth = @date_of_birth, gender = @gender, mobile_no = @mobile_no,
         address = @address, external_id = @external_id, staff_id = @staff_id, version = version + 1,
         updated_at = @now WHERE id = @id`,
    ).run({
      ...next,
      display_name: displayNameOf(next.firstname, next.middlename, next.lastname),
      now: ctx.clock.now().toISOString(),
      id: input.id,
    });
    if (input.identifiers !== undefined) saveIdentifiers(db, input.id, input.identifiers);
    refreshSearch(db, input.id);
    warnPossibleDuplicate(ctx, input.id);
    ctx.touched('client', input.id);
    return { id: input.id };
  });

  registry.register('clients.activate', (ctx, input) => {
    const date = input.activationDate ?? ctx.businessDate();
    checkNotFuture(ctx, date, 'activationDate');
    return setStatus(ctx, input.id, ['PENDING'], 'ACTIVE', { activated_on: date });
  });

  registry.register('clients.close', (ctx, input) => {
    const date = input.closureDate ?? ctx.businessDate();
    checkNotFuture(ctx, date, 'closureDate');
    return setStatus(ctx, input.id, ['PENDING', 'ACTIVE'], 'CLOSED', { closed_on: date, closure_reason: input.closureReason });
  });

  registry.register('clients.reopen', (ctx, input) =>
    setStatus(ctx, input.id, ['CLOSED'], 'PENDING', { closed_on: null, closure_reason: null, activated_on: null }),
  );

  registry.register('clients.get', (ctx, input) => getClient(ctx.db, input.id));

  registry.register('clients.search', (ctx, input) => searchClients(ctx.db, input.query, input.limit, input.status, input.afterId));

  registry.register('clients.list', (ctx, input) => listClients(ctx.db, input));
}

/** The words of a search as the search text holds them: lower case, LIKE's wildcards taken as spaces, at most six. */
function searchWords(query: string): string[] {
  return query
    .toLowerCase()
    .replace(/[%_]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .slice(0, 6);
}

/** A page of clients newest first, from the rowid (primary key) or, by status, the clients_status index. */
const LIST_CLIENTS = {
  all: `${SELECT_CLIENT} WHERE c.id < @after ORDER BY c.id DESC LIMIT @limit`,
  status: `${SELECT_CLIENT} WHERE c.status = @status AND c.id < @after ORDER BY c.id DESC LIMIT @limit`,
} as const;

/**
 * The matches of a search in one tier, newest first from the cursor: the trigram index takes the LIKE patterns, the
 * rowid bound and the order (FTS5 walks its rowids downwards and stops at the limit). The tier is the number of
 * typed words that start a part of the client's search text (a name, the account number, a phone: `@pN` is
 * "% word%" over the text with a space before it); SQLite's LIKE gives 1 or 0, so the sum counts them. The status
 * is checked on the matches (`+c.status`: through clients_status the planner would read every client in that
 * status, probe the index for each and sort them).
 */
function matchingClients(likes: number, status: boolean): string {
  const patterns = Array.from({ length: likes }, (_, i) => `fts.text LIKE @w${i}`).join(' AND ');
  const starts = Array.from({ length: likes }, (_, i) => `((' ' || fts.text) LIKE @p${i})`).join(' + ');
  return `${SELECT_CLIENT} JOIN clients_search fts ON fts.rowid = c.id
    WHERE ${patterns} AND fts.rowid < @after AND ${starts} = @tier${status ? ' AND +c.status = @status' : ''}
    ORDER BY fts.rowid DESC LIMIT @limit`;
}

/** The tier of a client for these words (as `matchingClients` counts it): how many of them start a part of its text. */
function tierOf(db: Db, clientId: number, words: string[]): number {
  const text = sql<[number], { text: string }>(db, 'SELECT text FROM clients_search WHERE rowid = ?').get(clientId)?.text ?? '';
  return words.filter((w) => ` ${text}`.includes(` ${w}`)).length;
}

/**
 * Any part of a name, account number, identity number or phone: every word typed must appear somewhere in the
 * client's search text (words of three or more characters use the trigram index). Best matches first (issue 19
 * point 8: "Neema W" lists Neema Wekesa above Neema Nwosu): the clients whose every typed word starts a name part
 * (or the account number, the phone ...), then those with one word fewer starting one, and so on; newest first
 * within each. A page of at most `limit` clients; `afterId` (the last id of the page before) continues after it, in
 * its tier, then the tiers below. Each tier is one statement that reads only the rows it returns and the index
 * entries it passes over, whatever the number of clients: a page runs one statement when its first tier fills it,
 * one more per tier it goes down (at most one per word, and one).
 */
export function searchClients(db: Db, query: string, limit: number, status?: ClientStatus, afterId?: number): ClientSummary[] {
  const words = searchWords(query);
  const params: Record<string, string | number> = { after: afterId ?? Number.MAX_SAFE_INTEGER, limit };
  if (status) params.status = status;
  if (words.length === 0) return sql<Record<string, string | number>, ClientRow>(db, LIST_CLIENTS[status ? 'status' : 'all']).all(params).map(toSummary);
  // Longest words first: the most selective one drives the index.
  words.sort((a, b) => b.length - a.length);
  words.forEach((w, i) => {
    params[`w${i}`] = `%${w}%`;
    params[`p${i}`] = `% ${w}%`;
  });
  const statement = sql<Record<string, string | number>, ClientRow>(db, matchingClients(words.length, status !== undefined));
  const found: ClientRow[] = [];
  for (let tier = afterId === undefined ? words.length : tierOf(db, afterId, words); tier >= 0 && found.length < limit; tier--) {
    found.push(...statement.all({ ...params, tier, limit: limit - found.length }));
    params.after = Number.MAX_SAFE_INTEGER;
  }
  return found.map(toSummary);
}

export type ClientListInput = ParsedInput<'clients.list'>;

/**
 * The rows clients.list reads, from fixed pieces (the values are bound parameters): `FROM ... WHERE ...` and the
 * expression of a client's id there. The driving index: the trigram index when words are typed (as clients.search;
 * the clients table joined only when a filter reads it), else the group's members (group_members_group: a group
 * holds a few dozen clients at most, and drives even with words), else the status (clients_status, in id order),
 * else the loan officer's clients (clients_staff, in id order), else the status (clients_status, in id order), else
 * the rowid. The other conditions are checked on the rows it gives (`+` keeps the planner from a second index).
 */
function listSource(words: number, input: ClientListInput): { from: string; key: string } {
  const byGroup = input.groupId !== undefined;
  const readsClients = input.status !== undefined || input.staffId !== undefined;
  const key = words > 0 ? 'fts.rowid' : 'c.id';
  const tables = words === 0 ? 'clients c' : readsClients ? 'clients_search fts JOIN clients c ON c.id = fts.rowid' : 'clients_search fts';
  const parts = Array.from({ length: words }, (_, i) => `${byGroup ? '+' : ''}fts.text LIKE @w${i}`);
  if (byGroup) parts.push(`${key} IN (SELECT m.client_id FROM group_members m WHERE m.group_id = @groupId AND m.left_on IS NULL)`);
  const byOfficer = input.staffId !== undefined && words === 0 && !byGroup;
  if (input.status !== undefined) parts.push(`${words > 0 || byGroup || byOfficer ? '+' : ''}c.status = @status`);
  if (input.staffId !== undefined) parts.push(`${byOfficer ? '' : '+'}c.staff_id = @staffId`);
  return { from: `${tables}${parts.length > 0 ? ` WHERE ${parts.join(' AND ')}` : ''}`, key };
}

/** A filter's value that names nothing: refused, naming the field (the database is only read). */
function checkListFilters(db: Db, input: ClientListInput): void {
  if (input.staffId !== undefined && !sql<[number], { id: number }>(db, 'SELECT id FROM staff WHERE id = ?').get(input.staffId)) {
    throw new AppError('VALIDATION_FAILED', `staffId: there is no loan officer ${input.staffId}`, [
      { field: 'staffId', code: 'not_found', message: 'is not a loan officer of this branch' },
    ]);
  }
  if (input.groupId !== undefined && !sql<[number], { id: number }>(db, 'SELECT id FROM groups WHERE id = ?').get(input.groupId)) {
    throw new AppError('VALIDATION_FAILED', `groupId: there is no group ${input.groupId}`, [
      { field: 'groupId', code: 'not_found', message: 'is not a group of this branch' },
    ]);
  }
}

/**
 * clients.list (issue 19 point 11): a page of the clients that match the search and the filters, and how many match
 * in all. Without words typed, newest first; with words, clients.search's order: the clients in whom more typed words
 * start a part of the text first, newest first within each tier.
 */
export function listClients(db: Db, input: ClientListInput): ClientPage {
  checkListFilters(db, input);
  const words = searchWords(input.query).sort((a, b) => b.length - a.length);
  const params: Record<string, string | number> = {};
  words.forEach((w, i) => {
    params[`w${i}`] = `%${w}%`;
    params[`p${i}`] = `% ${w}%`;
  });
  if (input.status !== undefined) params.status = input.status;
  if (input.staffId !== undefined) params.staffId = input.staffId;
  if (input.groupId !== undefined) params.groupId = input.groupId;
  const { from, key } = listSource(words.length, input);
  const total = sql<Record<string, string | number>, { n: number }>(db, `SELECT count(*) AS n FROM ${from}`).get(params)!.n;
  if (total === 0 || input.offset >= total) return { clients: [], total, offset: input.offset, limit: input.limit };
  // the page's ids first (the index entries and, with words, the search text: the sort and the offset pass over
  // nothing else), then the rows of those ids alone with their office and officer
  const tier = words.map((_, i) => `((' ' || fts.text) LIKE @p${i})`).join(' + ');
  const ids = `SELECT ${key} AS id${tier ? `, ${tier} AS tier` : ''} FROM ${from} ORDER BY ${tier ? 'tier DESC, ' : ''}id DESC LIMIT @limit OFFSET @offset`;
  const rows = sql<Record<string, string | number>, ClientRow>(
    db,
    `${SELECT_CLIENT} JOIN (${ids}) p ON p.id = c.id ORDER BY ${tier ? 'p.tier DESC, ' : ''}p.id DESC`,
  ).all({ ...params, limit: input.limit, offset: input.offset });
  return { clients: rows.map(toSummary), total, offset: input.offset, limit: input.limit };
}
