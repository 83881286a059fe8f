import { captureFor } from '../db/capture';
import { isOperationName, operations } from '../../../shared/contract';
import { redactSecrets } from '../../../shared/contract/secrets';
import { createHash } from 'node:crypto';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';

/**
 * The command_log (ARCHITECTURE.md section 7): one row per successful command, written in the command's own
 * transaction. `seq` is gapless; `hash` = SHA-256 over the previous row's hash and this row's fields, so the
 * chain breaks at the first edited, deleted or reordered row.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface CommandLogRow {
  seq: number;
  office_code: string;
  operation: string;
  user_id: number | null;
  username: string | null;
  business_date: string;
  recorded_at: string;
  input_json: string;
  entity_ids_json: string;
  prev_hash: string;
  hash: string;
}

export function hashRow(row: Omit<CommandLogRow, 'hash'>): string {
  const fields = [
    row.seq,
    row.office_code,
    row.operation,
    row.user_id,
    row.username,
    row.business_date,
    row.recorded_at,
    row.input_json,
    row.entity_ids_json,
  ];
  return createHash('sha256').update(row.prev_hash).update('\n').update(JSON.stringify(fields)).digest('hex');
}

/**
 * The validated input as logged: the fields the contract marks secret replaced (shared/contract/secrets.ts), so
 * the log can travel to headquarters. Any other field is logged as sent. A job's chunk logs its own record under
 * the job's name: its secret fields, if it had any by the same names, would be redacted the same way.
 */
export function redactInput(operation: string, value: unknown): unknown {
  return isOperationName(operation) ? redactSecrets(operations[operation].input, value) : value;
}

export interface AppendCommand {
  officeCode: string;
  operation: string;
  userId: number | null;
  username: string | null;
  businessDate: string;
  recordedAt: string;
  input: unknown;
  entityIds: string[];
}

/** The seq the next command_log row will take (inside the command's transaction, so no one else takes it). */
export function nextCommandSeq(db: Db): number {
  const last = sql<[], { seq: number }>(db, 'SELECT seq FROM command_log ORDER BY seq DESC LIMIT 1').get();
  return (last?.seq ?? 0) + 1;
}

export function appendCommandLog(db: Db, cmd: AppendCommand): CommandLogRow {
  const last = sql(db, 'SELECT seq, hash FROM command_log ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: string }
    | undefined;
  const base = {
    seq: (last?.seq ?? 0) + 1,
    office_code: cmd.officeCode,
    operation: cmd.operation,
    user_id: cmd.userId,
    username: cmd.username,
    business_date: cmd.businessDate,
    recorded_at: cmd.recordedAt,
    input_json: JSON.stringify(redactInput(cmd.operation, cmd.input) ?? {}),
    entity_ids_json: JSON.stringify(cmd.entityIds),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const row: CommandLogRow = { ...base, hash: hashRow(base) };
  sql(
    db,
    `INSERT INTO command_log (seq, office_code, operation, user_id, username, business_date, recorded_at,
       input_json, entity_ids_json, prev_hash, hash)
     VALUES (@seq, @office_code, @operation, @user_id, @username, @business_date, @recorded_at,
       @input_json, @entity_ids_json, @prev_hash, @hash)`,
  ).run(row);
  // what is written after this row belongs to no command until the next one begins (db/capture.ts)
  captureFor(db, null);
  return row;
}

/**
 * Bulk work done outside the dispatcher (the CLI's seed-demo, a benchmark's seeding) written as one command: one
 * transaction whose rows are captured as the command's (db/capture.ts) and closed by its command_log row (`command`,
 * read once `body` has run: the office it names may be one the body made).
 */
export function recordAsCommand<T>(db: Db, body: () => T, command: () => AppendCommand): T {
  // IMMEDIATE, as the dispatcher's: `branchbox hq import` beside `branchbox hq serve` waits for the host's write
  // instead of failing with "database is locked" after its first read (issue 14 point 6)
  return db
    .transaction(() => {
      captureFor(db, nextCommandSeq(db));
      const out = body();
      appendCommandLog(db, command());
      return out;
    })
    .immediate();
}

/** Walks the chain in seq order; returns the first fault, or null when every row holds. */
export function checkChain(db: Db): string | null {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  for (const row of db.prepare('SELECT * FROM command_log ORDER BY seq').iterate() as Iterable<CommandLogRow>) {
    if (row.seq !== expectedSeq) {
      return `command_log: expected seq ${expectedSeq} but found ${row.seq} (a row is missing or out of order)`;
    }
    if (row.prev_hash !== prev) {
      return `command_log: row ${row.seq} does not follow row ${row.seq - 1} (rows deleted or reordered)`;
    }
    if (hashRow(row) !== row.hash) {
      return `command_log: row ${row.seq} (${row.operation}) was altered after it was written`;
    }
    prev = row.hash;
    expectedSeq += 1;
  }
  return null;
}
