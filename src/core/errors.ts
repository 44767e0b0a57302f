/**
 * Typed errors shared by the page and the workers.
 *
 * Every error that can reach a user carries a stable `code`, whether retrying may help, and
 * a message that says what to do. Errors cross a worker boundary as a plain
 * `SerializedError` and are rebuilt into a `TandemError` on the other side, so the page can
 * branch on `code` instead of parsing strings.
 */

export type ErrorCode =
  | 'aborted'
  | 'network'
  | 'timeout'
  | 'bad-response'
  | 'offline'
  | 'not-found'
  | 'model-load-failed'
  | 'generation-failed'
  | 'worker-crashed'
  | 'webgpu-unavailable'
  | 'device-lost'
  | 'out-of-memory'
  | 'context-window-exceeded'
  /** Storage is full: a write was refused (`isStorageFull`), or a model does not fit. */
  | 'quota-exceeded'
  | 'invalid-api-key'
  | 'permission-denied'
  | 'bad-request'
  | 'request-too-large'
  | 'rate-limited'
  | 'overloaded'
  /** The server is still loading the model (llama-server's 503 "Loading model"): retry shortly. */
  | 'model-loading'
  | 'server-error'
  | 'invalid-import'
  | 'file-too-large'
  | 'unsupported-file'
  | 'no-text-found'
  | 'unreadable-file'
  /** A model file that is not whole or not the format it claims (a GGUF cut short, say). */
  | 'damaged-file'
  /** A model whose architecture the engine cannot run. */
  | 'unsupported-architecture'
  /** This browser lacks what the engine needs (GGUF: WebAssembly JSPI and Memory64). */
  | 'browser-unsupported'
  /** A write into a conversation that was deleted (in this tab or another). */
  | 'conversation-missing'
  /** A newer tab upgraded the database and this tab's connection was closed: reload. */
  | 'database-closed'
  | 'unknown';

export interface SerializedError {
  name: string;
  message: string;
  code: ErrorCode;
  retryable: boolean;
  /** Optional extra data, e.g. retry-after seconds. Never contains secrets. */
  details?: Record<string, string | number | boolean>;
}

export class TandemError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details?: Record<string, string | number | boolean>;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      retryable?: boolean;
      cause?: unknown;
      name?: string;
      details?: Record<string, string | number | boolean>;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = options.name ?? 'TandemError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }

  toJSON(): SerializedError {
    return serializeError(this);
  }
}

export function isAbortError(error: unknown): boolean {
  if (error instanceof TandemError) return error.code === 'aborted';
  return (
    typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    (error as { name: unknown }).name === 'AbortError'
  );
}

/** What a refused write says, whatever was being saved. */
export const STORAGE_FULL = 'Could not save: storage is full.';
/** What to free, after every storage-full notice. */
export const STORAGE_FULL_REMEDY =
  'Free space: delete downloaded models on the Models page, or old conversations.';

/** The storage-full notice; `kept` says what stayed on screen (e.g. "Your message is kept."). */
export function storageFullMessage(kept?: string): string {
  return [STORAGE_FULL, kept, STORAGE_FULL_REMEDY].filter(Boolean).join(' ');
}

/**
 * The one classifier of a full disk: an IndexedDB write (or a Cache/OPFS one) refused for
 * quota. Decides on the error's name and legacy code (22), never on its text; a typed error
 * decides on its code.
 */
export function isStorageFull(error: unknown): boolean {
  if (error instanceof TandemError) return error.code === 'quota-exceeded';
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'QuotaExceededError' || (name !== undefined && code === 22);
}

/** A refused write as a typed error with the notice (the original as its cause). */
export function storageFullError(cause: unknown, kept?: string): TandemError {
  return new TandemError('quota-exceeded', storageFullMessage(kept), { cause, name: 'QuotaExceededError' });
}

/** Turns anything thrown into the wire form. Unknown errors keep their message. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof TandemError) {
    const out: SerializedError = {
      name: error.name,
      message: error.message,
      code: error.code,
      retryable: error.retryable,
    };
    if (error.details) out.details = error.details;
    return out;
  }
  if (isAbortError(error)) {
    return { name: 'AbortError', message: 'Stopped.', code: 'aborted', retryable: true };
  }
  if (isStorageFull(error)) {
    return {
      name: 'QuotaExceededError',
      message: storageFullMessage(),
      code: 'quota-exceeded',
      retryable: true,
    };
  }
  if (error instanceof Error) {
    return {
      name: error.name || 'Error',
      message: error.message || String(error),
      code: 'unknown',
      retryable: false,
    };
  }
  return { name: 'Error', message: String(error), code: 'unknown', retryable: false };
}

/** Rebuilds a typed error from the wire form. */
export function deserializeError(wire: SerializedError): TandemError {
  return new TandemError(wire.code, wire.message, {
    retryable: wire.retryable,
    name: wire.name,
    details: wire.details,
  });
}

/** Wraps any thrown value as a TandemError, keeping typed ones as they are. */
export function toTandemError(error: unknown, fallback: ErrorCode = 'unknown'): TandemError {
  if (error instanceof TandemError) return error;
  const wire = serializeError(error);
  if (wire.code === 'unknown' && fallback !== 'unknown') wire.code = fallback;
  return new TandemError(wire.code, wire.message, {
    retryable: wire.retryable,
    name: wire.name,
    cause: error,
  });
}

export function abortError(): TandemError {
  return new TandemError('aborted', 'Stopped.', { name: 'AbortError', retryable: true });
}
