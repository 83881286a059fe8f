import type { z } from 'zod';
import { parseInput } from '../../../shared/contract/parse';
import { AppError, type FieldError } from '../../../shared/errors';

/**
 * Checks an input against an operation's own schema from the contract, with the same parser the core's dispatcher
 * uses, in the renderer, before sending it: the rules and the field codes cannot drift. The core stays the
 * authority and checks again. Used where waiting for the end of a long form would be unkind (the set-up wizard).
 *
 * Callers import the one schema they need from its area file (shared/contract/setup.ts ...), not the whole
 * `operations` map, so that the renderer bundle does not carry every schema of the contract.
 */
export function validateInput<S extends z.ZodType>(schema: S, input: z.input<S>): FieldError[] {
  try {
    parseInput(schema, input);
    return [];
  } catch (e) {
    if (e instanceof AppError) return e.fields ?? [];
    throw e;
  }
}
