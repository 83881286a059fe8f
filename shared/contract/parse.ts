import type { z } from 'zod';
import { AppError, type FieldError } from '../errors';

/**
 * Parses an operation's input with its zod schema: unknown keys are refused, and every bad field is named once
 * (a dotted path such as "identifiers.0.documentKey") with a stable code the renderer translates.
 * Used by the dispatcher and by tools that take the same input without it (`branchbox schedule`).
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const value = raw === undefined || raw === null ? {} : raw;
  checkText(value);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields: FieldError[] = [];
  for (const issue of result.error.issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        // a key with no name is named "" (an empty field name would name nothing)
        const shown = key === '' ? '""' : key;
        fields.push({ field: base ? `${base}.${shown}` : shown, code: 'unknown_field', message: 'is not a known field' });
      }
      continue;
    }
    const code = valueAt(value, issue.path) === undefined ? 'required' : issueCode(issue);
    if (fields.some((f) => f.field === (base || '(input)'))) continue; // the first problem of a field is enough
    const fieldError: FieldError = { field: base || '(input)', code, message: code === 'required' ? 'is required' : issue.message };
    if (issue.code === 'too_small') fieldError.params = { minimum: Number(issue.minimum) };
    if (issue.code === 'too_big') fieldError.params = { maximum: Number(issue.maximum) };
    fields.push(fieldError);
  }
  const names = [...new Set(fields.map((f) => f.field))];
  return throwValidation(fields, names);
}

/** Deeper than any operation's input goes (a Fineract product's JSON is the deepest, a few levels). */
export const MAX_INPUT_DEPTH = 32;

/** A UTF-16 surrogate without its partner: not text, and not storable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Before any schema sees it, the whole input (keys and values, whatever the operation) is refused when a string
 * holds an unpaired UTF-16 surrogate (issue 14, point 11: SQLite would keep invalid UTF-8, and the audit log a
 * different text) or when it nests deeper than any input of the contract. Walked without recursion, so no input
 * can exhaust the stack.
 */
function checkText(root: unknown): void {
  // each place keeps its parent and key, not its path: a path is built only for the field named in an error
  interface Place {
    value: unknown;
    parent: Place | null;
    key: string;
    depth: number;
  }
  const pathOf = (p: Place): string[] => {
    const keys: string[] = [];
    for (let at: Place | null = p; at && at.parent; at = at.parent) keys.push(at.key);
    return keys.reverse();
  };
  const stack: Place[] = [{ value: root, parent: null, key: '', depth: 0 }];
  while (stack.length > 0) {
    const place = stack.pop()!;
    const { value } = place;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) throwInvalidText(pathOf(place));
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (place.depth >= MAX_INPUT_DEPTH) {
      const field = shownPath(pathOf(place));
      throwValidation([{ field, code: 'too_deep', message: 'is nested too deeply', params: { maximum: MAX_INPUT_DEPTH } }], [field]);
    }
    for (const [key, child] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key)) throwInvalidText([...pathOf(place), key]);
      if (typeof child === 'string' || (child !== null && typeof child === 'object')) stack.push({ value: child, parent: place, key, depth: place.depth + 1 });
    }
  }
}

function throwInvalidText(path: string[]): never {
  const field = shownPath(path);
  return throwValidation([{ field, code: 'invalid_text', message: 'holds characters that are not valid text' }], [field]);
}

/** A dotted path safe to show and to send as JSON (an unpaired surrogate in a key shown as U+FFFD). */
function shownPath(path: string[]): string {
  return path.length === 0 ? '(input)' : path.map((k) => (k === '' ? '""' : k)).join('.').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}

function throwValidation(fields: FieldError[], names: string[]): never {
  throw new AppError('VALIDATION_FAILED', `Please correct: ${names.join(', ')}`, fields);
}

function issueCode(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'required' : 'invalid_type';
    case 'too_small':
      return 'too_small';
    case 'too_big':
      return 'too_big';
    case 'invalid_value':
      return 'invalid_choice';
    case 'invalid_format':
      return 'invalid_format';
    default:
      return 'invalid';
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}
