/**
 * Stable error codes: the core throws AppError(code, message, fields); the dispatcher turns it into
 * {ok:false, error:{code, message, fields}}; the renderer translates the code (i18n key `errors.<CODE>`).
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'SESSION_LOCKED',
  'PERMISSION_DENIED',
  'ACCOUNT_LOCKED',
  'INVALID_CREDENTIALS',
  'CONFLICT',
  'DUPLICATE',
  'ALREADY_INITIALIZED',
  'NOT_INITIALIZED',
  'INVALID_STATE',
  'INSUFFICIENT_FUNDS',
  'TILL_NOT_OPEN',
  'TILLS_OPEN',
  'APPROVAL_REQUIRED',
  /** a loan payment would overpay the loan by more than the branch's margin: a branch manager approves it */
  'OVERPAYMENT_APPROVAL_REQUIRED',
  'PERIOD_CLOSED',
  'FORBIDDEN_ORIGIN',
  /** The disk is full: the call was not saved; what was saved before is safe (issue 14 point 8). */
  'DISK_FULL',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one input field; `field` is a dotted path ("identifiers.0.documentKey"). */
export interface FieldError {
  field: string;
  code: string;
  message: string;
  /** Facts for a precise translated message, e.g. {minimum: 10} for too_small. */
  params?: Record<string, string | number>;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  fields?: FieldError[];
  /** Extra facts a screen may show (e.g. the id of the existing client on a duplicate). */
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[] | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, fields?: FieldError[], details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
    this.details = details;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.fields && this.fields.length > 0) body.fields = this.fields;
    if (this.details) body.details = this.details;
    return body;
  }
}

/** Shorthand for a single-field validation failure. */
export function invalidField(field: string, message: string, code = 'invalid'): AppError {
  return new AppError('VALIDATION_FAILED', `${field}: ${message}`, [{ field, code, message }]);
}

/** HTTP status for each error class (browser host). */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
      return 400;
    case 'UNAUTHENTICATED':
    case 'SESSION_LOCKED':
    case 'INVALID_CREDENTIALS':
    case 'ACCOUNT_LOCKED':
      return 401;
    case 'PERMISSION_DENIED':
    case 'FORBIDDEN_ORIGIN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
    case 'DUPLICATE':
    case 'ALREADY_INITIALIZED':
    case 'NOT_INITIALIZED':
    case 'INVALID_STATE':
    case 'INSUFFICIENT_FUNDS':
    case 'TILL_NOT_OPEN':
    case 'TILLS_OPEN':
    case 'APPROVAL_REQUIRED':
    case 'OVERPAYMENT_APPROVAL_REQUIRED':
    case 'PERIOD_CLOSED':
      return 409;
    case 'DISK_FULL':
      return 507; // Insufficient Storage
    case 'INTERNAL':
      return 500;
  }
}
