/**
 * The ONLY file in the renderer that talks to a host (ARCHITECTURE.md sections 1 and 3).
 *
 * Under Electron the preload exposes `window.branchbox.call(name, input)`; in a plain browser the browser host
 * answers `POST /api/<name>`. Both return the same envelope: `{ok:true, data, warnings?}` or
 * `{ok:false, error:{code, message, fields?, details?}}`. Types come from the one contract in shared/contract,
 * imported as types only so that no schema code is bundled here.
 */
import type { Envelope, Input, OperationName, Output, Warning } from '../../../shared/contract';
import type { ErrorCode, FieldError } from '../../../shared/errors';

/** Codes the renderer adds for failures that never reached the core. */
export type ClientErrorCode = ErrorCode | 'HOST_UNREACHABLE' | 'BAD_RESPONSE';

export class ApiError extends Error {
  readonly code: ClientErrorCode;
  readonly fields: FieldError[];
  readonly details: Record<string, unknown> | undefined;
  readonly operation: string;

  constructor(
    operation: string,
    code: ClientErrorCode,
    message: string,
    fields?: FieldError[],
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.operation = operation;
    this.code = code;
    this.fields = fields ?? [];
    this.details = details;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export type { Warning };

type ErrorListener = (error: ApiError) => void;
const errorListeners = new Set<ErrorListener>();

/**
 * Observe every failed call (the app uses this to open the lock screen on SESSION_LOCKED and to go to sign-in on
 * UNAUTHENTICATED). Returns an unsubscribe function. The error is still thrown to the caller.
 */
export function onApiError(listener: ErrorListener): () => void {
  errorListeners.add(listener);
  return () => errorListeners.delete(listener);
}

async function transport(name: string, input: unknown): Promise<unknown> {
  const bridge = typeof window !== 'undefined' ? window.branchbox : undefined;
  if (bridge && typeof bridge.call === 'function') {
    return bridge.call(name, input);
  }
  let response: Response;
  try {
    response = await fetch('/api/' + encodeURIComponent(name), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(name, 'HOST_UNREACHABLE', e instanceof Error ? e.message : String(e));
  }
  // Errors come with 4xx/5xx statuses but the body is still the envelope.
  try {
    return await response.json();
  } catch {
    throw new ApiError(name, 'BAD_RESPONSE', `HTTP ${response.status} without a JSON envelope`);
  }
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

export interface CallResult<T> {
  data: T;
  warnings: Warning[];
}

/** Calls an operation and returns its data together with any warnings (e.g. POSSIBLE_DUPLICATE). */
export async function callWithWarnings<K extends OperationName>(name: K, input: Input<K>): Promise<CallResult<Output<K>>> {
  let raw: unknown;
  try {
    raw = await transport(name, input);
  } catch (e) {
    const error = e instanceof ApiError ? e : new ApiError(name, 'HOST_UNREACHABLE', e instanceof Error ? e.message : String(e));
    notify(error);
    throw error;
  }
  if (!isEnvelope(raw)) {
    const error = new ApiError(name, 'BAD_RESPONSE', 'The host answered without an envelope');
    notify(error);
    throw error;
  }
  if (raw.ok) {
    return { data: raw.data as Output<K>, warnings: raw.warnings ?? [] };
  }
  const body = raw.error;
  const error = new ApiError(name, body.code, body.message, body.fields, body.details);
  notify(error);
  throw error;
}

export interface CallOptions {
  /** Receives the warnings of a successful call, when there are any. */
  onWarnings?: (warnings: Warning[]) => void;
}

/** Calls an operation; resolves with its data or rejects with an ApiError. */
export async function call<K extends OperationName>(name: K, input: Input<K>, options?: CallOptions): Promise<Output<K>> {
  const { data, warnings } = await callWithWarnings(name, input);
  if (warnings.length > 0) options?.onWarnings?.(warnings);
  return data;
}

function notify(error: ApiError): void {
  for (const listener of errorListeners) {
    try {
      listener(error);
    } catch {
      // A broken listener must not hide the error from the caller.
    }
  }
}
