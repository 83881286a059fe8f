import type { z } from 'zod';
import type { Access } from '../permissions';

/**
 * An operation is defined once, here in shared/: its name, whether it writes (command) or reads (query), its
 * zod input schema, its output type and the permission it needs. The core registers one handler per name;
 * the renderer's client, the preload and the browser host are typed from the same map.
 *
 * kind 'session' is for sign-in, sign-out and unlock: they change only session state (and failed sign-in
 * counters), so they are not commands in the audit sense and write no command_log row.
 *
 * kind 'job' is long work (an interest run over every account, day-end): a chain of commands, each chunk one
 * transaction with its own command_log row, the host answering other calls between chunks (ARCHITECTURE.md 12).
 */
export type OperationKind = 'command' | 'query' | 'session' | 'job';

export interface OperationDef<S extends z.ZodType = z.ZodType, O = unknown> {
  readonly kind: OperationKind;
  readonly access: Access;
  readonly input: S;
  /** Phantom: carries the output type; never set at run time. */
  readonly _output?: O;
}

/** `op<Output>()({kind, access, input})`: the output type is given explicitly, the schema is inferred. */
export function op<O>() {
  return <S extends z.ZodType>(def: { kind: OperationKind; access: Access; input: S }): OperationDef<S, O> => def;
}

export type InputOf<D> = D extends OperationDef<infer S, unknown> ? z.input<S> : never;
export type ParsedInputOf<D> = D extends OperationDef<infer S, unknown> ? z.output<S> : never;
export type OutputOf<D> = D extends OperationDef<z.ZodType, infer O> ? O : never;

export interface OkEnvelope<T> {
  ok: true;
  data: T;
  warnings?: Warning[];
}
export interface ErrEnvelope {
  ok: false;
  error: import('../errors').ErrorBody;
}
export type Envelope<T> = OkEnvelope<T> | ErrEnvelope;

/** A warning does not stop the operation (e.g. a possible duplicate client). */
export interface Warning {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}
