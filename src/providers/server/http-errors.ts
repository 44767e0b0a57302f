/**
 * Errors of OpenAI-compatible servers as Tandem's typed errors. Decisions rest on the status and
 * on the error body's machine fields (`code`, `type`), with the server's message as a last resort
 * for the cases servers only tell in words (vLLM's context length, llama-server's "Loading
 * model", Ollama's "model not found"). Every message says what to do; the remedy is also in
 * `details.remedy`. The API key is scrubbed from anything echoed back.
 */
import { TandemError, type ErrorCode } from '../../core/errors';
import { parseRetryAfter } from '../claude/http-errors';

export interface ServerErrorContext {
  /** Raw `retry-after` header value, if any. */
  retryAfter?: string | null;
  model?: string;
  /** Only so it can be scrubbed from echoed text. */
  apiKey?: string;
  nowMs?: number;
}

interface ParsedBody {
  message: string | null;
  code: string | null;
  type: string | null;
  status: number | null;
}

/** `{"error":{"message","type","code"}}` (OpenAI, llama-server, vLLM), `{"error":"text"}` (Ollama), `{"message"}`. */
export function parseErrorBody(body: unknown): ParsedBody {
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      const text = body.trim();
      return { message: text ? text.slice(0, 300) : null, code: null, type: null, status: null };
    }
  }
  const out: ParsedBody = { message: null, code: null, type: null, status: null };
  if (typeof value !== 'object' || value === null) return out;
  const record = value as Record<string, unknown>;
  const error = record.error ?? record;
  if (typeof error === 'string') return { ...out, message: error };
  if (typeof error !== 'object' || error === null) return out;
  const e = error as Record<string, unknown>;
  if (typeof e.message === 'string') out.message = e.message;
  else if (typeof e.detail === 'string') out.message = e.detail;
  if (typeof e.code === 'string') out.code = e.code;
  if (typeof e.code === 'number') out.status = e.code;
  if (typeof e.type === 'string') out.type = e.type;
  return out;
}

export function redactKey(text: string, apiKey?: string): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[redacted]');
  return out.replace(/\b(sk|ollama|hf)[-_][A-Za-z0-9_-]{8,}/g, '[redacted]');
}

const CONTEXT_WORDS =
  /context[_ ]length|context (size|window)|maximum context|exceeds? the (available )?context|too many tokens|prompt is too long/i;
const NOT_FOUND_WORDS = /model .*(not found|does not exist)|no such model|model_not_found|unknown model/i;
const LOADING_WORDS = /loading model|model is loading|still loading/i;

function tail(message: string | null): string {
  if (!message) return '';
  const clean = message.trim().replace(/\.$/, '').slice(0, 300);
  return clean ? ` (The server said: ${clean}.)` : '';
}

function classify(status: number, body: ParsedBody): ErrorCode {
  const words = `${body.code ?? ''} ${body.type ?? ''} ${body.message ?? ''}`;
  if (status === 503 && LOADING_WORDS.test(words)) return 'model-loading';
  if (body.code === 'context_length_exceeded' || body.type === 'exceed_context_size_error') {
    return 'context-window-exceeded';
  }
  if ((status === 400 || status === 413 || status === 422) && CONTEXT_WORDS.test(words)) {
    return 'context-window-exceeded';
  }
  if (status === 404 || body.code === 'model_not_found' || (status === 400 && NOT_FOUND_WORDS.test(words))) {
    return 'not-found';
  }
  if (status === 401) return 'invalid-api-key';
  if (status === 403) return 'permission-denied';
  if (status === 429) return 'rate-limited';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 503 || status === 529) return 'overloaded';
  if (status === 413) return 'request-too-large';
  if (status >= 500) return 'server-error';
  if (status >= 400) return 'bad-request';
  return 'server-error';
}

function remedyFor(
  code: ErrorCode,
  model: string,
  retryAfter: number | null,
): { what: string; remedy: string } {
  const m = model ? ` "${model}"` : '';
  switch (code) {
    case 'context-window-exceeded':
      return {
        what: `This conversation is longer than the context window of${m || ' the model'} on your server.`,
        remedy:
          'Start a new conversation, turn on context compression, remove pasted text, or start the server with a larger context (llama-server -c, Ollama num_ctx, vLLM --max-model-len).',
      };
    case 'not-found':
      return {
        what: `Your server does not have the model${m} (or the Server URL is not an OpenAI-compatible API).`,
        remedy:
          'Pick a model from the list in Settings → Your server (Check connection), or pull it first (ollama pull).',
      };
    case 'invalid-api-key':
      return {
        what: 'Your server rejected the API key.',
        remedy: 'Check Server API key in Settings → Your server (llama-server --api-key, vLLM --api-key).',
      };
    case 'permission-denied':
      return {
        what: 'Your server refused the request (403).',
        remedy:
          "Check the API key's permissions, and that the server allows this page's origin (llama-server --cors-origins, vLLM --allowed-origins, OLLAMA_ORIGINS).",
      };
    case 'rate-limited':
      return {
        what: "Your server's rate limit was reached.",
        remedy:
          retryAfter !== null
            ? `Try again in ${Math.ceil(retryAfter)} s, or answer on this device.`
            : 'Wait a little and try again, or answer on this device.',
      };
    case 'model-loading':
      return {
        what: `Your server is still loading the model${m}.`,
        remedy: 'Try again in a few seconds, when it is ready.',
      };
    case 'overloaded':
      return {
        what: 'Your server is busy right now.',
        remedy: 'Try again in a moment, or answer on this device.',
      };
    case 'timeout':
      return {
        what: 'Your server (or a proxy in front of it) gave up waiting for the answer.',
        remedy: 'Try again; a smaller model or a shorter conversation answers sooner.',
      };
    case 'request-too-large':
      return {
        what: 'The request is too large for your server.',
        remedy: 'Remove pasted text or start a new conversation.',
      };
    case 'bad-request':
      return {
        what: 'Your server could not accept this request.',
        remedy:
          'Check the model in Settings → Your server; some models do not support tools or these settings.',
      };
    default:
      return {
        what: 'Your server had an error.',
        remedy: 'Try again in a moment; the server log says more.',
      };
  }
}

const RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'rate-limited',
  'model-loading',
  'overloaded',
  'server-error',
  'timeout',
]);

/**
 * HTTP status + error body → TandemError. For an error sent inside a 200 stream pass status 0:
 * the status then comes from the body's numeric `code` (llama-server, vLLM), else 500.
 */
export function mapServerError(status: number, body: unknown, ctx: ServerErrorContext = {}): TandemError {
  const parsed = parseErrorBody(body);
  const effective = status > 0 ? status : (parsed.status ?? 500);
  const retryAfter = parseRetryAfter(ctx.retryAfter, ctx.nowMs);
  const code = classify(effective, parsed);
  const { what, remedy } = remedyFor(code, ctx.model ?? '', retryAfter);
  const said = tail(parsed.message ? redactKey(parsed.message, ctx.apiKey) : null);
  const details: Record<string, string | number | boolean> = { status: effective, remedy };
  if (parsed.code) details.errorCode = parsed.code;
  if (parsed.type) details.errorType = parsed.type;
  if (retryAfter !== null) details.retryAfterSeconds = retryAfter;
  if (status === 0) details.inStream = true;
  return new TandemError(code, `${what} ${remedy}${said}`, {
    name: 'ServerError',
    retryable: RETRYABLE.has(code),
    details,
  });
}
