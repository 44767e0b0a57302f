/**
 * The GGUF backend (llama.cpp through wllama): which GGUF model is loaded, its download, what is
 * stored, verify/repair and delete. Talks to the GGUF worker only through `GgufProvider`. Files are
 * stored like every model's (IndexedDB `tandem-models`), so storage, the offline check and the
 * one-engine-per-browser lock treat it as they treat the others.
 */
import { serializeError, toTandemError, type SerializedError } from '../../core/errors';
import { CancellableTask } from '../../core/cancellable';
import type { FileProgress } from '../../core/provider';
import { IndexedDbModelCache, type StoredFileInfo } from '../../platform/db/model-files';
import { headRemote, verifyModel, type VerifyResult } from '../../platform/db/model-verify';
import type { GgufLoadResult } from '../../platform/protocol/gguf';
import { GgufProvider, wllamaWasmUrl } from '../../providers/gguf/provider';
import { ggufRuntimeFiles, keepForOffline } from '../../platform/pwa/keep-for-offline';
import type { SettingsState } from '../../platform/settings.svelte';
import { DownloadMeter, type DownloadStats } from './download-meter';
import { GGUF_CATALOG, customGgufEntry, type GgufModelEntry } from './gguf-catalog';
import type { LocalEngineState } from './local-engine.svelte';
import { LoadHooks } from './load-hooks';
import type { LoadOptions, LocalModelStatus } from './local-backend';
import { ggufThreads } from './gguf-threads';

export { ggufThreads };

/** The label a LoRA adapter gets on answers: its file name. */
export function loraLabel(file: string): string {
  return (file.split('/').pop() ?? file).replace(/\.gguf$/i, '');
}

export class GgufState {
  status = $state<LocalModelStatus>('idle');
  /** Told after every load ends (metrics, storage). */
  readonly loadHooks = new LoadHooks<GgufModelEntry>();
  active = $state.raw<GgufModelEntry | null>(null);
  progress = $state.raw<FileProgress[]>([]);
  download = $state.raw<DownloadStats | null>(null);
  error = $state.raw<SerializedError | null>(null);
  loadInfo = $state.raw<GgufLoadResult | null>(null);
  /** Stored files by repo. */
  stored = $state.raw<Map<string, StoredFileInfo[]>>(new Map());

  beforeLoad: () => void = () => undefined;
  readonly provider = new GgufProvider();
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
        this.status = 'elsewhere';
      }
    });
  }

  get entries(): GgufModelEntry[] {
    return [...GGUF_CATALOG, ...this.settings.current.customGgufModels.map(customGgufEntry)];
  }

  get selected(): GgufModelEntry | undefined {
    return this.entries.find((e) => e.id === this.settings.current.ggufModelId);
  }

  /** Every file of the model is stored whole. */
  isCached(entry: GgufModelEntry): boolean {
    const files = this.stored.get(entry.repo) ?? [];
    return entry.files.every((f) => files.some((s) => s.file === f && s.dataSize === s.size));
  }

  cachedBytes(entry: GgufModelEntry): number {
    const files = this.stored.get(entry.repo) ?? [];
    return files.filter((s) => entry.files.includes(s.file)).reduce((a, s) => a + s.size, 0);
  }

  async refreshCached(): Promise<void> {
    const repos = new Set(this.entries.map((e) => e.repo));
    const lora = this.settings.current.ggufLora;
    if (lora) repos.add(lora.repo);
    const out = new Map<string, StoredFileInfo[]>();
    for (const repo of repos) out.set(repo, await this.cache.files(repo));
    this.stored = out;
  }

  load(entry: GgufModelEntry, options: LoadOptions = {}): Promise<void> {
    return this.loadHooks.run(entry, () => this.loadNow(entry, options));
  }

  private async loadNow(entry: GgufModelEntry, options: LoadOptions): Promise<void> {
    this.beforeLoad();
    const outcome = await this.loads.run(async (signal) => {
      this.active = entry;
      this.error = null;
      this.progress = [];
      this.download = null;
      this.loadInfo = null;
      if (options.persist !== false) {
        await this.settings.update({ ggufModelId: entry.id, localBackend: 'gguf' });
      }
      if (this.engine && !(await this.engine.claim(options.takeOver === true))) {
        this.status = 'elsewhere';
        return null;
      }
      this.status = 'loading';
      const s = this.settings.current;
      const lora = s.ggufLora;
      return this.provider.load(
        {
          model: { repo: entry.repo, files: entry.files },
          ...(lora
            ? {
                lora: [
                  { repo: lora.repo, files: [lora.file], scale: lora.scale, label: loraLabel(lora.file) },
                ],
              }
            : {}),
          remoteHost: s.modelHost,
          wasmUrl: wllamaWasmUrl(),
          threads: ggufThreads(navigator.hardwareConcurrency),
          gpu: s.devicePreference === 'wasm' ? 'off' : 'auto',
          contextSize: entry.contextWindow,
        },
        entry.label,
        { signal, onProgress: this.progressMeter() },
      );
    });
    if (outcome.status === 'done') {
      if (outcome.value) {
        this.loadInfo = outcome.value;
        this.status = 'ready';
        // llama.cpp's wasm is cached on first use: make sure it is, for offline visits.
        void keepForOffline(ggufRuntimeFiles());
      }
    } else if (outcome.status !== 'replaced' && (this.status as LocalModelStatus) !== 'elsewhere') {
      this.engine?.release();
      if (outcome.status === 'cancelled') this.status = 'idle';
      else {
        this.status = 'error';
        this.error = serializeError(toTandemError(outcome.error, 'model-load-failed'));
      }
    }
    await this.refreshCached();
  }

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

  /** The context window of the loaded model (what was allocated), else the entry's. */
  get contextWindow(): number | null {
    return this.loadInfo?.contextSize ?? this.active?.contextWindow ?? null;
  }

  async takeOver(): Promise<void> {
    const entry = this.active ?? this.selected;
    if (entry) await this.load(entry, { takeOver: true });
  }

  unload(): void {
    const owned = this.status === 'ready' || this.status === 'loading';
    this.loads.cancel();
    this.provider.dispose();
    if (this.status !== 'elsewhere') this.status = 'idle';
    this.loadInfo = null;
    if (owned) this.engine?.release();
  }

  /** Checks stored files against the host's sizes and sha256s (HEAD) and removes broken ones; they download again. */
  async verify(entry: GgufModelEntry): Promise<VerifyResult> {
    const host = this.settings.current.modelHost;
    const result = await verifyModel(this.cache, entry.repo, (key) => headRemote(new URL(key, host)));
    await this.refreshCached();
    return result;
  }

  /** Removes the model's files (only this entry's, a repo may hold several models). */
  async deleteCached(entry: GgufModelEntry): Promise<number> {
    if (this.active?.id === entry.id) {
      this.unload();
      this.active = null;
    }
    const keys = (await this.cache.files(entry.repo))
      .filter((f) => entry.files.includes(f.file))
      .map((f) => f.key);
    const freed = await this.cache.deleteKeys(keys);
    await this.refreshCached();
    return freed;
  }
}
