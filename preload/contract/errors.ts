/**
 * The closed set of error codes that cross the boundary. The UI switches on the
 * code (never on message text) and shows a message in the user's language.
 */
export const ERROR_CODES = [
  'engine_unreachable',
  'permission_denied',
  'not_found',
  'conflict',
  'auth_required',
  'invalid_input',
  'stream_error',
  'cancelled',
  /** A server other than the engine (a registry) cannot be reached: its address is wrong, or it is down. */
  'unreachable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorIssue {
  /** Dotted path of the offending field, '' for the payload itself. */
  path: string;
  message: string;
}

export interface BerthErrorShape {
  code: ErrorCode;
  /** English, technical detail (the engine's own message where there is one). */
  message: string;
  /** Field-level problems, for invalid_input. */
  issues?: ErrorIssue[];
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: BerthErrorShape };

/** The error the typed client throws, and that services throw in main. */
export class BerthError extends Error implements BerthErrorShape {
  readonly code: ErrorCode;
  readonly issues?: ErrorIssue[];

  constructor(code: ErrorCode, message: string, issues?: ErrorIssue[]) {
    super(message);
    this.name = 'BerthError';
    this.code = code;
    if (issues) this.issues = issues;
  }

  toShape(): BerthErrorShape {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }

  static fromShape(shape: BerthErrorShape): BerthError {
    return new BerthError(shape.code, shape.message, shape.issues);
  }
}

export function isBerthError(e: unknown): e is BerthError {
  return e instanceof BerthError;
}

/** Any thrown value as a BerthError (what the UI shows); a non-Berth error becomes an 'internal' one. */
export const asBerthError = (e: unknown): BerthError =>
  e instanceof BerthError ? e : new BerthError('internal', String(e));
