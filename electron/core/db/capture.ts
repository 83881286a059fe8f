import type { Db } from './connection';

/**
 * What each command changed, captured by construction (ARCHITECTURE.md 7; issue 13): every insert, update and
 * delete of an exportable table writes the row's image into `row_changes` through triggers made here from the
 * schema itself, so no service has to remember it and a column added later is captured without more code. Each
 * image carries the sequence of the command under way (`capture_context`: set when a command's transaction begins,
 * cleared by its command_log row in the same transaction). An image without one was written outside any command (a
 * direct edit of the file): `branchbox verify` says so, and also checks that every row is still its last image.
 */

/**
 * The exportable tables, and the columns never exported: secrets and what signing in changes; and the kept figures
 * (migrations 0005 and 0006: a loan's outstanding and unpaid installments, a savings account's balance and interest
 * run state, a till's balance), which are derived from exported rows (installments, transactions, till movements),
 * checked against them by verify, and recomputed by head office. A write of only such columns records nothing.
 */
const LOAN_KEPT = ['principal_outstanding', 'total_outstanding', 'unpaid_json', 'oldest_unpaid_due'];
const SAVINGS_KEPT = ['balance', 'interest_checkpoint_date', 'interest_checkpoint_balance', 'interest_checkpoint_compounded', 'interest_checkpoint_pending', 'interest_due_on'];
export const EXPORTABLE: Readonly<Record<string, readonly string[]>> = {
  organisation: [],
  offices: [],
  staff: [],
  users: ['password_hash', 'failed_attempts', 'locked_until', 'last_login_at'],
  user_roles: [],
  payment_types: [],
  clients: [],
  client_identifiers: [],
  loan_products: [],
  loans: LOAN_KEPT,
  loan_installments: [],
  loan_transactions: [],
  savings_products: [],
  savings_accounts: SAVINGS_KEPT,
  savings_transactions: [],
  gl_accounts: [],
  journal_entries: [],
  journal_lines: [],
  accounting_closures: [],
  tills: ['balance'],
  till_sessions: [],
  till_movements: [],
  receipts: [],
  holidays: [],
  working_days: [],
  charges: [],
  product_charges: [],
  product_accounting: [],
  account_accounting: [],
  loan_charges: [],
  loan_charge_installments: [],
  savings_account_charges: [],
  savings_charge_dues: [],
  savings_charge_payments: [],
  savings_account_sub_statuses: [],
  savings_transfers: [],
  savings_transfer_fees: [],
  centers: [],
  groups: [],
  group_members: [],
  group_roles: [],
  calendars: [],
  calendar_history: [],
  meetings: [],
  meeting_attendance: [],
  loan_groups: [],
  savings_groups: [],
  collection_sheets: [],
  collection_sheet_items: [],
  collection_sheet_undos: [],
};

interface Column {
  name: string;
  pk: number;
}

export interface TableShape {
  table: string;
  /** the columns an image holds, in table order */
  columns: string[];
  /** SQL giving a row's key from a row alias (`NEW`, `OLD`, or a table alias): its rowid, or its primary key columns */
  key: (alias: string) => string;
  /** SQL giving the row's image as JSON text */
  image: (alias: string) => string;
  /** the column a row's age can be told by (rowid, or the first primary key column of a WITHOUT ROWID table) */
  ageColumn: string;
  /** SQL finding a row by its key's parts (bound in order: the rowid, or each primary key column), on alias `t` */
  byKey: string;
  /** a key split into the parts `byKey` binds */
  keyParts: (key: string) => string[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A table's shape for capture, from its schema. */
export function tableShape(db: Db, table: string): TableShape {
  const cols = db.prepare(`SELECT name, pk FROM pragma_table_info(?)`).all(table) as Column[];
  if (cols.length === 0) throw new Error(`capture: no table ${table}`);
  const excluded = new Set(EXPORTABLE[table] ?? []);
  const columns = cols.map((c) => c.name).filter((c) => !excluded.has(c));
  const withoutRowid = (db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) as { sql: string }).sql.match(/WITHOUT\s+ROWID\s*$/i) !== null;
  const pk = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
  const key = withoutRowid ? (a: string) => pk.map((c) => `${a}.${quote(c)}`).join(` || ':' || `) : (a: string) => `CAST(${a}.rowid AS TEXT)`;
  return {
    table,
    columns,
    key,
    image: (a) => `json_object(${columns.map((c) => `'${c}', ${a}.${quote(c)}`).join(', ')})`,
    ageColumn: withoutRowid ? pk[0]! : 'rowid',
    byKey: withoutRowid ? pk.map((c) => `t.${quote(c)} = ?`).join(' AND ') : 't.rowid = ?',
    keyParts: (key) => (withoutRowid && pk.length > 1 ? key.split(':') : [key]),
  };
}

function triggersOf(shape: TableShape): { name: string; sql: string }[] {
  const t = shape.table;
  const insert = (op: string, alias: string, image: string) =>
    `INSERT INTO row_changes (command_seq, table_name, row_key, op, image) VALUES ((SELECT seq FROM capture_context WHERE id = 1), '${t}', ${shape.key(alias)}, '${op}', ${image})`;
  return [
    { name: `capture_${t}_insert`, sql: `CREATE TRIGGER capture_${t}_insert AFTER INSERT ON ${quote(t)} BEGIN ${insert('I', 'NEW', shape.image('NEW'))}; END` },
    {
      name: `capture_${t}_update`,
      sql: `CREATE TRIGGER capture_${t}_update AFTER UPDATE OF ${shape.columns.map(quote).join(', ')} ON ${quote(t)} BEGIN ${insert('U', 'NEW', shape.image('NEW'))}; END`,
    },
    { name: `capture_${t}_delete`, sql: `CREATE TRIGGER capture_${t}_delete AFTER DELETE ON ${quote(t)} BEGIN ${insert('D', 'OLD', 'NULL')}; END` },
  ];
}

/** The capture triggers the schema as it is now calls for, as installCapture makes them (verify checks they are there). */
export function captureTriggers(db: Db): { name: string; sql: string }[] {
  return Object.keys(EXPORTABLE).flatMap((table) => triggersOf(tableShape(db, table)));
}

/**
 * Makes the capture triggers from the schema as it is now (after the migrations), replacing any that differ, and
 * records where capture began for a table met the first time: rows older than that have no image.
 */
export function installCapture(db: Db): void {
  db.transaction(() => {
    const existing = new Map((db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'capture\\_%' ESCAPE '\\'`).all() as { name: string; sql: string }[]).map((r) => [r.name, r.sql]));
    const wanted = new Set<string>();
    for (const table of Object.keys(EXPORTABLE)) {
      const shape = tableShape(db, table);
      for (const trigger of triggersOf(shape)) {
        wanted.add(trigger.name);
        if (existing.get(trigger.name) === trigger.sql) continue;
        if (existing.has(trigger.name)) db.exec(`DROP TRIGGER ${trigger.name}`);
        db.exec(trigger.sql);
      }
      db.prepare(`INSERT OR IGNORE INTO capture_start (table_name, max_age) SELECT ?, coalesce(max(${quote(shape.ageColumn)}), 0) FROM ${quote(table)}`).run(table);
    }
    for (const name of existing.keys()) if (!wanted.has(name)) db.exec(`DROP TRIGGER ${name}`);
  })();
}

/**
 * The command whose writes the capture records from now on (`seq`, the sequence its command_log row will take), or
 * none (null: what is written then is outside any command). The dispatcher sets it as a command's transaction
 * begins; the command_log row clears it.
 */
export function captureFor(db: Db, seq: number | null): void {
  db.prepare('UPDATE capture_context SET seq = ? WHERE id = 1').run(seq);
}
