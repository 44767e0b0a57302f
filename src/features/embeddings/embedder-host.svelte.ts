/**
 * The sentence embedder of the app: the one place that creates the embedding worker, loads
 * its model (once; concurrent callers share the load), retries after a failure, and warms the
 * model up in idle time after start when its files are already on this device. Conversation
 * health scores with it and the router's semantic classifier (and any feature comparing texts by
 * meaning) asks `readyEmbedder()`: the loaded model behind a memo, so a text asked for twice
 * (health's early embedding of the prompt, the router's classification of it) is embedded once.
 */
import { EmbeddingClient } from './client';
import { MemoEmbedder } from './memo';
import type { Embedder } from '../../core/embedder';
import { TandemError, serializeError, toTandemError, type SerializedError } from '../../core/errors';
import type { Device } from '../../platform/protocol/llm';
import type { FileProgress } from '../../core/provider';
import { wasmBase } from '../../providers/transformers/wasm-base';

export type EmbedderStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface EmbedderHostDependencies {
  /** The model to load and where (health's preferences). */
  config: () => { model: string; device: Device };
  modelHost: () => string;
  /** Whether the model's weights are stored in IndexedDB (it loads without the network). */
  isCached: (repo: string) => Promise<boolean>;
  isOnline?: () => boolean;
  createClient?: () => EmbeddingClient;
  /** Runs a task when the page is idle (requestIdleCallback by default). */
  whenIdle?: (task: () => void) => void;
}

export class EmbedderHost {
  status = $state<EmbedderStatus>('idle');
  error = $state.raw<SerializedError | null>(null);
  progress = $state.raw<FileProgress[]>([]);
  loadMs = $state<number | null>(null);

  private readonly client: EmbeddingClient;
  private memo: MemoEmbedder | null = null;
  private loading: Promise<void> | null = null;
  private warming: Promise<void> | null = null;
  private generation = 0;

  constructor(private readonly deps: EmbedderHostDependencies) {
    this.client = deps.createClient?.() ?? new EmbeddingClient();
  }

  /** The loaded sentence embedder, or null while it is not loaded (never waits). */
  readyEmbedder(): Embedder | null {
    return this.status === 'ready' ? this.memo : null;
  }

  /**
   * The embedder once a load that is already under way (or a scheduled warm-up) ends; null
   * when no load is coming or it failed. Never starts a download.
   */
  async whenReady(): Promise<Embedder | null> {
    if (this.status === 'ready') return this.memo;
    const pending = this.loading ?? this.warming;
    if (pending) await pending.catch(() => undefined);
    return this.readyEmbedder();
  }

  /**
   * Loads the model in idle time after start when its files are on this device, so the first
   * turn does not wait for it. Downloads nothing: an uncached model loads on first use.
   */
  warmUp(): Promise<void> {
    if (this.status !== 'idle' || this.warming) return this.warming ?? Promise.resolve();
    const generation = this.generation;
    const warming = (async () => {
      if (!(await this.deps.isCached(this.deps.config().model))) return;
      await new Promise<void>((resolve) => (this.deps.whenIdle ?? whenIdle)(resolve));
      if (generation === this.generation && this.status === 'idle') await this.load();
    })()
      .catch(() => undefined)
      .finally(() => {
        if (this.warming === warming) this.warming = null;
      });
    this.warming = warming;
    return warming;
  }

  /**
   * Loads the embedding model in its worker (once; concurrent callers share the load). `repair`:
   * its damaged files are removed first and download again (the answer to a 'damaged-file' error).
   */
  load(options: { repair?: boolean } = {}): Promise<void> {
    if (this.status === 'ready') return Promise.resolve();
    if (this.loading) return this.loading;
    const generation = ++this.generation;
    const { model, device } = this.deps.config();
    this.status = 'loading';
    this.error = null;
    this.progress = [];
    const run = async (): Promise<void> => {
      if (!this.online() && !(await this.deps.isCached(model))) {
        // Never start a download while offline: say so instead.
        throw new TandemError(
          'offline',
          `The embedding model ${model} is not on this device yet and you are offline. Connect once to download it, then press Retry health.`,
          { retryable: true },
        );
      }
      const files = new Map<string, FileProgress>();
      const result = await this.client.load(
        {
          repo: model,
          device,
          dtype: device === 'webgpu' ? 'fp32' : undefined,
          remoteHost: this.deps.modelHost(),
          wasmBase: wasmBase(),
          ...(options.repair ? { repair: true } : {}),
        },
        {
          onProgress: (p) => {
            files.set(p.file, p);
            if (generation === this.generation) this.progress = [...files.values()];
          },
        },
      );
      if (generation !== this.generation) return;
      this.loadMs = result.loadMs;
      this.memo = new MemoEmbedder(this.client);
      this.status = 'ready';
    };
    const promise = run()
      .catch((error: unknown) => {
        if (generation !== this.generation) return;
        this.fail(explainLoadError(error, model));
        throw error;
      })
      .finally(() => {
        if (this.loading === promise) this.loading = null;
      });
    this.loading = promise;
    return promise;
  }

  /** The worker crashed or an embedding failed after loading: say so, free it, offer a retry. */
  fail(error: unknown): void {
    this.client.dispose();
    this.memo = null;
    this.status = 'error';
    this.error = serializeError(toTandemError(error, 'generation-failed'));
  }

  unload(): void {
    this.generation++;
    this.loading = null;
    this.warming = null;
    this.client.dispose();
    this.memo = null;
    this.status = 'idle';
    this.error = null;
    this.progress = [];
  }

  private online(): boolean {
    if (this.deps.isOnline) return this.deps.isOnline();
    return typeof navigator === 'undefined' || navigator.onLine !== false;
  }
}

function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => task(), { timeout: 2_000 });
  else setTimeout(task, 0);
}

function explainLoadError(error: unknown, model: string): TandemError {
  const typed = toTandemError(error, 'model-load-failed');
  if (typed.code === 'offline') return typed;
  return new TandemError(
    typed.code,
    `The embedding model ${model} could not load: ${typed.message} Chat works without it.`,
    { retryable: true, ...(typed.details ? { details: typed.details } : {}) },
  );
}
