import { operations, type Input, type OperationName } from '../../../shared/contract';
import type { FieldError } from '../../../shared/errors';

/**
 * Checks an input against the operation's own zod schema from the contract, in the renderer, before sending it.
 * It is the same schema the core parses with, so the rules cannot drift; the core stays the authority and
 * checks again. Used where waiting for the end of a long form would be unkind (the set-up wizard).
 */
export function validateInput<K extends OperationName>(name: K, input: Input<K>): FieldError[] {
  const result = operations[name].input.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }));
}
