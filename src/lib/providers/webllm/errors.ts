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
import { TandemError, type ErrorCode, type SerializedError } from '../../errors';

export type WebLLMRemedy =
  | 'use-wasm-backend'
  | 'try-smaller-model'
  | 'try-f32-variant'
  | 'shorten-conversation'
  | 'check-connection'
  | 'check-model-source'
  | 'repair-model'
  | 'reload-engine'
  | 'fix-settings'
  | 'free-storage'
  | 'none';

export interface WebLLMErrorContext {
  /** Loading (reload) or generating; changes the fallback code for unknown errors. */
  phase?: 'load' | 'generate';
  modelId?: string;
  /** `navigator.onLine`; a fetch failure while offline becomes code 'offline'. */
  online?: boolean;
  /** A smaller model to suggest after device loss / OOM (see catalog `smallerAlternative`). */
  suggestSmaller?: (modelId: string) => string | null;
  /** The q4f32 twin to suggest when `shader-f16` is missing (catalog `f32Alternative`). */
  suggestF32?: (modelId: string) => string | null;
}

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

function modelName(ctx: WebLLMErrorContext): string {
  return ctx.modelId ? `“${ctx.modelId}”` : 'the model';
}

type Details = Record<string, string | number | boolean>;

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

const DEVICE_LOST_RE =
  /DeviceLostError|device (?:was |is )?lost|GPUDeviceLostInfo|Instance dropped|external Instance reference no longer exists|GPU connection lost|context lost/i;
const OOM_RE =
  /GPUOutOfMemoryError|out of memory|\bOOM\b|Aborted\(OOM\)|Array buffer allocation failed|could not allocate memory|Failed to allocate|allocation failed|insufficient memory/i;
const WEBGPU_MISSING_RE =
  /WebGPUNotAvailableError|WebGPUNotFoundError|WebGPU is not supported|Cannot find WebGPU|Unable to find a compatible GPU|navigator\.gpu|requestAdapter|Cannot initialize runtime because of requested max/i;
const WASM_BROKEN_RE =
  /CompileError|LinkError|WebAssembly\.(?:instantiate|Module|compile)|magic word|magic number|doesn't start with '\\0asm'|wasm validation error|MissingModelError|MissingModelWasmError/i;
const QUOTA_RE = /QuotaExceededError|quota (?:has been )?exceeded|exceeded the quota|no space left/i;
const FETCH_NETWORK_RE =
  /Failed to fetch|NetworkError when attempting to fetch|Load failed|net::ERR_|ERR_CONNECTION|ERR_INTERNET_DISCONNECTED|network error/i;
const FETCH_HTTP_RE =
  /Network response was not ok|Failed to execute 'add' on 'Cache': Request failed|Unable to fetch .* received status|ArtifactIndexedDBCache failed to fetch|Cannot fetch |Failed to store /i;

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
  const name = raw.name;

  // Stopped by the user, or reload aborted by unload().
  if (
    name === 'AbortError' ||
    /Engine\.unload\(\) is called|The operation was aborted|signal is aborted/i.test(text)
  ) {
    return make('aborted', 'Stopped.', 'none', raw, cause, {}, true);
  }

  // Storage full while WebLLM writes into IndexedDB / Cache API.
  if (QUOTA_RE.test(text)) {
    const url = failedUrl(text);
    return make(
      'quota-exceeded',
      `There is not enough storage space to save ${modelName(ctx)}. Delete models you do not use on the Models page (or free disk space), then try again.`,
      'free-storage',
      raw,
      cause,
      url ? { url } : {},
    );
  }

  // WebGPU missing or too weak for WebLLM.
  if (WEBGPU_MISSING_RE.test(text)) {
    const why = /Unable to find a compatible GPU|requestAdapter/i.test(text)
      ? 'the browser found no usable GPU'
      : /Cannot initialize runtime because of requested max/i.test(text)
        ? 'the GPU’s limits are too small for WebLLM'
        : 'this browser has no WebGPU';
    return make(
      'webgpu-unavailable',
      `WebLLM cannot run here: ${why}. Use the CPU (WASM) backend instead: the same kind of small models, slower but it works on any device.`,
      'use-wasm-backend',
      raw,
      cause,
      { reason: why },
    );
  }

  // A required GPU feature (shader-f16) is missing.
  if (
    name === 'ShaderF16SupportError' ||
    name === 'FeatureSupportError' ||
    /requires (?:WebGPU extension )?(?:feature )?shader-f16/i.test(text)
  ) {
    const alt = ctx.modelId && ctx.suggestF32 ? ctx.suggestF32(ctx.modelId) : null;
    return make(
      'model-load-failed',
      `This GPU does not support 16-bit shaders (shader-f16), which ${modelName(ctx)} needs. ${
        alt ? `Use the q4f32 variant (${alt}) instead, ` : 'Pick a q4f32 variant, '
      }or the CPU (WASM) backend.`,
      'try-f32-variant',
      raw,
      cause,
      alt ? { suggestedModelId: alt, missingFeature: 'shader-f16' } : { missingFeature: 'shader-f16' },
    );
  }

  // Device lost / out of memory: the engine is gone; recreate it, suggest a smaller model.
  const lost = name === 'DeviceLostError' || (DEVICE_LOST_RE.test(text) && name !== 'GPUOutOfMemoryError');
  if (lost || OOM_RE.test(text)) {
    const oom = !lost;
    const smaller = ctx.modelId && ctx.suggestSmaller ? ctx.suggestSmaller(ctx.modelId) : null;
    const suggestion = smaller
      ? `Try a smaller model, e.g. ${smaller}${smaller.endsWith('-1k') ? ' (same model, 1k context, less memory)' : ''}.`
      : 'Try a smaller model or a “-1k” variant (shorter context, less memory).';
    const extra: Details = { failureKind: oom ? 'out-of-memory' : 'device-lost' };
    if (smaller) extra.suggestedModelId = smaller;
    return make(
      'device-lost',
      `The GPU stopped while running ${modelName(ctx)}; this usually means it ran out of memory. The engine will be restarted. ${suggestion}`,
      'try-smaller-model',
      raw,
      cause,
      extra,
      true,
    );
  }

  if (name === 'ContextWindowSizeExceededError' || /Prompt tokens exceed context window size/i.test(text)) {
    const m = /number of prompt tokens: (\d+); context window size: (\d+)/.exec(text);
    const extra: Details = {};
    if (m?.[1] && m[2]) {
      extra.promptTokens = Number(m[1]);
      extra.contextWindow = Number(m[2]);
    }
    return make(
      'context-window-exceeded',
      `The conversation is too long for this model’s context window${
        m ? ` (${m[1]} tokens for a window of ${m[2]})` : ''
      }. Older turns will be left out; you can also shorten the message or start a new conversation.`,
      'shorten-conversation',
      raw,
      cause,
      extra,
    );
  }

  if (name === 'IntegrityError' || /Integrity verification failed/i.test(text)) {
    const url = failedUrl(text);
    return make(
      'model-load-failed',
      `A downloaded file of ${modelName(ctx)} is damaged (its checksum does not match). Repair the model to download it again.`,
      'repair-model',
      raw,
      cause,
      url ? { url, file: fileOf(url) ?? url } : {},
    );
  }

  // The model library (wasm) is not a valid WebAssembly module, or not a TVM one.
  if (WASM_BROKEN_RE.test(text)) {
    return make(
      'model-load-failed',
      `The model library (the compiled WebGPU program) of ${modelName(ctx)} is damaged or not a WebAssembly file, so WebLLM cannot start it. Repair the model to download it again, or use the CPU (WASM) backend.`,
      'use-wasm-backend',
      raw,
      cause,
      { part: 'model-library' },
    );
  }

  // Downloads: connection problems vs the server answering with an error (404, 5xx).
  const url = failedUrl(text);
  const file = fileOf(url);
  const isLib = !!file && file.endsWith('.wasm');
  const what = file ? (isLib ? `the model library (${file})` : file) : 'model files';
  if (FETCH_NETWORK_RE.test(text)) {
    const offline = ctx.online === false;
    return make(
      offline ? 'offline' : 'network',
      offline
        ? `You are offline and ${modelName(ctx)} is not fully downloaded yet (${what}). Connect to the internet once to download it.`
        : `Could not reach the server to download ${what} for ${modelName(ctx)}. Check your connection (or the model mirror address in Settings) and try again.`,
      'check-connection',
      raw,
      cause,
      url ? { url, file: file ?? url, part: isLib ? 'model-library' : 'weights' } : {},
      true,
    );
  }
  if (FETCH_HTTP_RE.test(text)) {
    return make(
      'model-load-failed',
      `Could not download ${what} for ${modelName(ctx)}: the server answered with an error (the file may not exist there). Check the model source address in Settings, or use the CPU (WASM) backend.`,
      'check-model-source',
      raw,
      cause,
      url ? { url, file: file ?? url, part: isLib ? 'model-library' : 'weights' } : {},
      true,
    );
  }

  // A damaged JSON file (mlc-chat-config.json, tensor-cache.json, tokenizer.json).
  if (name === 'SyntaxError' && /JSON/i.test(text)) {
    return make(
      'model-load-failed',
      `A configuration file of ${modelName(ctx)} is damaged. Repair the model to download it again.`,
      'repair-model',
      raw,
      cause,
    );
  }

  if (name === 'ModelNotFoundError' || /Cannot find model record in appConfig/.test(text)) {
    return make(
      'not-found',
      `${ctx.modelId ? `“${ctx.modelId}”` : 'This model'} is not in WebLLM’s model list. Pick another model on the Models page.`,
      'none',
      raw,
      cause,
    );
  }

  if (
    /ModelNotLoadedError|WorkerEngineModelNotLoadedError|EngineNotLoadedError|ConfigurationNotInitializedError/.test(
      name,
    ) ||
    /not loaded with a model|Model not loaded before/i.test(text)
  ) {
    return make(
      'model-load-failed',
      `${ctx.modelId ? `“${ctx.modelId}”` : 'The model'} is not loaded (the engine may have been restarted). Load it again.`,
      'reload-engine',
      raw,
      cause,
      {},
      true,
    );
  }

  // Bad request fields: settings out of range, message order, etc. (WebLLM's ConfigValueError
  // family includes its own class named "RangeError"; a JS RangeError about memory was caught above.)
  if (
    /ConfigValueError|MinValueError|^RangeError$|NonNegativeError|InvalidNumberStringError|DependencyError|MessageOrderError|SystemMessageOrderError|ContentTypeError|UnsupportedRoleError|InvalidStreamOptionsError|StreamingCountError|UnsupportedFieldsError|SeedTypeError/.test(
      name,
    )
  ) {
    return make(
      'bad-request',
      `WebLLM rejected the request: ${raw.message} Check the generation settings (temperature, top-p, max tokens).`,
      'fix-settings',
      raw,
      cause,
    );
  }

  const fallback: ErrorCode = ctx.phase === 'load' ? 'model-load-failed' : 'generation-failed';
  return make(
    fallback,
    ctx.phase === 'load'
      ? `${ctx.modelId ? `“${ctx.modelId}”` : 'The model'} could not be loaded: ${raw.message || raw.name}. You can use the CPU (WASM) backend instead.`
      : `Generation failed: ${raw.message || raw.name}`,
    ctx.phase === 'load' ? 'use-wasm-backend' : 'none',
    raw,
    cause,
  );
}

/** Errors after which the engine must be recreated and a failure recorded for this device. */
export function isDeviceFailure(error: { code: ErrorCode }): boolean {
  return error.code === 'device-lost' || error.code === 'out-of-memory';
}
