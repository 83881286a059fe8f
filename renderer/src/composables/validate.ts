import { operations, type Input, type OperationName } from '../../../shared/contract';
import { parseInput } from '../../../shared/contract/parse';
import { AppError, type FieldError } from '../../../shared/errors';

/**
 * Checks an input against the operation's own schema, with the same parser the core's dispatcher uses, in the
 * renderer, before sending it: the rules and the field codes cannot drift. The core stays the authority and
 * checks again. Used where waiting for the end of a long form would be unkind (the set-up wizard).
 */
export function validateInput<K extends OperationName>(name: K, input: Input<K>): FieldError[] {
  try {
    parseInput(operations[name].input, input);
    return [];
  } catch (e) {
    if (e instanceof AppError) return e.fields ?? [];
    throw e;
  }
}
