/**
 * Which chat model is loaded, how its download goes, and what is cached. Talks to the chat
 * worker only through `TransformersProvider`.
 */
import { IndexedDbModelCache } from '../../platform/db/model-files';
import { headRemote, verifyModel, type VerifyResult } from '../../platform/db/model-verify';
import type { ModelSummary } from '../../platform/db/model-manifest';
import { serializeError, toTandemError, type SerializedError } from '../../core/errors';
import { TRANSFORMERS_CATALOG, customModelEntry, type TransformersModelEntry } from './catalog';
import type { LoadResult } from '../../platform/protocol/llm';
import { TransformersProvider } from '../../providers/transformers/provider';
import type { FileProgress } from '../../core/provider';
import { detectDevice, type DeviceChoice } from '../../platform/hardware/device';
import { DownloadMeter, type DownloadStats } from './download-meter';
import { CancellableTask } from '../../core/cancellable';
import type { LocalEngineState } from './local-engine.svelte';
import type { SettingsState } from '../../platform/settings.svelte';
import { wasmBase } from '../../providers/transformers/wasm-base';
import { keepForOffline, webGpuRuntimeFiles } from '../../platform/pwa/keep-for-offline';

import { LoadHooks } from './load-hooks';
import type { LoadOptions, LocalModelStatus } from './local-backend';

export class TransformersState {
  status = $state<LocalModelStatus>('idle');
  /** Told after every load ends (metrics, storage). */
  readonly loadHooks = new LoadHooks<TransformersModelEntry>();
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
  private readonly loads = new CancellableTask();

  constructor(
    private readonly settings: SettingsState,
    private readonly engine?: LocalEngineState,
  ) {
    engine?.register(() => {
      if (this.status === 'ready' || this.status === 'loading') {
        this.loads.cancel();
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
  load(entry: TransformersModelEntry, options: LoadOptions = {}): Promise<void> {
    return this.loadHooks.run(entry, () => this.loadNow(entry, options));
  }

  private async loadNow(entry: TransformersModelEntry, options: LoadOptions): Promise<void> {
    this.beforeLoad();
    const outcome = await this.loads.run(async (signal) => {
      this.active = entry;
      this.error = null;
      this.progress = [];
      this.loadInfo = null;
      this.download = null;
      if (options.persist !== false) {
        await this.settings.update({ selectedModelId: entry.id, localBackend: 'transformers' });
      }
      if (this.engine && !(await this.engine.claim(options.takeOver === true))) {
        this.waiting = entry;
        this.status = 'elsewhere';
        return null;
      }
      this.waiting = null;
      this.status = 'loading';
      const choice = await detectDevice(this.settings.current.devicePreference);
      this.device = choice;
      return this.provider.load(
        {
          repo: entry.repo,
          device: choice.device,
          dtype: entry.dtype[choice.device],
          ...(entry.modelFileName ? { modelFileName: entry.modelFileName } : {}),
          ...(entry.custom ? {} : { externalDataChunks: entry.externalDataChunks[choice.device] }),
          remoteHost: this.settings.current.modelHost,
          wasmBase: wasmBase(),
        },
        entry.label,
        { signal, onProgress: this.progressMeter() },
      );
    });
    // 'replaced': a newer load owns the status and the engine now; 'elsewhere': another tab
    // took the engine while loading, already said so.
    if (outcome.status === 'done') {
      if (outcome.value) {
        this.loadInfo = outcome.value;
        this.status = 'ready';
        // The WebGPU runtime was fetched on first use: keep it for offline visits.
        if (this.device?.device === 'webgpu') void keepForOffline(webGpuRuntimeFiles());
      }
    } else if (outcome.status !== 'replaced' && (this.status as LocalModelStatus) !== 'elsewhere') {
      this.engine?.release();
      if (outcome.status === 'cancelled') {
        this.status = 'idle';
      } else {
        this.status = 'error';
        this.error = serializeError(toTandemError(outcome.error, 'model-load-failed'));
      }
    }
    await this.refreshCached();
  }

  /** Download progress per file and overall (speed, time left) from the worker's events. */
  private progressMeter(): (p: FileProgress) => void {
    const meter = new DownloadMeter();
    const files = new Map<string, FileProgress>();
    return (p) => {
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
    };
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
    this.loads.cancel();
    this.provider.dispose();
    if (this.status !== 'elsewhere') this.status = 'idle';
    this.loadInfo = null;
    // The lock is shared with WebLLM: free it only if this model held it.
    if (owned) this.engine?.release();
  }

  /**
   * Checks the stored files of a model against what the model host declares (HEAD:
   * Content-Length, and the sha256 of X-Linked-Etag/ETag) and removes broken or damaged ones;
   * the next load downloads only those again.
   */
  async verify(entry: TransformersModelEntry): Promise<VerifyResult> {
    const host = this.settings.current.modelHost;
    const result = await verifyModel(this.cache, entry.repo, (key) => headRemote(new URL(key, host)));
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
