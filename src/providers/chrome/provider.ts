/**
 * Chrome's built-in model (the Prompt API) behind Tandem's `ChatProvider` interface: a device
 * tier that needs no download by Tandem (Chrome keeps one copy of the model for every site).
 *
 * - One session per answer: the conversation goes in as `initialPrompts` (system first, then the
 *   earlier turns), the last user message is the prompt; the session is destroyed afterwards.
 * - The context window and usage are the ones the session reports (`contextWindow`,
 *   `contextUsage`, `measureContextUsage`); an input that does not fit ends with
 *   `context-window-exceeded` before anything is generated.
 * - Stop aborts `promptStreaming` through its signal: the text so far is kept, finish `aborted`.
 * - `prepareChromeModel` is the Models page's Download: `create()` with a download monitor. It
 *   must run from a user gesture while the model is `downloadable` or `downloading`.
 */
import { serializeError, toTandemError } from '../../core/errors';
import type {
  ChatMessage,
  ChatProvider,
  GenerateRequest,
  StreamPart,
  Timings,
  Usage,
} from '../../core/provider';
import { estimateTokensFromChars } from '../../core/tokens';
import {
  TEXT_IO,
  contextOf,
  getLanguageModel,
  mapPromptApiError,
  measure,
  unavailableError,
  type Availability,
  type LanguageModelSession,
  type LanguageModelStatic,
  type PromptMessage,
} from './prompt-api';

export const CHROME_MODEL_ID = 'built-in';
export const CHROME_MODEL_LABEL = "Chrome's built-in model (Gemini Nano)";

/** Where the Prompt API exists: its availability; null where it does not. */
export async function chromeModelAvailability(api = getLanguageModel()): Promise<Availability | null> {
  if (!api) return null;
  try {
    return await api.availability(TEXT_IO);
  } catch {
    return 'unavailable';
  }
}

/**
 * Opens a session of the built-in model, downloading it first when Chrome has not (`onProgress`
 * gets 0..1). Call from a user gesture: `create()` runs before anything is awaited, while the
 * click's activation is still there. The caller owns the session (`destroy()` it).
 */
export async function openChromeSession(
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
  api = getLanguageModel(),
): Promise<LanguageModelSession> {
  if (!api) throw unavailableError();
  try {
    return await api.create({
      ...TEXT_IO,
      ...(signal ? { signal } : {}),
      monitor(m) {
        m.addEventListener('downloadprogress', (e: ProgressEvent) =>
          onProgress(e.total > 0 ? e.loaded / e.total : e.loaded),
        );
      },
    });
  } catch (error) {
    throw mapPromptApiError(error, 'create');
  }
}

/** Downloads (or just opens) the built-in model and closes the session again. */
export async function prepareChromeModel(
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
  api = getLanguageModel(),
): Promise<void> {
  (await openChromeSession(onProgress, signal, api)).destroy();
}

/** The conversation as the Prompt API takes it: initial prompts, then the one prompt. */
export function toPrompt(messages: readonly ChatMessage[]): {
  initialPrompts: PromptMessage[];
  prompt: string;
} {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const turns = messages.filter((m) => m.role !== 'system');
  const lastUser =
    turns.length > 0 && turns[turns.length - 1]!.role === 'user' ? turns[turns.length - 1]! : null;
  const history = lastUser ? turns.slice(0, -1) : turns;
  const initialPrompts: PromptMessage[] = [
    ...(system.length ? [{ role: 'system' as const, content: system.join('\n\n') }] : []),
    ...history.map((m) => ({ role: m.role, content: m.content })),
  ];
  return { initialPrompts, prompt: lastUser?.content ?? '' };
}

/** What a session reported after an answer: tokens of its context used, and its window. */
export interface ChromeContextReport {
  used: number;
  window: number | null;
}

export interface ChromeProviderOptions {
  api?: LanguageModelStatic | null;
  now?: () => number;
  /** After each answer: the context the session reported (the Models page shows it). */
  onContext?: (report: ChromeContextReport) => void;
}

export class ChromeProvider implements ChatProvider {
  readonly kind = 'chrome' as const;
  readonly label = CHROME_MODEL_LABEL;
  readonly model = CHROME_MODEL_ID;
  private readonly api: LanguageModelStatic | null;
  private readonly now: () => number;
  private readonly onContext: ((report: ChromeContextReport) => void) | undefined;

  constructor(options: ChromeProviderOptions = {}) {
    this.api = options.api === undefined ? getLanguageModel() : options.api;
    this.now = options.now ?? (() => performance.now());
    this.onContext = options.onContext;
  }

  async *stream(request: GenerateRequest): AsyncGenerator<StreamPart, void, undefined> {
    const { signal } = request;
    const started = this.now();
    const usage: Usage = { inputTokens: 0, outputTokens: 0 };
    let firstAt: number | null = null;
    let chars = 0;
    const timings = (): Timings => {
      const end = this.now();
      const decode = firstAt === null ? 0 : (end - firstAt) / 1000;
      return {
        timeToFirstTokenMs: firstAt === null ? null : Math.round(firstAt - started),
        totalMs: Math.round(end - started),
        tokensPerSecond:
          decode > 0 && usage.outputTokens > 0 ? Math.round((usage.outputTokens / decode) * 10) / 10 : null,
      };
    };
    let session: LanguageModelSession | null = null;
    let phase: 'create' | 'prompt' = 'create';
    try {
      if (!this.api) throw unavailableError();
      const availability = await this.api.availability(TEXT_IO);
      if (availability === 'unavailable') throw unavailableError();
      const { initialPrompts, prompt } = toPrompt(request.messages);
      session = await this.api.create({ ...TEXT_IO, initialPrompts, ...(signal ? { signal } : {}) });
      phase = 'prompt';
      const before = contextOf(session);
      const promptTokens = (await measure(session, prompt, signal)) ?? estimateTokensFromChars(prompt.length);
      usage.inputTokens = before.used + promptTokens;
      if (before.window !== null && before.used + promptTokens > before.window) {
        throw mapPromptApiError(new DOMException('The input is too large.', 'QuotaExceededError'), 'prompt');
      }
      const reader = session.promptStreaming(prompt, signal ? { signal } : {}).getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (!value) continue;
          if (firstAt === null) firstAt = this.now();
          chars += value.length;
          yield { type: 'text-delta', text: value };
        }
      } finally {
        reader.releaseLock();
      }
      const after = contextOf(session).used;
      this.onContext?.({ used: after, window: before.window });
      const reported = after - before.used - promptTokens;
      usage.outputTokens = reported > 0 ? reported : estimateTokensFromChars(chars);
      yield { type: 'finish', reason: 'stop', usage: { ...usage }, timings: timings() };
    } catch (error) {
      usage.outputTokens = Math.max(usage.outputTokens, estimateTokensFromChars(chars));
      if (signal?.aborted) {
        yield { type: 'finish', reason: 'aborted', usage: { ...usage }, timings: timings() };
        return;
      }
      yield { type: 'error', error: serializeError(toTandemError(mapPromptApiError(error, phase))) };
    } finally {
      session?.destroy();
    }
  }
}
