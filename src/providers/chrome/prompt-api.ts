/**
 * The Prompt API surface Tandem uses (Chrome's built-in model, Gemini Nano; Chrome 148+ on
 * desktop), after the published IDL (https://webmachinelearning.github.io/prompt-api/, as
 * extracted by webref into WPT's interfaces/prompt-api.idl):
 *
 *   static Promise<Availability> availability(optional LanguageModelCreateCoreOptions = {});
 *     enum Availability { "unavailable", "downloadable", "downloading", "available" }
 *   static Promise<LanguageModel> create(optional LanguageModelCreateOptions = {});
 *     { signal, monitor(CreateMonitor) (EventTarget firing ProgressEvent "downloadprogress",
 *       loaded 0..1), initialPrompts: [{role: "system"|"user"|"assistant", content}] }
 *     (a create that has to download needs a user gesture: NotAllowedError without one)
 *   ReadableStream promptStreaming(input, optional { signal });  // string chunks
 *   Promise<double> measureContextUsage(input);
 *   readonly attribute double contextUsage; readonly attribute unrestricted double contextWindow;
 *   (deprecated, extension contexts only: inputUsage, inputQuota, measureInputUsage)
 *   undefined destroy();
 *
 * Errors are DOMExceptions by name: QuotaExceededError (the input does not fit the context),
 * NotAllowedError (no user gesture, or disabled by policy), NotSupportedError, InvalidStateError
 * (a destroyed session), AbortError, NetworkError/UnknownError/OperationError.
 */
import { TandemError, type ErrorCode } from '../../core/errors';

export type Availability = 'unavailable' | 'downloadable' | 'downloading' | 'available';

export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CreateMonitor extends EventTarget {
  addEventListener(type: 'downloadprogress', listener: (event: ProgressEvent) => void): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void;
}

export interface LanguageModelCreateOptions {
  signal?: AbortSignal;
  monitor?: (monitor: CreateMonitor) => void;
  initialPrompts?: PromptMessage[];
  expectedInputs?: { type: 'text'; languages?: string[] }[];
  expectedOutputs?: { type: 'text'; languages?: string[] }[];
}

export interface LanguageModelSession {
  promptStreaming(
    input: string | PromptMessage[],
    options?: { signal?: AbortSignal },
  ): ReadableStream<string>;
  measureContextUsage?(input: string | PromptMessage[], options?: { signal?: AbortSignal }): Promise<number>;
  measureInputUsage?(input: string | PromptMessage[], options?: { signal?: AbortSignal }): Promise<number>;
  readonly contextUsage?: number;
  readonly contextWindow?: number;
  readonly inputUsage?: number;
  readonly inputQuota?: number;
  destroy(): void;
}

export interface LanguageModelStatic {
  availability(
    options?: Omit<LanguageModelCreateOptions, 'signal' | 'monitor' | 'initialPrompts'>,
  ): Promise<Availability>;
  create(options?: LanguageModelCreateOptions): Promise<LanguageModelSession>;
}

/** English text in and out: what Tandem asks the built-in model for. */
export const TEXT_IO = {
  expectedInputs: [{ type: 'text' as const, languages: ['en'] }],
  expectedOutputs: [{ type: 'text' as const, languages: ['en'] }],
};

/** The page's `LanguageModel`, or null where the Prompt API does not exist. */
export function getLanguageModel(scope: object = globalThis): LanguageModelStatic | null {
  const api = (scope as { LanguageModel?: unknown }).LanguageModel;
  if (typeof api !== 'function' && (typeof api !== 'object' || api === null)) return null;
  const candidate = api as Partial<LanguageModelStatic>;
  return typeof candidate.availability === 'function' && typeof candidate.create === 'function'
    ? (candidate as LanguageModelStatic)
    : null;
}

/** The context the session reports: the current attributes, else the deprecated ones. */
export function contextOf(session: LanguageModelSession): { used: number; window: number | null } {
  const used = session.contextUsage ?? session.inputUsage ?? 0;
  const window = session.contextWindow ?? session.inputQuota ?? null;
  return { used, window: window !== null && Number.isFinite(window) ? window : null };
}

export async function measure(
  session: LanguageModelSession,
  input: string,
  signal?: AbortSignal,
): Promise<number | null> {
  const fn = session.measureContextUsage ?? session.measureInputUsage;
  if (!fn) return null;
  return fn.call(session, input, signal ? { signal } : {});
}

// Requirements as Chrome's built-in AI guide states them
// (https://developer.chrome.com/docs/modern-web-guidance/guides/built-in-ai/language-model).
const REQUIREMENTS =
  "Chrome's built-in model needs Chrome 148 or later on a desktop (Windows, macOS, Linux, Chromebook Plus), 22 GB of free disk for the model, and a GPU with more than 4 GB of memory or 16 GB of RAM and 4 CPU cores.";

export function unavailableError(): TandemError {
  return new TandemError(
    'model-load-failed',
    `Chrome's built-in model is not available here. ${REQUIREMENTS}`,
    {
      name: 'ChromeModelError',
      details: { availability: 'unavailable' },
    },
  );
}

/** A DOMException (or anything) from the Prompt API → TandemError. */
export function mapPromptApiError(error: unknown, phase: 'create' | 'prompt'): TandemError {
  if (error instanceof TandemError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  const said = (error as { message?: unknown } | null)?.message;
  const detail = typeof said === 'string' && said ? ` (Chrome said: ${said.replace(/\.$/, '')}.)` : '';
  let code: ErrorCode;
  let message: string;
  let retryable = false;
  switch (name) {
    case 'AbortError':
      return new TandemError('aborted', 'Stopped.', { name: 'AbortError', retryable: true, cause: error });
    case 'QuotaExceededError':
      code = 'context-window-exceeded';
      message =
        "This conversation does not fit the built-in model's context window. Start a new conversation, turn on context compression, or answer with a model that has a larger window.";
      break;
    case 'NotAllowedError':
      code = 'permission-denied';
      message =
        phase === 'create'
          ? 'Chrome needs a click to download its built-in model: press Download on the Models page. (If it stays refused, the built-in model may be turned off by a policy or in chrome://flags.)'
          : 'Chrome refused to use its built-in model here (a policy, or the page is not allowed to).';
      break;
    case 'NotSupportedError':
      code = 'model-load-failed';
      message = `Chrome's built-in model does not support this request. ${REQUIREMENTS}`;
      break;
    case 'InvalidStateError':
      code = 'generation-failed';
      message = "Chrome's built-in model session ended. Try again.";
      retryable = true;
      break;
    case 'NetworkError':
      code = 'network';
      message = 'Chrome could not download its built-in model. Check the connection and try again.';
      retryable = true;
      break;
    default:
      code = phase === 'create' ? 'model-load-failed' : 'generation-failed';
      message =
        phase === 'create'
          ? "Chrome's built-in model could not start. Try again."
          : "Chrome's built-in model failed while answering. Try again.";
      retryable = true;
  }
  return new TandemError(code, `${message}${detail}`, {
    name: 'ChromeModelError',
    retryable,
    cause: error,
    details: typeof name === 'string' ? { domException: name } : {},
  });
}
