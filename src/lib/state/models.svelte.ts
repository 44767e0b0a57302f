/**
 * Which chat model is loaded, how its download goes, and what is cached. Talks to the chat
 * worker only through `TransformersProvider`.
 */
import { IndexedDbModelCache, type ModelSummary, type VerifyResult } from '../db/model-files';
import { serializeError, toTandemError, type SerializedError } from '../errors';
import { TRANSFORMERS_CATALOG, customModelEntry, type TransformersModelEntry } from '../models/catalog';
import type { LoadResult } from '../protocol/llm';
import { TransformersProvider } from '../providers/transformers/provider';
import type { FileProgress } from '../providers/types';
import { detectDevice, type DeviceChoice } from '../hardware/device';
import { DownloadMeter, type DownloadStats } from '../models/download-meter';
import type { LocalEngineState } from './local-engine.svelte';
import type { SettingsState } from './settings.svelte';

/** 'elsewhere': another tab runs the local model, so this one did not load a second copy. */
export type ModelStatus = 'idle' | 'loading' | 'ready' | 'error' | 'elsewhere';

export type { DeviceChoice } from '../hardware/device';

/** `takeOver`: move the engine from another tab; `persist: false`: do not make it the user's choice. */
export interface LoadOptions {
  takeOver?: boolean;
  persist?: boolean;
}

export class ModelsState {
  status = $state<ModelStatus>('idle');
  active = $state.raw<TransformersModelEntry | null>(null);
  device = $state<DeviceChoice | null>(null);
  progress = $state.raw<FileProgress[]>([]);
  error = $state.raw<SerializedError | null>(null);
  loadInfo = $state.raw<LoadResult | null>(null);
  cached = $state.raw<ModelSummary[]>([]);
  /** Bytes, percent, speed and time left of the current download. */
  download = $state.raw<DownloadStats | null>(null);
  /** The model waiting for "Use it here" while another tab runs the engine. */
  waiting = $state.raw<TransformersModelEntry | null>(null);

  /** Set by the local-model owner: runs before a load (it unloads the other backend). */
  beforeLoad: () => void = () => undefined;
  readonly provider = new TransformersProvider();
  private readonly cache = new IndexedDbModelCache();
  private loadController: AbortController | null = null;

  constructor(
    private readonly settings: SettingsState,
    private readonly engine?: LocalEngineState,
  ) {
    engine?.register(() => {
      if (this.status === 'ready' || this.status === 'loading') {
        this.loadController?.abort();
        this.provider.dispose();
        this.waiting = this.active;
        this.status = 'elsewhere';
      }
    });
  }

  get entries(): TransformersModelEntry[] {
    const custom = this.settings.current.customModels.map(customModelEntry);
    return [...TRANSFORMERS_CATALOG, ...custom];
  }

  get selected(): TransformersModelEntry | undefined {
    return this.entries.find((e) => e.id === this.settings.current.selectedModelId);
  }

  /** Weights and config are stored: the model loads without the network. */
  isCached(entry: TransformersModelEntry): boolean {
    return this.cached.some((c) => c.modelId === entry.repo && c.hasWeights);
  }

  /** Some files are stored but not the weights: a download that was cut or cancelled. */
  isPartial(entry: TransformersModelEntry): boolean {
    return this.cached.some((c) => c.modelId === entry.repo && c.files > 0 && !c.hasWeights);
  }

  cachedBytes(entry: TransformersModelEntry): number {
    return this.cached.find((c) => c.modelId === entry.repo)?.bytes ?? 0;
  }

  async refreshCached(): Promise<void> {
    this.cached = await this.cache.summaries();
  }

  /**
   * Loads a model. When another tab runs the local engine, nothing loads (status 'elsewhere')
   * unless `takeOver` is set, which moves the engine to this tab.
   */
  async load(entry: TransformersModelEntry, options: LoadOptions = {}): Promise<void> {
    this.beforeLoad();
    this.loadController?.abort();
    const controller = new AbortController();
    this.loadController = controller;
    this.active = entry;
    this.error = null;
    this.progress = [];
    this.loadInfo = null;
    this.download = null;
    if (options.persist !== false) {
      await this.settings.update({ selectedModelId: entry.id, localBackend: 'transformers' });
    }
    if (this.engine && !this.engine.held) {
      const got = await this.engine.acquire({ steal: options.takeOver === true });
      if (got === 'held-elsewhere') {
        this.waiting = entry;
        this.status = 'elsewhere';
        return;
      }
    }
    this.waiting = null;
    this.status = 'loading';
    const meter = new DownloadMeter();
    try {
      const choice = await detectDevice(this.settings.current.devicePreference);
      this.device = choice;
      const files = new Map<string, FileProgress>();
      this.loadInfo = await this.provider.load(
        {
          repo: entry.repo,
          device: choice.device,
          dtype: entry.dtype[choice.device],
          remoteHost: this.settings.current.modelHost,
          wasmBase: new URL(`${import.meta.env.BASE_URL}ort/`, location.href).href,
        },
        entry.label,
        {
          signal: controller.signal,
          onProgress: (p) => {
            files.set(p.file, p);
            this.progress = [...files.values()];
            let loaded = 0;
            let total = 0;
            for (const f of files.values()) {
              loaded += f.loadedBytes;
              total += f.totalBytes ?? 0;
            }
            meter.add({ at: performance.now(), loadedBytes: loaded });
            this.download = meter.stats(total || null);
          },
        },
      );
      this.status = 'ready';
    } catch (error) {
      if (this.loadController !== controller) {
        // A newer load replaced this one: it owns the status and the engine now.
      } else if ((this.status as ModelStatus) === 'elsewhere') {
        // Taken over by another tab while loading: already said so.
      } else if (controller.signal.aborted) {
        this.status = 'idle';
        this.engine?.release();
      } else {
        this.engine?.release();
        this.status = 'error';
        this.error = serializeError(toTandemError(error, 'model-load-failed'));
      }
    } finally {
      if (this.loadController === controller) this.loadController = null;
      await this.refreshCached();
    }
  }

  cancelLoad(): void {
    this.unload();
  }

  /** Moves the local engine from another tab to this one and loads the waiting model here. */
  async takeOver(): Promise<void> {
    const entry = this.waiting ?? this.selected;
    if (entry) await this.load(entry, { takeOver: true });
  }

  /** Unloads the model and frees the engine for other tabs. */
  unload(): void {
    const owned = this.status === 'ready' || this.status === 'loading';
    this.loadController?.abort();
    this.provider.dispose();
    if (this.status !== 'elsewhere') this.status = 'idle';
    this.loadInfo = null;
    // The lock is shared with WebLLM: free it only if this model held it.
    if (owned) this.engine?.release();
  }

  /**
   * Checks the stored files of a model against the sizes the model host declares (HEAD,
   * Content-Length) and removes broken ones; the next load downloads only those again.
   */
  async verify(entry: TransformersModelEntry): Promise<VerifyResult> {
    const host = this.settings.current.modelHost;
    const result = await this.cache.verifyModel(entry.repo, async (key) => {
      const response = await fetch(new URL(key, host), { method: 'HEAD', cache: 'no-store' });
      if (!response.ok) return null;
      const length = Number(response.headers.get('content-length'));
      return Number.isFinite(length) && length > 0 ? length : null;
    });
    await this.refreshCached();
    return result;
  }

  async deleteCached(entry: TransformersModelEntry): Promise<number> {
    if (this.active?.repo === entry.repo) {
      this.unload();
      this.active = null;
    }
    const freed = await this.cache.deleteModel(entry.repo);
    await this.refreshCached();
    return freed;
  }
}
