/**
 * WebLLM and raw WebGPU failures -> TandemError with a message that says what to do.
 *
 * What arrives here takes several shapes, all handled:
 *  - WebLLM's error classes (in-thread engine, or our fake), matched by `name` since only
 *    `IntegrityError` is exported from `@mlc-ai/web-llm`;
 *  - a *string* `"${name}: ${message}"`: `WebWorkerMLCEngine` rejects with `err.toString()` of the
 *    worker-side error (measured in Chromium: `typeof error === 'string'`);
 *  - a `SerializedError`-like object, as our `engine-host.ts` handler posts instead of the string;
 *  - nested causes flattened into one message by WebLLM's caches, e.g.
 *    `Error: Failed to store <url> with error: TypeError: Failed to fetch`;
 *  - raw browser errors: `CompileError` from WebAssembly, `GPUOutOfMemoryError`, device-lost
 *    info, `QuotaExceededError`, `AbortError`.
 *
 * `details.remedy` names the way forward so the UI can offer a button, not just text.
 */
import { TandemError, type ErrorCode, type SerializedError } from '../../core/errors';
import {
  RULES,
  theModel,
  type Details,
  type Failure,
  type WebLLMErrorContext,
  type WebLLMRemedy,
} from './error-rules';

/** Name and message of anything thrown, including WebLLM's worker-flattened strings. */
export function describeRawError(error: unknown): { name: string; message: string } {
  if (typeof error === 'string') {
    const m =
      /^([A-Za-z_$][\w$]*(?:Error|Exception)|Error|CompileError|LinkError|RuntimeError): ?([\s\S]*)$/.exec(
        error,
      );
    if (m && m[1] !== undefined && m[2] !== undefined) return { name: m[1], message: m[2] };
    return { name: 'Error', message: error };
  }
  if (typeof error === 'object' && error !== null) {
    const e = error as {
      name?: unknown;
      message?: unknown;
      reason?: unknown;
      constructor?: { name?: unknown };
    };
    const ctorName = typeof e.constructor?.name === 'string' ? e.constructor.name : '';
    const name =
      typeof e.name === 'string' && e.name && e.name !== 'Error'
        ? e.name
        : ctorName && ctorName !== 'Object' && ctorName !== 'Error'
          ? ctorName
          : typeof e.name === 'string' && e.name
            ? e.name
            : 'Error';
    let message = typeof e.message === 'string' ? e.message : '';
    // GPUDeviceLostInfo: { reason: 'destroyed' | 'unknown', message }
    if (typeof e.reason === 'string' && ctorName === 'GPUDeviceLostInfo') {
      message = `device lost (${e.reason}) ${message}`.trim();
    }
    return { name, message: message || String(error) };
  }
  return { name: 'Error', message: String(error) };
}

function isSerializedError(x: unknown): x is SerializedError {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as SerializedError).code === 'string' &&
    typeof (x as SerializedError).message === 'string' &&
    typeof (x as SerializedError).retryable === 'boolean' &&
    !(x instanceof Error)
  );
}

const URL_IN_STORE_RE = /Failed to store (\S+) with error/;
const URL_RE = /(https?:\/\/[^\s'"]+)/;

function failedUrl(text: string): string | undefined {
  return URL_IN_STORE_RE.exec(text)?.[1] ?? URL_RE.exec(text)?.[1];
}

function fileOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).pathname.split('/').pop() || undefined;
  } catch {
    return url.split('/').pop() || undefined;
  }
}

function make(
  code: ErrorCode,
  message: string,
  remedy: WebLLMRemedy,
  raw: { name: string; message: string },
  cause: unknown,
  extra: Details = {},
  retryable = false,
): TandemError {
  const details: Details = {
    remedy,
    webllmError: raw.name,
    rawMessage: raw.message.slice(0, 500),
    ...extra,
  };
  return new TandemError(code, message, { retryable, cause, name: 'WebLLMError', details });
}

/**
 * Maps anything WebLLM or WebGPU throws to a TandemError. TandemErrors pass through unchanged;
 * SerializedError-like objects (from our worker handler) are rebuilt, then enriched from `ctx`.
 */
export function mapWebLLMError(error: unknown, ctx: WebLLMErrorContext = {}): TandemError {
  if (error instanceof TandemError) return enrich(error, ctx);
  if (isSerializedError(error)) {
    // From our worker handler: classified there, but without the page's context (model
    // suggestions, online state). Classify the original again when it travelled along.
    const rawName = error.details?.webllmError;
    const rawMessage = error.details?.rawMessage;
    if (typeof rawName === 'string' && typeof rawMessage === 'string') {
      return classify({ name: rawName, message: rawMessage }, error, ctx);
    }
    return enrich(
      new TandemError(error.code, error.message, {
        retryable: error.retryable,
        name: error.name,
        details: error.details,
      }),
      ctx,
    );
  }
  return classify(describeRawError(error), error, ctx);
}

function enrich(error: TandemError, ctx: WebLLMErrorContext): TandemError {
  if ((error.code === 'device-lost' || error.code === 'out-of-memory') && ctx.modelId && ctx.suggestSmaller) {
    const smaller = ctx.suggestSmaller(ctx.modelId);
    if (smaller && !error.details?.suggestedModelId) {
      return new TandemError(error.code, error.message, {
        retryable: error.retryable,
        name: error.name,
        cause: error.cause,
        details: { ...(error.details ?? {}), suggestedModelId: smaller },
      });
    }
  }
  return error;
}

function classify(
  raw: { name: string; message: string },
  cause: unknown,
  ctx: WebLLMErrorContext,
): TandemError {
  const text = `${raw.name}: ${raw.message}`;
  const url = failedUrl(text);
  const failure: Failure = { raw, name: raw.name, text, ctx, url, file: fileOf(url) };
  const rule = RULES.find((r) => r.test(failure));
  if (rule) {
    const code = typeof rule.code === 'function' ? rule.code(failure) : rule.code;
    return make(
      code,
      rule.message(failure),
      rule.remedy,
      raw,
      cause,
      rule.details?.(failure) ?? {},
      rule.retryable ?? false,
    );
  }
  const fallback: ErrorCode = ctx.phase === 'load' ? 'model-load-failed' : 'generation-failed';
  return make(
    fallback,
    ctx.phase === 'load'
      ? `${theModel(failure)} could not be loaded: ${raw.message || raw.name}. You can use the CPU (WASM) backend instead.`
      : `Generation failed: ${raw.message || raw.name}`,
    ctx.phase === 'load' ? 'use-wasm-backend' : 'none',
    raw,
    cause,
  );
}
