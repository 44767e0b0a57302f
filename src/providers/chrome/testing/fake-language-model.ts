/**
 * A fake `LanguageModel` (Chrome's Prompt API) that tests install on `globalThis`, following the
 * published IDL (see ../prompt-api.ts) as Chrome implements it:
 * - `availability()` answers the configured state; while `create()` downloads it says
 *   `downloading`, then `available`.
 * - `create()`: `unavailable` → NotSupportedError; a create that must download needs a user
 *   gesture (`navigator.userActivation.isActive`, where it exists) → NotAllowedError; the
 *   monitor's `downloadprogress` ProgressEvents go 0 → 1 (`loaded`, `total` 1); `signal` aborts
 *   with its reason; `initialPrompts` may hold one `system` message, first only (TypeError else).
 * - `promptStreaming()` returns a ReadableStream of string deltas; its signal aborts it
 *   (AbortError); an input beyond `contextWindow - contextUsage` → QuotaExceededError; a
 *   destroyed session → InvalidStateError. `contextUsage` counts ~4 characters a token.
 * - `destroy()` ends the session and whatever it streams.
 *
 * SELF-CONTAINED on purpose (no imports, nothing from module scope): Playwright's
 * `page.addInitScript(installFakeLanguageModel, options)` sends the function's source to the page.
 * The control object is `globalThis.__fakeLanguageModel`.
 */

export type FakeAvailability = 'unavailable' | 'downloadable' | 'downloading' | 'available';

export interface FakeLanguageModelOptions {
  availability: FakeAvailability;
  /** `loaded` values of the download, in order (default 0, .25, .5, .75, 1). */
  downloadSteps?: number[];
  downloadStepMs?: number;
  /** Stop the download after this step's event until `control.releaseDownload()` (a test's pace). */
  holdAtProgress?: number;
  /** Default 4096 tokens. */
  contextWindow?: number;
  /** ms between streamed chunks (default 20). */
  chunkDelayMs?: number;
  /** After this many chunks, wait (still open) until aborted or destroyed: an answer in progress. */
  holdAfterChunks?: number;
  /** Make `promptStreaming` fail with a DOMException of this name after one chunk. */
  failPromptWith?: string;
}

export interface FakeLanguageModelControl {
  availability: FakeAvailability;
  created: number;
  destroyed: number;
  prompts: { initialPrompts: unknown[]; input: string }[];
  progress: number[];
  /** Resumes a download held at `holdAtProgress`. */
  releaseDownload: () => void;
}

export function installFakeLanguageModel(options: FakeLanguageModelOptions): FakeLanguageModelControl {
  const scope = globalThis as unknown as Record<string, unknown>;
  const control: FakeLanguageModelControl = {
    availability: options.availability,
    created: 0,
    destroyed: 0,
    prompts: [],
    progress: [],
    releaseDownload: () => undefined,
  };
  scope.__fakeLanguageModel = control;
  const windowSize = options.contextWindow ?? 4096;
  const delay = options.chunkDelayMs ?? 20;
  const tokens = (text: string): number => Math.ceil(text.length / 4);
  const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as unknown);
      const t = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(t);
        reject(signal.reason as unknown);
      });
    });
  const progressEvent = (loaded: number): Event => {
    const Ctor = (globalThis as { ProgressEvent?: typeof ProgressEvent }).ProgressEvent;
    if (Ctor) return new Ctor('downloadprogress', { loaded, total: 1, lengthComputable: true });
    const event = new Event('downloadprogress');
    Object.defineProperties(event, { loaded: { value: loaded }, total: { value: 1 } });
    return event;
  };
  const words = (text: string): string[] => text.match(/\S+\s*/g) ?? [];

  class FakeSession extends EventTarget {
    #used: number;
    #destroyed = false;
    #controllers = new Set<ReadableStreamDefaultController<string>>();
    readonly #initial: { role: string; content: string }[];
    constructor(initial: { role: string; content: string }[]) {
      super();
      this.#initial = initial;
      this.#used = initial.reduce((n, m) => n + tokens(m.content) + 4, 0);
    }
    get contextUsage(): number {
      return this.#used;
    }
    get contextWindow(): number {
      return windowSize;
    }
    measureContextUsage(input: string): Promise<number> {
      if (this.#destroyed)
        return Promise.reject(new DOMException('The session was destroyed.', 'InvalidStateError'));
      return Promise.resolve(tokens(String(input)) + 4);
    }
    promptStreaming(input: string, opts: { signal?: AbortSignal } = {}): ReadableStream<string> {
      const signal = opts.signal;
      const text = String(input);
      control.prompts.push({ initialPrompts: this.#initial, input: text });
      let live: ReadableStreamDefaultController<string>;
      return new ReadableStream<string>({
        start: async (controller) => {
          live = controller;
          this.#controllers.add(controller);
          try {
            if (this.#destroyed) throw new DOMException('The session was destroyed.', 'InvalidStateError');
            if (signal?.aborted) throw signal.reason;
            if (this.#used + tokens(text) + 4 > windowSize) {
              throw new DOMException('The input is too large.', 'QuotaExceededError');
            }
            this.#used += tokens(text) + 4;
            const clean = text.replace(/\s+/g, ' ').trim().slice(0, 60);
            const pieces = words(`Built-in (fake) answer to: ${clean}`);
            for (let i = 0; i < pieces.length; i++) {
              await sleep(delay, signal);
              if (this.#destroyed) throw new DOMException('The session was destroyed.', 'InvalidStateError');
              controller.enqueue(pieces[i]!);
              this.#used += 1;
              if (options.failPromptWith) throw new DOMException('The model failed.', options.failPromptWith);
              if (options.holdAfterChunks !== undefined && i + 1 >= options.holdAfterChunks) {
                await new Promise<never>((_, reject) => {
                  if (signal) signal.addEventListener('abort', () => reject(signal.reason as unknown));
                });
              }
            }
            controller.close();
          } catch (error) {
            controller.error(error);
          } finally {
            this.#controllers.delete(live);
          }
        },
      });
    }
    destroy(): void {
      if (this.#destroyed) return;
      this.#destroyed = true;
      control.destroyed++;
      for (const c of this.#controllers) {
        try {
          c.error(new DOMException('The session was destroyed.', 'AbortError'));
        } catch {
          // already closed
        }
      }
    }
  }

  const LanguageModel = {
    availability(): Promise<FakeAvailability> {
      return Promise.resolve(control.availability);
    },
    async create(
      opts: {
        signal?: AbortSignal;
        monitor?: (m: EventTarget) => void;
        initialPrompts?: { role: string; content: string }[];
      } = {},
    ): Promise<FakeSession> {
      if (opts.signal?.aborted) throw opts.signal.reason;
      if (control.availability === 'unavailable')
        throw new DOMException('The model is not available.', 'NotSupportedError');
      const initial = opts.initialPrompts ?? [];
      initial.forEach((m, i) => {
        if (m.role === 'system' && i !== 0)
          throw new TypeError('A system prompt may only be the first initial prompt.');
      });
      const monitor = new EventTarget();
      opts.monitor?.(monitor);
      if (control.availability !== 'available') {
        const activation = (globalThis as { navigator?: { userActivation?: { isActive: boolean } } })
          .navigator?.userActivation;
        if (activation && !activation.isActive) {
          throw new DOMException(
            'Requires a user gesture when availability is "downloading" or "downloadable".',
            'NotAllowedError',
          );
        }
        control.availability = 'downloading';
        for (const loaded of options.downloadSteps ?? [0, 0.25, 0.5, 0.75, 1]) {
          await sleep(options.downloadStepMs ?? 20, opts.signal);
          control.progress.push(loaded);
          monitor.dispatchEvent(progressEvent(loaded));
          if (loaded === options.holdAtProgress) {
            // Held, yet still abortable: create()'s signal rejects it as Chrome's does.
            await new Promise<void>((resolve, reject) => {
              control.releaseDownload = resolve;
              opts.signal?.addEventListener('abort', () => reject(opts.signal!.reason as unknown));
            });
          }
        }
        control.availability = 'available';
      }
      control.created++;
      return new FakeSession(initial);
    },
  };
  scope.LanguageModel = LanguageModel;
  return control;
}
