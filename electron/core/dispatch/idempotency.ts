import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { nextCommandSeq, redact } from './commandLog';

/**
 * Idempotent commands: a command whose input carries `idempotencyKey` posts once. The same key with the same
 * input answers the first result again (a double click, a retry after a time-out); the same key with another
 * input is refused (CONFLICT), because it means two different payments were given one key.
 */
function keyOf(input: unknown): string | null {
  if (input && typeof input === 'object' && 'idempotencyKey' in input) {
    const k = (input as { idempotencyKey?: unknown }).idempotencyKey;
    return typeof k === 'string' && k.length > 0 ? k : null;
  }
  return null;
}

/**
 * Over the input as logged (secrets removed): a manager's approval password must not be kept, not even as an
 * unsalted hash that the logged input would let anyone with a copy of the database test guesses against.
 */
function hashInput(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(redact(input))).digest('hex');
}

/** The stored result when this key was already used for the same call; undefined when the key is new. */
export function findIdempotentResult(db: Db, operation: string, input: unknown): unknown {
  const key = keyOf(input);
  if (!key) return undefined;
  const row = sql<[string], { operation: string; input_hash: string; result_json: string }>(
    db,
    'SELECT operation, input_hash, result_json FROM idempotency_keys WHERE key = ?',
  ).get(key);
  if (!row) return undefined;
  if (row.operation !== operation || row.input_hash !== hashInput(input)) {
    throw new AppError('CONFLICT', 'This idempotency key was already used for a different transaction', [
      { field: 'idempotencyKey', code: 'reused', message: 'was already used for a different transaction' },
    ]);
  }
  return JSON.parse(row.result_json) as unknown;
}

/** Called after the command's log row is written, in the same transaction. */
export function rememberIdempotentResult(db: Db, operation: string, input: unknown, result: unknown): void {
  const key = keyOf(input);
  if (!key) return;
  sql(db, 'INSERT INTO idempotency_keys (key, operation, input_hash, command_seq, result_json) VALUES (?, ?, ?, ?, ?)').run(
    key,
    operation,
    hashInput(input),
    nextCommandSeq(db) - 1,
    JSON.stringify(result ?? null),
  );
}
