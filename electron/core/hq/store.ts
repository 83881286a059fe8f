import Database from 'better-sqlite3-multiple-ciphers';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../db/connection';

/**
 * Head office's consolidated store (issue 13): what every registered branch's bundles said, applied once each, in
 * order. SQLite in head office's data folder for now; everything that reads or writes it goes through this module,
 * so that a PostgreSQL store can take its place.
 */
export const HQ_DATABASE_FILE = 'headoffice.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hq_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hq_branches (
  office_code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  signing_key TEXT NOT NULL,
  epoch INTEGER NOT NULL DEFAULT 1,
  last_seq INTEGER NOT NULL DEFAULT 0,
  last_hash TEXT NOT NULL DEFAULT '',
  last_applied_at TEXT,
  stopped TEXT,
  registered_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hq_bundles (
  office_code TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  from_seq INTEGER NOT NULL,
  to_seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('APPLIED', 'HELD')),
  file_name TEXT NOT NULL,
  bytes BLOB,
  received_at TEXT NOT NULL,
  PRIMARY KEY (office_code, epoch, from_seq, hash)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hq_rows (
  office_code TEXT NOT NULL,
  table_name TEXT NOT NULL,
  row_key TEXT NOT NULL,
  image TEXT NOT NULL,
  PRIMARY KEY (office_code, table_name, row_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hq_commands (
  office_code TEXT NOT NULL,
  seq INTEGER NOT NULL,
  operation TEXT NOT NULL,
  business_date TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  username TEXT,
  hash TEXT NOT NULL,
  PRIMARY KEY (office_code, seq)
) WITHOUT ROWID;
-- every audit anchor a branch's bundles carried (electron/core/anchor.ts), kept for good: a branch cannot reach them
CREATE TABLE IF NOT EXISTS hq_anchors (
  office_code TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  anchored_at TEXT NOT NULL,
  anchor_json TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (office_code, epoch, seq, anchored_at, hash)
) WITHOUT ROWID;
-- the public half of each branch's anchor key, as its first anchor showed it
CREATE TABLE IF NOT EXISTS hq_anchor_keys (
  office_code TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  first_seen TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hq_alarms (
  id INTEGER PRIMARY KEY,
  office_code TEXT NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL,
  raised_at TEXT NOT NULL,
  accepted_at TEXT
);
`;

export interface BranchRow {
  office_code: string;
  name: string;
  signing_key: string;
  epoch: number;
  last_seq: number;
  last_hash: string;
  last_applied_at: string | null;
  stopped: string | null;
}

export interface HeldBundle {
  file_name: string;
  from_seq: number;
  hash: string;
  bytes: Buffer;
}

export class HeadOfficeStore {
  constructor(readonly db: Db) {
    db.exec(SCHEMA);
  }

  /** The store in `dataDir` (made on first use), or in memory. */
  static open(dataDir: string | null): HeadOfficeStore {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const db = new Database(dataDir ? join(dataDir, HQ_DATABASE_FILE) : ':memory:') as unknown as Db;
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    return new HeadOfficeStore(db);
  }

  close(): void {
    this.db.close();
  }

  setting(key: string): string | null {
    return (this.db.prepare('SELECT value FROM hq_settings WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
  }

  setSetting(key: string, value: string): void {
    this.db.prepare('INSERT INTO hq_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  branch(officeCode: string): BranchRow | undefined {
    return this.db.prepare('SELECT * FROM hq_branches WHERE office_code = ?').get(officeCode) as BranchRow | undefined;
  }

  branches(): BranchRow[] {
    return this.db.prepare('SELECT * FROM hq_branches ORDER BY office_code').all() as BranchRow[];
  }

  /** Registers a branch, or renews its name and key when it registers again. */
  registerBranch(b: { officeCode: string; name: string; signingKey: string; at: string }): void {
    this.db
      .prepare(
        `INSERT INTO hq_branches (office_code, name, signing_key, registered_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(office_code) DO UPDATE SET name = excluded.name, signing_key = excluded.signing_key`,
      )
      .run(b.officeCode, b.name, b.signingKey, b.at);
  }

  appliedHash(officeCode: string, epoch: number, fromSeq: number): string | null {
    return (this.db.prepare("SELECT hash FROM hq_bundles WHERE office_code = ? AND epoch = ? AND from_seq = ? AND status = 'APPLIED'").get(officeCode, epoch, fromSeq) as { hash: string } | undefined)?.hash ?? null;
  }

  hold(b: { officeCode: string; epoch: number; fromSeq: number; toSeq: number; hash: string; fileName: string; bytes: Buffer; at: string }): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO hq_bundles (office_code, epoch, from_seq, to_seq, hash, status, file_name, bytes, received_at)
         VALUES (?, ?, ?, ?, ?, 'HELD', ?, ?, ?)`,
      )
      .run(b.officeCode, b.epoch, b.fromSeq, b.toSeq, b.hash, b.fileName, b.bytes, b.at);
  }

  /** A held bundle that starts at `fromSeq`, if one came early. */
  heldAt(officeCode: string, epoch: number, fromSeq: number): HeldBundle | undefined {
    return this.db.prepare("SELECT file_name, from_seq, hash, bytes FROM hq_bundles WHERE office_code = ? AND epoch = ? AND from_seq = ? AND status = 'HELD' LIMIT 1").get(officeCode, epoch, fromSeq) as HeldBundle | undefined;
  }

  /** Whether a file of this name from `officeCode` was received whole (applied or held). */
  received(officeCode: string, fileName: string): boolean {
    return this.db.prepare('SELECT 1 FROM hq_bundles WHERE office_code = ? AND file_name = ? LIMIT 1').get(officeCode, fileName) !== undefined;
  }

  firstHeld(officeCode: string, epoch: number): number | null {
    return (this.db.prepare("SELECT min(from_seq) AS s FROM hq_bundles WHERE office_code = ? AND epoch = ? AND status = 'HELD'").get(officeCode, epoch) as { s: number | null }).s;
  }

  alarm(officeCode: string, kind: string, detail: string, at: string): void {
    const open = this.db.prepare('SELECT 1 FROM hq_alarms WHERE office_code = ? AND kind = ? AND detail = ? AND accepted_at IS NULL').get(officeCode, kind, detail);
    if (!open) this.db.prepare('INSERT INTO hq_alarms (office_code, kind, detail, raised_at) VALUES (?, ?, ?, ?)').run(officeCode, kind, detail, at);
  }

  alarms(officeCode: string): { id: number; kind: string; detail: string; raisedAt: string }[] {
    return this.db.prepare('SELECT id, kind, detail, raised_at AS raisedAt FROM hq_alarms WHERE office_code = ? AND accepted_at IS NULL ORDER BY id').all(officeCode) as { id: number; kind: string; detail: string; raisedAt: string }[];
  }

  alarmById(id: number): { id: number; office_code: string; kind: string; accepted_at: string | null } | undefined {
    return this.db.prepare('SELECT id, office_code, kind, accepted_at FROM hq_alarms WHERE id = ?').get(id) as { id: number; office_code: string; kind: string; accepted_at: string | null } | undefined;
  }

  /** The anchor key head office holds for a branch (the first one it saw), or null. */
  anchorKey(officeCode: string): string | null {
    return (this.db.prepare('SELECT public_key FROM hq_anchor_keys WHERE office_code = ?').get(officeCode) as { public_key: string } | undefined)?.public_key ?? null;
  }

  pinAnchorKey(officeCode: string, publicKey: string, at: string): void {
    this.db.prepare('INSERT OR IGNORE INTO hq_anchor_keys (office_code, public_key, first_seen) VALUES (?, ?, ?)').run(officeCode, publicKey, at);
  }

  /** Keeps an anchor of a branch; false when head office held it already. */
  keepAnchor(officeCode: string, a: { epoch: number; seq: number; hash: string; at: string; json: string }, receivedAt: string): boolean {
    return (
      this.db
        .prepare('INSERT OR IGNORE INTO hq_anchors (office_code, epoch, seq, hash, anchored_at, anchor_json, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(officeCode, a.epoch, a.seq, a.hash, a.at, a.json, receivedAt).changes === 1
    );
  }

  /** The anchors held of a branch's epoch, oldest first. */
  anchorsOf(officeCode: string, epoch: number): { seq: number; hash: string; anchoredAt: string }[] {
    return this.db.prepare('SELECT seq, hash, anchored_at AS anchoredAt FROM hq_anchors WHERE office_code = ? AND epoch = ? ORDER BY anchored_at, seq').all(officeCode, epoch) as { seq: number; hash: string; anchoredAt: string }[];
  }

  /** An anchor of the branch's current epoch naming a command head office holds with another hash, or undefined. */
  anchorAgainstCommands(officeCode: string): { seq: number; anchored: string; held: string; anchoredAt: string } | undefined {
    return this.db
      .prepare(
        `SELECT a.seq, a.hash AS anchored, c.hash AS held, a.anchored_at AS anchoredAt FROM hq_anchors a
         JOIN hq_branches b ON b.office_code = a.office_code AND b.epoch = a.epoch
         JOIN hq_commands c ON c.office_code = a.office_code AND c.seq = a.seq
         WHERE a.office_code = ? AND c.hash <> a.hash ORDER BY a.seq LIMIT 1`,
      )
      .get(officeCode) as { seq: number; anchored: string; held: string; anchoredAt: string } | undefined;
  }

  /** The first epoch after the branch's current one that has bundles waiting, or null. */
  nextHeldEpoch(officeCode: string): number | null {
    return (this.db.prepare("SELECT min(h.epoch) AS e FROM hq_bundles h JOIN hq_branches b ON b.office_code = h.office_code WHERE h.office_code = ? AND h.status = 'HELD' AND h.epoch > b.epoch").get(officeCode) as { e: number | null }).e;
  }

  /**
   * A head-office user accepted the branch's new epoch (a restore there): the branch starts again from that epoch's
   * first bundle (a full snapshot, which replaces its rows; its commands come again with it), its stop lifted, the
   * alarm closed; one transaction.
   */
  startEpoch(officeCode: string, epoch: number, alarmId: number, at: string): void {
    this.db.transaction(() => {
      this.db.prepare("UPDATE hq_branches SET epoch = ?, last_seq = 0, last_hash = '', stopped = NULL WHERE office_code = ?").run(epoch, officeCode);
      this.db.prepare('DELETE FROM hq_commands WHERE office_code = ?').run(officeCode);
      // an anchor contradicted stays open: it tells of the books edited, which a restore does not undo
      this.db.prepare("UPDATE hq_alarms SET accepted_at = ? WHERE office_code = ? AND accepted_at IS NULL AND kind <> 'ANCHOR'").run(at, officeCode);
      this.db.prepare('UPDATE hq_alarms SET accepted_at = ? WHERE id = ?').run(at, alarmId);
    })();
  }

  stop(officeCode: string, why: string): void {
    this.db.prepare('UPDATE hq_branches SET stopped = ? WHERE office_code = ?').run(why, officeCode);
  }

  private statements?: {
    upsert: Statement;
    del: Statement;
    cmd: Statement;
    unhold: Statement;
    applied: Statement;
    moved: Statement;
    clear: Statement;
  };

  private prepared() {
    this.statements ??= {
      upsert: this.db.prepare('INSERT INTO hq_rows (office_code, table_name, row_key, image) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET image = excluded.image'),
      del: this.db.prepare('DELETE FROM hq_rows WHERE office_code = ? AND table_name = ? AND row_key = ?'),
      cmd: this.db.prepare('INSERT OR REPLACE INTO hq_commands (office_code, seq, operation, business_date, recorded_at, username, hash) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      unhold: this.db.prepare("DELETE FROM hq_bundles WHERE office_code = ? AND epoch = ? AND from_seq = ? AND status = 'HELD'"),
      applied: this.db.prepare("INSERT INTO hq_bundles (office_code, epoch, from_seq, to_seq, hash, status, file_name, received_at) VALUES (?, ?, ?, ?, ?, 'APPLIED', ?, ?)"),
      moved: this.db.prepare('UPDATE hq_branches SET last_seq = ?, last_hash = ?, last_applied_at = ? WHERE office_code = ?'),
      clear: this.db.prepare('DELETE FROM hq_rows WHERE office_code = ?'),
    };
    return this.statements;
  }

  /** Applying one bundle: its lines, then the branch's new position, all in the caller's transaction. */
  applier(officeCode: string): {
    clear: () => void;
    row: (table: string, key: string, image: string) => void;
    remove: (table: string, key: string) => void;
    command: (row: Record<string, unknown>) => void;
    done: (b: { epoch: number; fromSeq: number; toSeq: number; hash: string; fileName: string; at: string }) => void;
  } {
    const s = this.prepared();
    return {
      clear: () => s.clear.run(officeCode),
      row: (table, key, image) => s.upsert.run(officeCode, table, key, image),
      remove: (table, key) => s.del.run(officeCode, table, key),
      command: (r) => s.cmd.run(officeCode, r.seq, r.operation, r.business_date, r.recorded_at, r.username ?? null, r.hash),
      done: (b) => {
        s.unhold.run(officeCode, b.epoch, b.fromSeq);
        s.applied.run(officeCode, b.epoch, b.fromSeq, b.toSeq, b.hash, b.fileName, b.at);
        s.moved.run(b.toSeq, b.hash, b.at, officeCode);
      },
    };
  }

  /** A branch's rows of one table as head office holds them (key -> image). */
  rowsOf(officeCode: string, table: string): Map<string, Record<string, unknown>> {
    const rows = this.db.prepare('SELECT row_key, image FROM hq_rows WHERE office_code = ? AND table_name = ?').all(officeCode, table) as { row_key: string; image: string }[];
    return new Map(rows.map((r) => [r.row_key, JSON.parse(r.image) as Record<string, unknown>]));
  }

  // ---- the consolidated figures' reads (figures.ts): a branch's rows as it has them, read by their columns. A
  // branch's own ids join its rows (a loan's installments, a line's entry), always within the branch's office_code.

  /** The branch's currency, from its organisation row (null before its first bundle). */
  branchCurrency(officeCode: string): { code: string; decimalPlaces: number } | null {
    return (
      (this.db
        .prepare(
          `SELECT json_extract(image, '$.currency_code') AS code, json_extract(image, '$.currency_decimal_places') AS decimalPlaces
           FROM hq_rows WHERE office_code = ? AND table_name = 'organisation'`,
        )
        .get(officeCode) as { code: string; decimalPlaces: number } | undefined) ?? null
    );
  }

  /** The branch's business date at its last command head office holds (null before its first bundle). */
  businessDateHeld(officeCode: string): string | null {
    return (this.db.prepare('SELECT business_date AS d FROM hq_commands WHERE office_code = ? ORDER BY seq DESC LIMIT 1').get(officeCode) as { d: string } | undefined)?.d ?? null;
  }

  /** How many of the branch's loans are in `status`. */
  loanCount(officeCode: string, status: number): number {
    return (this.db.prepare("SELECT count(*) AS n FROM hq_rows WHERE office_code = ? AND table_name = 'loans' AND json_extract(image, '$.status') = ?").get(officeCode, status) as { n: number }).n;
  }

  /**
   * The installment rows (loan_installments, as the branch has them) of the branch's loans in `status`, one loan's
   * after another and each loan's in installment order: one loan at a time is all a caller needs to hold.
   */
  installmentsOfLoans(officeCode: string, status: number): IterableIterator<Record<string, unknown>> {
    const rows = this.db
      .prepare(
        `SELECT image FROM hq_rows
         WHERE office_code = ? AND table_name = 'loan_installments'
           AND json_extract(image, '$.loan_id') IN (
             SELECT json_extract(image, '$.id') FROM hq_rows WHERE office_code = ? AND table_name = 'loans' AND json_extract(image, '$.status') = ?)
         ORDER BY json_extract(image, '$.loan_id'), json_extract(image, '$.installment_number')`,
      )
      .pluck()
      .iterate(officeCode, officeCode, status) as IterableIterator<string>;
    return (function* () {
      for (const image of rows) yield JSON.parse(image) as Record<string, unknown>;
    })();
  }

  /**
   * The amounts of the branch's loan transactions dated `date`, summed per type: reversal rows left out, and so is
   * every transaction a reversal dated on or before `date` undoes (as the branch saw the day when it closed).
   */
  loanTransactionSumsOn(officeCode: string, date: string): { type: string; amount: number }[] {
    return this.db
      .prepare(
        `SELECT json_extract(image, '$.type') AS type, sum(json_extract(image, '$.amount')) AS amount
         FROM hq_rows
         WHERE office_code = ? AND table_name = 'loan_transactions' AND json_extract(image, '$.transaction_date') = ?
           AND json_extract(image, '$.type') <> 'REVERSAL'
           AND json_extract(image, '$.id') NOT IN (
             SELECT json_extract(image, '$.reverses_id') FROM hq_rows
             WHERE office_code = ? AND table_name = 'loan_transactions' AND json_extract(image, '$.reverses_id') IS NOT NULL
               AND json_extract(image, '$.transaction_date') <= ?)
         GROUP BY 1 ORDER BY 1`,
      )
      .all(officeCode, date, officeCode, date) as { type: string; amount: number }[];
  }

  /**
   * Debits and credits per GL account of the branch (its code, name and type), over the journal lines of entries
   * dated on or before `asOf`; accounts without such lines are left out.
   */
  glSums(officeCode: string, asOf: string): { code: string; name: string; type: string; debits: number; credits: number }[] {
    return this.db
      .prepare(
        `SELECT json_extract(a.image, '$.code') AS code, json_extract(a.image, '$.name') AS name, json_extract(a.image, '$.type') AS type,
           s.debits, s.credits
         FROM (SELECT json_extract(image, '$.gl_account_id') AS account, sum(json_extract(image, '$.debit')) AS debits,
                 sum(json_extract(image, '$.credit')) AS credits
               FROM hq_rows
               WHERE office_code = ? AND table_name = 'journal_lines'
                 AND json_extract(image, '$.entry_id') IN (
                   SELECT json_extract(image, '$.id') FROM hq_rows
                   WHERE office_code = ? AND table_name = 'journal_entries' AND json_extract(image, '$.entry_date') <= ?)
               GROUP BY 1) s
         JOIN hq_rows a ON a.office_code = ? AND a.table_name = 'gl_accounts' AND json_extract(a.image, '$.id') = s.account
         ORDER BY 1`,
      )
      .all(officeCode, officeCode, asOf, officeCode) as { code: string; name: string; type: string; debits: number; credits: number }[];
  }

  /**
   * Clients of every branch whose name contains `text`, or whose account number, mobile number or external id is
   * `text`, and the clients of loans whose account number is `text`: the branch, the client's row and its loans'
   * rows (read only: head office looks, the branch does).
   */
  lookup(text: string, limit: number): { office_code: string; client: string; loans: string }[] {
    return this.db
      .prepare(
        `WITH found AS (
           SELECT office_code, row_key FROM hq_rows
           WHERE table_name = 'clients' AND (json_extract(image, '$.display_name') LIKE '%' || ? || '%' ESCAPE '\\'
             OR json_extract(image, '$.account_no') = ? OR json_extract(image, '$.mobile_no') = ? OR json_extract(image, '$.external_id') = ?)
           UNION
           SELECT office_code, CAST(json_extract(image, '$.client_id') AS TEXT) FROM hq_rows
           WHERE table_name = 'loans' AND json_extract(image, '$.account_no') = ?
           LIMIT ?)
         SELECT f.office_code, c.image AS client,
           (SELECT json_group_array(json(l.image)) FROM hq_rows l
            WHERE l.office_code = f.office_code AND l.table_name = 'loans' AND json_extract(l.image, '$.client_id') = CAST(f.row_key AS INTEGER)) AS loans
         FROM found f JOIN hq_rows c ON c.office_code = f.office_code AND c.table_name = 'clients' AND c.row_key = f.row_key
         ORDER BY f.office_code, json_extract(c.image, '$.display_name')`,
      )
      .all(text.replace(/[\\%_]/g, (c) => `\\${c}`), text, text, text, text, limit) as { office_code: string; client: string; loans: string }[];
  }
}
