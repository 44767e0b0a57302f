/**
 * Runs any model on given messages for any feature (the evaluation workbench, later a feedback
 * loop) without changing the user's chat model or settings.
 *
 * A local model that is not the loaded one is loaded for the run without becoming the user's
 * choice, and the model that was loaded before comes back afterwards (or the engine is unloaded
 * if none was). Local runs go one at a time (a queue), since a browser runs one local engine; when
 * another tab holds the engine the run ends with an error part instead of taking it away.
 * Claude, the user's server and Chrome's built-in model need no engine of Tandem's and do not queue.
 */
import { TandemError } from '../../core/errors';
import type { ChatMessage, ChatProvider, GenerationSettings, StreamPart } from '../../core/provider';
import type { LocalModel, LocalModelRef } from './local-model.svelte';

/** A model that runs outside Tandem's local engine: a Claude model, a server model, Chrome's. */
export type RemoteModelRef =
  { backend: 'claude'; model: string } | { backend: 'server'; model: string } | { backend: 'chrome' };
export type RunnerModelRef = LocalModelRef | RemoteModelRef;

/** One model held for several runs (see `ModelRunner.open`). */
export interface RunnerSession {
  run(messages: ChatMessage[], settings: GenerationSettings, signal?: AbortSignal): AsyncIterable<StreamPart>;
  /** Ends the session: the model that was loaded before comes back. */
  close(): Promise<void>;
}

export interface ModelRunnerDependencies {
  local: Pick<LocalModel, 'loadedRef' | 'provider' | 'status' | 'error' | 'load' | 'unload'>;
  /** A Claude provider for this model id, or null when no key is set. */
  claude: (model: string) => ChatProvider | null;
  /** A provider for this model on the user's server, or null when no server is set. */
  server?: (model: string) => ChatProvider | null;
  /** Chrome's built-in model, or null where the Prompt API does not exist. */
  chrome?: () => ChatProvider | null;
}

const MISSING: Record<RemoteModelRef['backend'], [TandemError['code'], string]> = {
  claude: ['invalid-api-key', 'Add a Claude API key in Settings to run Claude models.'],
  server: ['bad-request', 'Set your server in Settings → Your server to run server models.'],
  chrome: ['model-load-failed', "Chrome's built-in model is not available in this browser."],
};

function isRemote(ref: RunnerModelRef): ref is RemoteModelRef {
  return ref.backend === 'claude' || ref.backend === 'server' || ref.backend === 'chrome';
}

function sameModel(a: LocalModelRef, b: LocalModelRef | null): boolean {
  if (!b || a.backend !== b.backend) return false;
  return a.backend === 'webllm'
    ? a.entry.modelId === (b.entry as typeof a.entry).modelId
    : a.entry.id === (b.entry as typeof a.entry).id;
}

/**
 * `work`, or an abort error as soon as `signal` fires, after `cancel` (which stops the work: a
 * model load is cancelled by unloading, at once, instead of being waited for).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, cancel: () => void): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      cancel();
      reject(new TandemError('aborted', 'Stopped.'));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function errorPart(error: TandemError): StreamPart {
  return { type: 'error', error: error.toJSON() };
}

export class ModelRunner {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ModelRunnerDependencies) {}

  /** Streams the model's answer to `messages` (ending with one finish or error part). */
  run(
    ref: RunnerModelRef,
    messages: ChatMessage[],
    settings: GenerationSettings,
    signal?: AbortSignal,
  ): AsyncIterable<StreamPart> {
    if (isRemote(ref)) return this.runRemote(ref, messages, settings, signal);
    return this.runLocal(ref, messages, settings, signal);
  }

  private remoteProvider(ref: RemoteModelRef): ChatProvider | null {
    if (ref.backend === 'claude') return this.deps.claude(ref.model);
    if (ref.backend === 'server') return this.deps.server?.(ref.model) ?? null;
    return this.deps.chrome?.() ?? null;
  }

  private async *runRemote(
    ref: RemoteModelRef,
    messages: ChatMessage[],
    settings: GenerationSettings,
    signal?: AbortSignal,
  ): AsyncGenerator<StreamPart> {
    const provider = this.remoteProvider(ref);
    if (!provider) {
      const [code, message] = MISSING[ref.backend];
      yield errorPart(new TandemError(code, message));
      return;
    }
    yield* provider.stream({ messages, settings, ...(signal ? { signal } : {}) });
  }

  private async *runLocal(
    ref: LocalModelRef,
    messages: ChatMessage[],
    settings: GenerationSettings,
    signal?: AbortSignal,
  ): AsyncGenerator<StreamPart> {
    const session = await this.openLocal(ref, signal);
    try {
      yield* session.run(messages, settings, signal);
    } finally {
      await session.close();
    }
  }

  /**
   * Holds one model for several runs (the workbench runs a model's tasks in a row): a local model
   * is loaded once, other local runs wait until `close()`, which brings the user's model back.
   * A load that failed makes every `run` of the session end with that error part.
   */
  async open(ref: RunnerModelRef, signal?: AbortSignal): Promise<RunnerSession> {
    if (isRemote(ref)) {
      return {
        run: (messages, settings, runSignal) => this.runRemote(ref, messages, settings, runSignal),
        close: async () => undefined,
      };
    }
    return this.openLocal(ref, signal);
  }

  private async openLocal(ref: LocalModelRef, signal?: AbortSignal): Promise<RunnerSession> {
    // Wait for the sessions before this one, then hold the queue until this one is closed.
    let release!: () => void;
    const previousRuns = this.queue;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previousRuns;
    const local = this.deps.local;
    const before = local.loadedRef;
    const swap = !sameModel(ref, before);
    let loaded = false;
    let closed = false;
    const restore = async (): Promise<void> => {
      if (loaded && swap && local.status !== 'elsewhere') {
        if (before) await local.load(before, { persist: false });
        else local.unload();
      }
    };
    const close = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      const restoring = restore().finally(release);
      // A stopped run ends now: the user's model comes back meanwhile (the queue waits for it).
      if (signal?.aborted) restoring.catch(() => undefined);
      else await restoring;
    };
    try {
      if (swap && !signal?.aborted) {
        loaded = true;
        await untilAborted(local.load(ref, { persist: false }), signal, () => local.unload());
      }
    } catch (error) {
      await close();
      throw error;
    }
    async function* run(
      messages: ChatMessage[],
      settings: GenerationSettings,
      runSignal?: AbortSignal,
    ): AsyncGenerator<StreamPart> {
      if (runSignal?.aborted || (swap && !loaded)) {
        yield errorPart(new TandemError('aborted', 'The run was cancelled before it started.'));
        return;
      }
      const provider = local.provider;
      if (local.status === 'elsewhere') {
        yield errorPart(
          new TandemError(
            'model-load-failed',
            'Another Tandem tab runs the local model: run this there, or take it over.',
          ),
        );
        return;
      }
      if (!provider) {
        const why = local.error?.message ?? 'the model did not load';
        yield errorPart(
          new TandemError('model-load-failed', `The model could not be loaded for this run: ${why}`),
        );
        return;
      }
      yield* provider.stream({ messages, settings, ...(runSignal ? { signal: runSignal } : {}) });
    }
    return { run, close };
  }
}
