import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { nextCommandSeq, redactInput } from './commandLog';

/**
 * Idempotent commands: a command whose input carries `idempotencyKey` posts once. The same key with the same
 * input answers the first result again (a double click, a retry after a time-out); the same key with another
 * input is refused (CONFLICT), because it means two different payments were given one key.
 *
 * A key belongs to the user who sent it (migration 0012): another user sending the same key makes a call of their
 * own, and never reads the first user's answer (a receipt with a client's name and balance). 0 stands for a
 * command sent with nobody signed in (setup).
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
function hashInput(operation: string, input: unknown): string {
  return createHash('sha256').update(JSON.stringify(redactInput(operation, input))).digest('hex');
}

/** The stored result when this user already used this key for the same call; undefined when the key is new to them. */
export function findIdempotentResult(db: Db, userId: number | null, operation: string, input: unknown): unknown {
  const key = keyOf(input);
  if (!key) return undefined;
  const row = sql<[number, string], { operation: string; input_hash: string; result_json: string }>(
    db,
    'SELECT operation, input_hash, result_json FROM idempotency_keys WHERE user_id = ? AND key = ?',
  ).get(userId ?? 0, key);
  if (!row) return undefined;
  if (row.operation !== operation || row.input_hash !== hashInput(operation, input)) {
    throw new AppError('CONFLICT', 'This idempotency key was already used for a different transaction', [
      { field: 'idempotencyKey', code: 'reused', message: 'was already used for a different transaction' },
    ]);
  }
  return JSON.parse(row.result_json) as unknown;
}

/** Called after the command's log row is written, in the same transaction. */
export function rememberIdempotentResult(db: Db, userId: number | null, operation: string, input: unknown, result: unknown): void {
  const key = keyOf(input);
  if (!key) return;
  sql(
    db,
    'INSERT INTO idempotency_keys (user_id, key, operation, input_hash, command_seq, result_json) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(userId ?? 0, key, operation, hashInput(operation, input), nextCommandSeq(db) - 1, JSON.stringify(result ?? null));
}
