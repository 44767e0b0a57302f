/**
 * The table of WebLLM and WebGPU failures: how each is recognised, its code, what the user is
 * told and the way forward. `errors.ts` normalises what was thrown and applies the first rule
 * that matches; the order of the rules is part of their meaning.
 */
import type { ErrorCode } from '../../core/errors';

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

export type Details = Record<string, string | number | boolean>;

export function modelName(ctx: WebLLMErrorContext): string {
  return ctx.modelId ? `“${ctx.modelId}”` : 'the model';
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

/** What a rule sees of one failure. */
export interface Failure {
  raw: { name: string; message: string };
  name: string;
  /** `${name}: ${message}` */
  text: string;
  ctx: WebLLMErrorContext;
  /** The URL a download failed on, and its file name. */
  url: string | undefined;
  file: string | undefined;
}

/**
 * One kind of failure: how to recognise it, its code, what to tell the user and the way forward.
 * The first rule whose `test` matches wins, so the order below is part of the meaning.
 */
export interface ErrorRule {
  id: string;
  test: (f: Failure) => boolean;
  code: ErrorCode | ((f: Failure) => ErrorCode);
  message: (f: Failure) => string;
  remedy: WebLLMRemedy;
  details?: (f: Failure) => Details;
  retryable?: boolean;
}

const isLost = (f: Failure): boolean =>
  f.name === 'DeviceLostError' || (DEVICE_LOST_RE.test(f.text) && f.name !== 'GPUOutOfMemoryError');
const smallerFor = (f: Failure): string | null =>
  f.ctx.modelId && f.ctx.suggestSmaller ? f.ctx.suggestSmaller(f.ctx.modelId) : null;
const f32For = (f: Failure): string | null =>
  f.ctx.modelId && f.ctx.suggestF32 ? f.ctx.suggestF32(f.ctx.modelId) : null;
const contextNumbers = (f: Failure): RegExpExecArray | null =>
  /number of prompt tokens: (\d+); context window size: (\d+)/.exec(f.text);
const downloadWhat = (f: Failure): string =>
  f.file ? (f.file.endsWith('.wasm') ? `the model library (${f.file})` : f.file) : 'model files';
const downloadDetails = (f: Failure): Details =>
  f.url
    ? { url: f.url, file: f.file ?? f.url, part: f.file?.endsWith('.wasm') ? 'model-library' : 'weights' }
    : {};
export const theModel = (f: Failure): string => (f.ctx.modelId ? `“${f.ctx.modelId}”` : 'The model');

export const RULES: ErrorRule[] = [
  {
    // Stopped by the user, or reload aborted by unload().
    id: 'aborted',
    test: (f) =>
      f.name === 'AbortError' ||
      /Engine\.unload\(\) is called|The operation was aborted|signal is aborted/i.test(f.text),
    code: 'aborted',
    message: () => 'Stopped.',
    remedy: 'none',
    retryable: true,
  },
  {
    // Storage full while WebLLM writes into IndexedDB / Cache API.
    id: 'quota',
    test: (f) => QUOTA_RE.test(f.text),
    code: 'quota-exceeded',
    message: (f) =>
      `There is not enough storage space to save ${modelName(f.ctx)}. Delete models you do not use on the Models page (or free disk space), then try again.`,
    remedy: 'free-storage',
    details: (f): Details => (f.url ? { url: f.url } : {}),
  },
  {
    // WebGPU missing or too weak for WebLLM.
    id: 'webgpu-missing',
    test: (f) => WEBGPU_MISSING_RE.test(f.text),
    code: 'webgpu-unavailable',
    message: (f) =>
      `WebLLM cannot run here: ${webgpuWhy(f)}. Use the CPU (WASM) backend instead: the same kind of small models, slower but it works on any device.`,
    remedy: 'use-wasm-backend',
    details: (f) => ({ reason: webgpuWhy(f) }),
  },
  {
    // A required GPU feature (shader-f16) is missing.
    id: 'shader-f16',
    test: (f) =>
      f.name === 'ShaderF16SupportError' ||
      f.name === 'FeatureSupportError' ||
      /requires (?:WebGPU extension )?(?:feature )?shader-f16/i.test(f.text),
    code: 'model-load-failed',
    message: (f) => {
      const alt = f32For(f);
      return `This GPU does not support 16-bit shaders (shader-f16), which ${modelName(f.ctx)} needs. ${
        alt ? `Use the q4f32 variant (${alt}) instead, ` : 'Pick a q4f32 variant, '
      }or the CPU (WASM) backend.`;
    },
    remedy: 'try-f32-variant',
    details: (f): Details => {
      const alt = f32For(f);
      return alt ? { suggestedModelId: alt, missingFeature: 'shader-f16' } : { missingFeature: 'shader-f16' };
    },
  },
  {
    // Device lost / out of memory: the engine is gone; recreate it, suggest a smaller model.
    id: 'device-lost-or-oom',
    test: (f) => isLost(f) || OOM_RE.test(f.text),
    code: 'device-lost',
    message: (f) => {
      const smaller = smallerFor(f);
      const suggestion = smaller
        ? `Try a smaller model, e.g. ${smaller}${smaller.endsWith('-1k') ? ' (same model, 1k context, less memory)' : ''}.`
        : 'Try a smaller model or a “-1k” variant (shorter context, less memory).';
      return `The GPU stopped while running ${modelName(f.ctx)}; this usually means it ran out of memory. The engine will be restarted. ${suggestion}`;
    },
    remedy: 'try-smaller-model',
    details: (f) => {
      const smaller = smallerFor(f);
      const extra: Details = { failureKind: isLost(f) ? 'device-lost' : 'out-of-memory' };
      if (smaller) extra.suggestedModelId = smaller;
      return extra;
    },
    retryable: true,
  },
  {
    id: 'context-window',
    test: (f) =>
      f.name === 'ContextWindowSizeExceededError' || /Prompt tokens exceed context window size/i.test(f.text),
    code: 'context-window-exceeded',
    message: (f) => {
      const m = contextNumbers(f);
      return `The conversation is too long for this model’s context window${
        m ? ` (${m[1]} tokens for a window of ${m[2]})` : ''
      }. Older turns will be left out; you can also shorten the message or start a new conversation.`;
    },
    remedy: 'shorten-conversation',
    details: (f): Details => {
      const m = contextNumbers(f);
      return m?.[1] && m[2] ? { promptTokens: Number(m[1]), contextWindow: Number(m[2]) } : {};
    },
  },
  {
    id: 'integrity',
    test: (f) => f.name === 'IntegrityError' || /Integrity verification failed/i.test(f.text),
    code: 'model-load-failed',
    message: (f) =>
      `A downloaded file of ${modelName(f.ctx)} is damaged (its checksum does not match). Repair the model to download it again.`,
    remedy: 'repair-model',
    details: (f): Details => (f.url ? { url: f.url, file: f.file ?? f.url } : {}),
  },
  {
    // The model library (wasm) is not a valid WebAssembly module, or not a TVM one.
    id: 'wasm-broken',
    test: (f) => WASM_BROKEN_RE.test(f.text),
    code: 'model-load-failed',
    message: (f) =>
      `The model library (the compiled WebGPU program) of ${modelName(f.ctx)} is damaged or not a WebAssembly file, so WebLLM cannot start it. Repair the model to download it again, or use the CPU (WASM) backend.`,
    remedy: 'use-wasm-backend',
    details: () => ({ part: 'model-library' }),
  },
  {
    // Downloads: a connection problem.
    id: 'fetch-network',
    test: (f) => FETCH_NETWORK_RE.test(f.text),
    code: (f) => (f.ctx.online === false ? 'offline' : 'network'),
    message: (f) =>
      f.ctx.online === false
        ? `You are offline and ${modelName(f.ctx)} is not fully downloaded yet (${downloadWhat(f)}). Connect to the internet once to download it.`
        : `Could not reach the server to download ${downloadWhat(f)} for ${modelName(f.ctx)}. Check your connection (or the model mirror address in Settings) and try again.`,
    remedy: 'check-connection',
    details: downloadDetails,
    retryable: true,
  },
  {
    // Downloads: the server answered with an error (404, 5xx).
    id: 'fetch-http',
    test: (f) => FETCH_HTTP_RE.test(f.text),
    code: 'model-load-failed',
    message: (f) =>
      `Could not download ${downloadWhat(f)} for ${modelName(f.ctx)}: the server answered with an error (the file may not exist there). Check the model source address in Settings, or use the CPU (WASM) backend.`,
    remedy: 'check-model-source',
    details: downloadDetails,
    retryable: true,
  },
  {
    // A damaged JSON file (mlc-chat-config.json, tensor-cache.json, tokenizer.json).
    id: 'damaged-json',
    test: (f) => f.name === 'SyntaxError' && /JSON/i.test(f.text),
    code: 'model-load-failed',
    message: (f) =>
      `A configuration file of ${modelName(f.ctx)} is damaged. Repair the model to download it again.`,
    remedy: 'repair-model',
  },
  {
    id: 'model-not-in-list',
    test: (f) => f.name === 'ModelNotFoundError' || /Cannot find model record in appConfig/.test(f.text),
    code: 'not-found',
    message: (f) =>
      `${f.ctx.modelId ? `“${f.ctx.modelId}”` : 'This model'} is not in WebLLM’s model list. Pick another model on the Models page.`,
    remedy: 'none',
  },
  {
    id: 'not-loaded',
    test: (f) =>
      /ModelNotLoadedError|WorkerEngineModelNotLoadedError|EngineNotLoadedError|ConfigurationNotInitializedError/.test(
        f.name,
      ) || /not loaded with a model|Model not loaded before/i.test(f.text),
    code: 'model-load-failed',
    message: (f) => `${theModel(f)} is not loaded (the engine may have been restarted). Load it again.`,
    remedy: 'reload-engine',
    retryable: true,
  },
  {
    // Bad request fields: settings out of range, message order, etc. (WebLLM's ConfigValueError
    // family includes its own class named "RangeError"; a JS RangeError about memory was caught above.)
    id: 'bad-request',
    test: (f) =>
      /ConfigValueError|MinValueError|^RangeError$|NonNegativeError|InvalidNumberStringError|DependencyError|MessageOrderError|SystemMessageOrderError|ContentTypeError|UnsupportedRoleError|InvalidStreamOptionsError|StreamingCountError|UnsupportedFieldsError|SeedTypeError/.test(
        f.name,
      ),
    code: 'bad-request',
    message: (f) =>
      `WebLLM rejected the request: ${f.raw.message} Check the generation settings (temperature, top-p, max tokens).`,
    remedy: 'fix-settings',
  },
];

function webgpuWhy(f: Failure): string {
  return /Unable to find a compatible GPU|requestAdapter/i.test(f.text)
    ? 'the browser found no usable GPU'
    : /Cannot initialize runtime because of requested max/i.test(f.text)
      ? 'the GPU’s limits are too small for WebLLM'
      : 'this browser has no WebGPU';
}

/** The ids of the rules, in the order they are tried (for tests and docs). */
export const WEBLLM_ERROR_RULES: readonly string[] = RULES.map((r) => r.id);
