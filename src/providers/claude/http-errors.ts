/**
 * Anthropic HTTP and stream errors as Tandem's typed errors: codes, retry rules and messages that
 * never contain the API key (`redactSecrets`). Pure.
 */
import { TandemError, type ErrorCode } from '../../core/errors';

/** Removes anything that looks like an Anthropic key (and the given key) from a text. */
export function redactSecrets(text: string, apiKey?: string): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[redacted]');
  return out.replace(/sk-ant-[A-Za-z0-9_-]+/g, '[redacted]');
}

/**
 * Parses a `retry-after` header: delay-seconds or an HTTP date. Returns seconds (>= 0) or null.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (!trimmed) return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/** Retryable statuses: 408, 409, 429, any 5xx (incl. 529). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

const STATUS_BY_ERROR_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

function parseErrorBody(body: unknown): { type: string | null; message: string | null } {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { type: null, message: null };
    }
  }
  if (typeof value === 'object' && value !== null && 'error' in value) {
    const error = (value as { error: unknown }).error;
    if (typeof error === 'object' && error !== null) {
      const e = error as { type?: unknown; message?: unknown };
      return {
        type: typeof e.type === 'string' ? e.type : null,
        message: typeof e.message === 'string' ? e.message : null,
      };
    }
  }
  return { type: null, message: null };
}

export interface HttpErrorContext {
  /** Raw `retry-after` header value, if any. */
  retryAfter?: string | null;
  /** `request-id` header, kept for support questions (not a secret). */
  requestId?: string | null;
  model?: string;
  /** The key, only so it can be scrubbed from any echoed text. */
  apiKey?: string;
  nowMs?: number;
}

function withDetail(base: string, apiMessage: string | null): string {
  if (!apiMessage) return base;
  const clean = apiMessage.trim().replace(/\.$/, '');
  return `${base} (Claude said: ${clean}.)`;
}

/**
 * HTTP status + error body → TandemError with a code, retryable flag, details and a message
 * that tells the user what to do. Works for SSE `error` events too (pass status 0 and the
 * event body; the status is derived from error.type).
 */
export function mapHttpError(status: number, body: unknown, ctx: HttpErrorContext = {}): TandemError {
  const parsed = parseErrorBody(body);
  const effective = status > 0 ? status : (STATUS_BY_ERROR_TYPE[parsed.type ?? ''] ?? 500);
  const apiMessage = parsed.message ? redactSecrets(parsed.message, ctx.apiKey) : null;
  const retryAfterSeconds = parseRetryAfter(ctx.retryAfter, ctx.nowMs);
  const model = ctx.model ? ` ${ctx.model}` : '';

  let code: ErrorCode;
  let message: string;
  switch (true) {
    case effective === 400:
      code = 'bad-request';
      message = withDetail(
        'Claude could not accept this request. Try rephrasing, a shorter message, or another model in Settings.',
        apiMessage,
      );
      break;
    case effective === 401:
      code = 'invalid-api-key';
      message = 'Claude rejected the API key. Check it in Settings.';
      break;
    case effective === 402:
      code = 'permission-denied';
      message = withDetail(
        'Claude refused the request for a billing reason. Check your plan and credits in the Anthropic Console.',
        apiMessage,
      );
      break;
    case effective === 403:
      code = 'permission-denied';
      message = withDetail(
        `This API key is not allowed to do that${model ? ` with${model}` : ''}. Check the key's permissions in the Anthropic Console, or pick another model in Settings.`,
        apiMessage,
      );
      break;
    case effective === 404:
      code = 'not-found';
      message = withDetail(
        `Claude does not know the model${model || ' requested'}. Pick another model in Settings, or check the base URL.`,
        apiMessage,
      );
      break;
    case effective === 408:
      code = 'network';
      message = 'The request to Claude timed out. Try again.';
      break;
    case effective === 413:
      code = 'request-too-large';
      message =
        'This conversation is too large for Claude. Turn on context compression, remove pasted text, or start a new conversation.';
      break;
    case effective === 429:
      code = 'rate-limited';
      message =
        retryAfterSeconds !== null
          ? `Claude's rate limit was reached. Try again in ${Math.ceil(retryAfterSeconds)} s, or answer locally.`
          : "Claude's rate limit was reached. Wait a little and try again, or answer locally.";
      break;
    case effective === 529:
      code = 'overloaded';
      message = 'Claude is overloaded right now. Try again in a moment, or answer locally.';
      break;
    case effective >= 500:
      code = 'server-error';
      message = `Claude had a server error (${effective}). Try again in a moment.`;
      break;
    case effective === 409:
      code = 'server-error';
      message = 'Claude reported a conflict. Try again.';
      break;
    default:
      code = 'unknown';
      message = withDetail(`Claude answered with an unexpected status ${effective}.`, apiMessage);
  }

  const details: Record<string, string | number | boolean> = { status: effective };
  if (parsed.type) details.errorType = parsed.type;
  // What Anthropic said, already scrubbed of the key (the key check quotes it).
  if (apiMessage) details.apiMessage = apiMessage;
  if (retryAfterSeconds !== null) details.retryAfterSeconds = retryAfterSeconds;
  if (ctx.requestId) details.requestId = ctx.requestId;

  return new TandemError(code, message, {
    name: 'ClaudeError',
    retryable: isRetryableStatus(effective),
    details,
  });
}

/** An SSE `error` event body (after a 200) → TandemError. */
export function mapStreamError(body: unknown, ctx: HttpErrorContext = {}): TandemError {
  return mapHttpError(0, body, ctx);
}
