import { z } from 'zod';

/**
 * Secret fields (passwords, PINs, passphrases, a manager's approval password) are marked in the contract with
 * `secret()` (fields.ts), and only they are kept out of the audit log and of the idempotency hash: a field is
 * redacted because the contract says it is secret, never because of how its name is spelt (issue 14, point 3:
 * `accountingMapping` holds "pin" and is no secret).
 *
 * The mark is zod metadata (`{secret: true}` in z.globalRegistry): zod carries it through `.refine()` and
 * `z.toJSONSchema()` prints it, so a test can list the secret fields from the JSON Schema too.
 */
export const REDACTED = '[redacted]';

export function isMarkedSecret(schema: z.ZodType): boolean {
  return (z.globalRegistry.get(schema) as { secret?: unknown } | undefined)?.secret === true;
}

/** Where the secrets are in a value the schema parsed: `true` for a secret, else what lies below. */
type SecretNode = true | { keys: Map<string, SecretNode>; anyKey: SecretNode | null; items: SecretNode | null };

interface ZodDefLike {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  valueType?: z.ZodType;
  items?: readonly z.ZodType[];
  rest?: z.ZodType | null;
  getter?: () => z.ZodType;
}

const trees = new WeakMap<z.ZodType, SecretNode | null>();

/** The secrets of a schema (null when it has none), computed once per schema. */
export function secretTree(schema: z.ZodType): SecretNode | null {
  if (trees.has(schema)) return trees.get(schema)!;
  trees.set(schema, null); // a lazy schema that refers to itself ends here
  const tree = build(schema);
  trees.set(schema, tree);
  return tree;
}

function build(schema: z.ZodType): SecretNode | null {
  if (isMarkedSecret(schema)) return true;
  const def = (schema as unknown as { _zod: { def: ZodDefLike } })._zod.def;
  const sub = (s: z.ZodType | null | undefined): SecretNode | null => (s ? secretTree(s) : null);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return sub(def.innerType);
    case 'pipe':
      return merge(sub(def.in), sub(def.out));
    case 'union':
      return (def.options ?? []).map(sub).reduce(merge, null);
    case 'intersection':
      return merge(sub(def.left), sub(def.right));
    case 'lazy':
      return def.getter ? sub(def.getter()) : null;
    case 'object': {
      const keys = new Map<string, SecretNode>();
      for (const [key, child] of Object.entries(def.shape ?? {})) {
        const node = sub(child);
        if (node) keys.set(key, node);
      }
      const anyKey = sub(def.catchall);
      return keys.size > 0 || anyKey ? { keys, anyKey, items: null } : null;
    }
    case 'record': {
      const anyKey = sub(def.valueType);
      return anyKey ? { keys: new Map(), anyKey, items: null } : null;
    }
    case 'array': {
      const items = sub(def.element);
      return items ? { keys: new Map(), anyKey: null, items } : null;
    }
    case 'tuple': {
      const items = [...(def.items ?? []), ...(def.rest ? [def.rest] : [])].map(sub).reduce(merge, null);
      return items ? { keys: new Map(), anyKey: null, items } : null;
    }
    default:
      return null;
  }
}

function merge(a: SecretNode | null, b: SecretNode | null): SecretNode | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a === true || b === true) return true;
  const keys = new Map(a.keys);
  for (const [key, node] of b.keys) keys.set(key, merge(keys.get(key) ?? null, node)!);
  return { keys, anyKey: merge(a.anyKey, b.anyKey), items: merge(a.items, b.items) };
}

/** `value` (what `schema` parsed) with every field the contract marks secret replaced by "[redacted]". */
export function redactSecrets(schema: z.ZodType, value: unknown): unknown {
  return redactAt(secretTree(schema), value);
}

function redactAt(node: SecretNode | null, value: unknown): unknown {
  if (node === null || value === undefined) return value;
  if (node === true) return REDACTED;
  if (Array.isArray(value)) return node.items ? value.map((v) => redactAt(node.items, v)) : value;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactAt(node.keys.get(k) ?? node.anyKey, v);
    return out;
  }
  return value;
}

/** The dotted paths of the secret fields of a schema ("approval.password"; "[]" for an array's items, "*" any key). */
export function secretPaths(schema: z.ZodType): string[] {
  const out: string[] = [];
  const walk = (node: SecretNode | null, path: string): void => {
    if (node === null) return;
    if (node === true) {
      out.push(path);
      return;
    }
    for (const [key, child] of node.keys) walk(child, path ? `${path}.${key}` : key);
    walk(node.anyKey, path ? `${path}.*` : '*');
    walk(node.items, `${path}[]`);
  };
  walk(secretTree(schema), '');
  return out;
}
