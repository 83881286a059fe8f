import type { z } from 'zod';
import { AppError, type FieldError } from '../errors';

/**
 * Parses an operation's input with its zod schema: unknown keys are refused, and every bad field is named once
 * (a dotted path such as "identifiers.0.documentKey") with a stable code the renderer translates.
 * Used by the dispatcher and by tools that take the same input without it (`branchbox schedule`).
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const value = raw === undefined || raw === null ? {} : raw;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields: FieldError[] = [];
  for (const issue of result.error.issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        fields.push({ field: base ? `${base}.${key}` : key, code: 'unknown_field', message: 'is not a known field' });
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
