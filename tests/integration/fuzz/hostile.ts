import fc from 'fast-check';
import { z } from 'zod';
import { MAX_AMOUNT_MINOR, MAX_BALANCE_MINOR } from '../../../shared/money';

/**
 * Hostile inputs for an operation, derived from its zod 4 schema through z.toJSONSchema (no published bridge joins
 * zod 4 and fast-check 4): a value shaped like the schema (with the names, lengths, bounds and enums it gives),
 * then one hostile change at a random place in it: a wrong type, a missing or extra key, `__proto__`, a 1 MB string,
 * deep nesting, amounts and numbers at and past every limit, impossible dates, unicode edge cases. Some inputs are
 * hostile as a whole (not an object, nested 100,000 deep).
 */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | JsonSchema;
};

export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return {};
  }
}

// ---- the hostile values

const MEGABYTE = 1024 * 1024;
/** Amounts at and past the limits (MAX_AMOUNT_MINOR per field, MAX_BALANCE_MINOR a balance, 2^53), for 0 and 2 decimals. */
const AMOUNTS: unknown[] = [
  '0', '0.00', '-0', '0.01', '1', '1500', '1500.50', '-1', '-1500.50', '1e3', '1,500', ' 12 ', '.5', '5.', '0x10', '1.001',
  String(MAX_AMOUNT_MINOR), String(MAX_AMOUNT_MINOR + 1), `${String(MAX_AMOUNT_MINOR).slice(0, -2)}.99`, `${String(MAX_AMOUNT_MINOR).slice(0, -2)}.999`,
  String(MAX_BALANCE_MINOR), String(Number.MAX_SAFE_INTEGER), '9007199254740993', '99999999999999999999999999', `1${'0'.repeat(400)}`,
  '0.0000001', '1.1234567', 'NaN', 'Infinity', '',
  0, -0, 1, -1, 0.1, 0.30000000000000004, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, Number.MAX_VALUE, NaN, Infinity, -Infinity,
];
const DATES: unknown[] = [
  '2026-03-02', '2026-02-29', '2024-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '0000-00-00', '0001-01-01',
  '9999-12-31', '1900-01-01', '2026-1-5', '26-01-05', '2026/01/05', '2026-01-05T00:00:00Z', '+020260-01-01', '2026-01-05\u0000', ' 2026-01-05', '', 20260105,
];
const UNICODE: string[] = [
  '\uD800', '\uDBFF', '\uDC00', 'ab\uD83Dcd', 'x\uDE00', '\uDE00\uD83D', '\u0000', 'a\u0000b', '\u202Eevil\u202C', 'مرحبا', 'שָׁלוֹם', '\u200F\u200E',
  '👩‍👩‍👧‍👦', '🏳️‍🌈', 'e\u0301\u0301\u0301', '\uFEFF', '\u200B', '\uFFFF', '\uFFFE', '𝕏', 'İı', 'ß', '\r\n\t', '%s%n', "'; DROP TABLE clients; --", '<script>alert(1)</script>',
  '../../etc/passwd', 'C:\\Windows\\system32', '${process.exit()}', '{{7*7}}', '__proto__', 'constructor',
];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', '\uD800', '\u0000', 'id ', 'ID', 'bogus', '$where', 'a.b', '0'];
const NUMBERS: unknown[] = [0, -0, -1, 1, 2, 0.5, -0.5, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 32, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e308, -1e308, 5e-324, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];

const bigString = fc.constantFrom('x', 'é', '\uD800', '0', '👩').map((c) => c.repeat(Math.ceil(MEGABYTE / c.length)));

/** `depth` levels of arrays or objects around a leaf, built without recursion. */
function nested(depth: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}
const deep = fc.tuple(fc.constantFrom(33, 1000, 100_000), fc.constantFrom('array' as const, 'object' as const)).map(([d, k]) => nested(d, k));

/** A value of any kind: what a wrong type is drawn from. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, true, false, 0, -1, 1.5, NaN, Infinity, '', 'x', [], {}, [1, 2], { a: 1 }, '0', 'true', 'null', new Date(0), () => 1),
  fc.constantFrom(...NUMBERS),
  fc.constantFrom(...UNICODE),
  fc.constantFrom(...AMOUNTS),
  fc.constantFrom(...DATES),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
);

// ---- values shaped like the schema

const ABSENT = Symbol('absent');

function types(s: JsonSchema): string[] {
  if (Array.isArray(s.type)) return s.type;
  if (typeof s.type === 'string') return [s.type];
  if (s.properties) return ['object'];
  if (s.items) return ['array'];
  return [];
}

/**
 * Good values by field name (the seeded branch's product, client, accounts and users): a hostile change in an
 * otherwise good input reaches past the schema into the handler.
 */
let goodValues: Map<string, unknown[]> = new Map();
export function setGoodValues(examples: Record<string, unknown>[]): void {
  const out = new Map<string, unknown[]>();
  const walk = (v: unknown, key: string): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    else if (key) out.set(key, [...(out.get(key) ?? []), v]);
  };
  examples.forEach((e) => walk(e, ''));
  goodValues = out;
}

/** Strings for a field, by what its name says it holds. */
function stringsFor(name: string, s: JsonSchema): fc.Arbitrary<unknown> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, 40);
  const plain = fc.string({ minLength: Math.min(min, max), maxLength: Math.max(Math.min(min, max), max) });
  const choices: fc.Arbitrary<unknown>[] = [plain];
  if (/date|from|to$|asOf|on$/i.test(name)) choices.push(fc.constantFrom(...DATES), fc.constantFrom(...DATES));
  if (/amount|principal|balance|limit|fee|rate|debit|credit|count|float|denomination|percent|tolerance|multiple/i.test(name)) choices.push(fc.constantFrom(...AMOUNTS), fc.constantFrom(...AMOUNTS));
  if (/code|type|status|frequency|strategy|role|gender|kind/i.test(name)) choices.push(fc.constantFrom('CASH', 'MONTHS', 'FLAT', 'ACTIVE', 'KES', 'TELLER', 'PER_YEAR', 'DECLINING_BALANCE', 'mifos-standard-strategy', 'NRB', '1140'));
  if (/name|user/i.test(name)) choices.push(fc.constantFrom('admin', 'manager', 'teller', 'officer', 'accountant', 'fuzzer', 'nobody', 'Amina'));
  if (/password|passphrase/i.test(name)) choices.push(fc.constantFrom('Adm1n-pass-2026', 'Str0ng-pass-2026', 'wrong-pass-1', 'x'));
  if (/key$/i.test(name)) choices.push(fc.constantFrom('fuzz-key-0001', 'fuzz-key-0002', 'short'));
  choices.push(fc.constantFrom(...UNICODE));
  return fc.oneof(...choices);
}

function numbersFor(s: JsonSchema, integer: boolean): fc.Arbitrary<unknown> {
  const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -5);
  const hi = Math.min(s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 10_000), 1e15);
  const small = fc.integer({ min: Math.max(lo, -5), max: Math.max(Math.max(lo, -5), Math.min(hi, 12)) });
  const edges = [lo, hi, lo - 1, hi + 1, ...(integer ? [lo + 0.5] : [])].filter((n) => Number.isFinite(n));
  return fc.oneof({ weight: 4, arbitrary: small }, { weight: 2, arbitrary: fc.constantFrom(...edges) }, { weight: 1, arbitrary: fc.constantFrom(...NUMBERS) });
}

/** A value shaped like `s` (the field's name guides strings): what the hostile change is made in. */
export function shaped(s: JsonSchema, name = '', depth = 0): fc.Arbitrary<unknown> {
  if (depth > 8) return anyValue;
  const good = goodValues.get(name);
  if (good && good.length > 0) return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: shapedBySchema(s, name, depth) });
  return shapedBySchema(s, name, depth);
}

function shapedBySchema(s: JsonSchema, name: string, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...s.enum) }, { weight: 1, arbitrary: stringsFor(name, {}) });
  const options = s.anyOf ?? s.oneOf;
  if (options && options.length > 0) return fc.oneof(...options.map((o) => shaped(o, name, depth + 1)));
  if (s.allOf && s.allOf.length > 0) return shaped(s.allOf[0]!, name, depth + 1);
  const ts = types(s);
  if (ts.length === 0) return anyValue;
  return fc.oneof(
    ...ts.map((t): fc.Arbitrary<unknown> => {
      switch (t) {
        case 'string':
          return stringsFor(name, s);
        case 'integer':
          return numbersFor(s, true);
        case 'number':
          return numbersFor(s, false);
        case 'boolean':
          return fc.boolean();
        case 'null':
          return fc.constant(null);
        case 'array': {
          const maxLength = Math.min(s.maxItems ?? 3, 3);
          const minLength = Math.min(s.minItems ?? 0, maxLength);
          return fc.array(s.items ? shaped(s.items, name, depth + 1) : anyValue, { minLength, maxLength });
        }
        case 'object': {
          const props = s.properties ?? {};
          const required = new Set(s.required ?? []);
          // every required key; an optional key now and then (most inputs leave most of them out)
          const model: Record<string, fc.Arbitrary<unknown>> = {};
          for (const [key, child] of Object.entries(props)) {
            model[key] = required.has(key) ? shaped(child, key, depth + 1) : fc.oneof({ weight: 4, arbitrary: fc.constant(ABSENT) }, { weight: 1, arbitrary: shaped(child, key, depth + 1) });
          }
          return fc.record(model).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== ABSENT)));
        }
        default:
          return anyValue;
      }
    }),
  );
}

// ---- one hostile change

type Path = (string | number)[];

/** Every place in a value: the root, each key of an object, each item of an array. */
function places(value: unknown, path: Path = [], out: { path: Path; value: unknown }[] = []): { path: Path; value: unknown }[] {
  out.push({ path, value });
  if (Array.isArray(value)) value.forEach((v, i) => places(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) places(v, [...path, k], out);
  return out;
}

function replaceAt(root: unknown, path: Path, make: (old: unknown) => unknown): unknown {
  if (path.length === 0) return make(root);
  const [head, ...rest] = path;
  if (Array.isArray(root)) return root.map((v, i) => (i === head ? replaceAt(v, rest, make) : v));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(root as Record<string, unknown>)) {
    if (k === head) Object.defineProperty(out, k, { value: replaceAt(v, rest, make), enumerable: true, writable: true, configurable: true });
    else Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** An own enumerable key on an object, `__proto__` included (as JSON.parse would make it). */
function withKey(obj: unknown, key: string, value: unknown): unknown {
  const base = obj && typeof obj === 'object' && !Array.isArray(obj) ? { ...(obj as object) } : {};
  Object.defineProperty(base, key, { value, enumerable: true, writable: true, configurable: true });
  return base;
}

type Change =
  | { kind: 'wrongType'; value: unknown }
  | { kind: 'drop' }
  | { kind: 'extraKey'; key: string; value: unknown }
  | { kind: 'proto' }
  | { kind: 'bigString'; value: string }
  | { kind: 'deep'; value: unknown }
  | { kind: 'amount'; value: unknown }
  | { kind: 'number'; value: unknown }
  | { kind: 'date'; value: unknown }
  | { kind: 'unicode'; value: string; where: 'replace' | 'append' | 'key' };

const change: fc.Arbitrary<Change> = fc.oneof(
  anyValue.map((value) => ({ kind: 'wrongType' as const, value })),
  fc.constant({ kind: 'drop' as const }),
  fc.tuple(fc.constantFrom(...HOSTILE_KEYS), anyValue).map(([key, value]) => ({ kind: 'extraKey' as const, key, value })),
  fc.constant({ kind: 'proto' as const }),
  bigString.map((value) => ({ kind: 'bigString' as const, value })),
  deep.map((value) => ({ kind: 'deep' as const, value })),
  fc.constantFrom(...AMOUNTS).map((value) => ({ kind: 'amount' as const, value })),
  fc.constantFrom(...NUMBERS).map((value) => ({ kind: 'number' as const, value })),
  fc.constantFrom(...DATES).map((value) => ({ kind: 'date' as const, value })),
  fc.tuple(fc.constantFrom(...UNICODE), fc.constantFrom('replace' as const, 'append' as const, 'key' as const)).map(([value, where]) => ({ kind: 'unicode' as const, value, where })),
);

function apply(value: unknown, at: number, c: Change): unknown {
  const all = places(value);
  const target = all[at % all.length]!;
  const objects = all.filter((p) => p.value !== null && typeof p.value === 'object' && !Array.isArray(p.value));
  const obj = objects.length > 0 ? objects[at % objects.length]! : null;
  const nonRoot = all.filter((p) => p.path.length > 0);
  const leaf = nonRoot.length > 0 ? nonRoot[at % nonRoot.length]! : target;
  switch (c.kind) {
    case 'wrongType':
    case 'amount':
    case 'number':
    case 'date':
    case 'deep':
    case 'bigString':
      return replaceAt(value, leaf.path, () => c.value);
    case 'drop': {
      if (nonRoot.length === 0) return value;
      const parentPath = leaf.path.slice(0, -1);
      const key = leaf.path[leaf.path.length - 1]!;
      return replaceAt(value, parentPath, (parent) =>
        Array.isArray(parent) ? parent.filter((_, i) => i !== key) : Object.fromEntries(Object.entries(parent as object).filter(([k]) => k !== key)),
      );
    }
    case 'extraKey':
      return obj ? replaceAt(value, obj.path, (o) => withKey(o, c.key, c.value)) : withKey({}, c.key, c.value);
    case 'proto': {
      const poison = JSON.parse('{"__proto__": {"isAdmin": true, "polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}') as object;
      return obj ? replaceAt(value, obj.path, (o) => ({ ...(o as object), ...poison })) : poison;
    }
    case 'unicode':
      if (c.where === 'key') return obj ? replaceAt(value, obj.path, (o) => withKey(o, c.value, 'x')) : withKey({}, c.value, 'x');
      return replaceAt(value, leaf.path, (old) => (c.where === 'append' && typeof old === 'string' ? old + c.value : c.value));
  }
}

/** Inputs hostile as a whole. */
const wholeInput: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, 0, 'x', true, [], [{}], '{}', new Date(0)),
  deep,
  bigString,
  fc.constant(JSON.parse('{"__proto__": {"polluted": 1}}') as unknown),
  fc.dictionary(fc.constantFrom(...HOSTILE_KEYS), anyValue, { maxKeys: 4 }),
);

/**
 * Hostile inputs for a schema: mostly one change in a shaped value or in one of `examples` (inputs the branch
 * accepted, which lead the change deep into the handler), sometimes hostile as a whole.
 */
export function hostileInputs(schema: JsonSchema, examples: unknown[] = []): fc.Arbitrary<unknown> {
  const base = examples.length > 0 ? fc.oneof(shaped(schema), fc.constantFrom(...examples)) : shaped(schema);
  const oneChange = fc.tuple(base, fc.nat(), change).map(([v, at, c]) => apply(v, at, c));
  return fc.oneof({ weight: 8, arbitrary: oneChange }, { weight: 1, arbitrary: wholeInput }, { weight: 1, arbitrary: shaped(schema) });
}

/** A short description of an input for a failure message (1 MB strings and deep nesting shortened). */
export function describeInput(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' && v.length > 60 ? `${v.slice(0, 20)}...(${v.length} chars)` : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  } catch {
    text = '(nested too deeply to print)';
  }
  return text === undefined ? 'undefined' : text.length > 600 ? `${text.slice(0, 600)}...` : text;
}
