/**
 * WebLLM models (WebGPU): the catalog for this adapter, loading in the dedicated worker, the
 * provider the chat uses, and what to do when something fails.
 *
 * WebLLM itself is imported only when the catalog or a model is first needed. After a device
 * loss or out-of-memory the engine is recreated (the worker is terminated and the model loaded
 * again) and the failure is recorded for this device, which lowers the model's fit label.
 */
import type { ModelRecord } from '@mlc-ai/web-llm';
import { serializeError, toTandemError, type SerializedError } from '../../core/errors';
import {
  buildWebLLMCatalog,
  f32Alternative,
  recommendedEntries,
  smallerAlternative,
  type WebLLMCatalogEntry,
} from '../../providers/webllm/catalog';
import type { WebLLMEngineHandle } from '../../providers/webllm/client';
import { isDeviceFailure } from '../../providers/webllm/device-failure';
import type { WebLLMErrorContext } from '../../providers/webllm/error-rules';
import type { WebLLMProvider } from '../../providers/webllm/provider';
import { onErrorPart, wrapProvider } from '../../providers/middleware';
import type { ChatProvider } from '../../core/provider';
import type { HardwareState } from './hardware.svelte';
import type { LocalEngineState } from './local-engine.svelte';
import { LoadHooks } from './load-hooks';
import type { LoadOptions, LocalModelStatus } from './local-backend';
import type { SettingsState } from '../../platform/settings.svelte';
import { CancellableTask } from '../../core/cancellable';
import { customEntry } from '../../providers/webllm/records';

export interface WebLLMProgress {
  /** 0..1 */
  fraction: number;
  text: string;
  elapsedSeconds: number;
}

export class WebLLMState {
  /** Every offered variant (q4f16/q4f32, with and without -1k). */
  catalog = $state.raw<WebLLMCatalogEntry[]>([]);
  catalogError = $state<string | null>(null);
  status = $state<LocalModelStatus>('idle');
  /** Told after every load ends (metrics, storage). */
  readonly loadHooks = new LoadHooks<WebLLMCatalogEntry>();
  active = $state.raw<WebLLMCatalogEntry | null>(null);
  progress = $state.raw<WebLLMProgress | null>(null);
  error = $state.raw<SerializedError | null>(null);
  /** model_ids stored in WebLLM's IndexedDB cache. */
  cachedIds = $state.raw<string[]>([]);
  /** A notice after recovering from a device failure. */
  notice = $state<string | null>(null);

  /** Set by the local-model owner: runs before a load (it unloads the other backend). */
  beforeLoad: () => void = () => undefined;
  private handle: WebLLMEngineHandle | null = null;
  private inner: WebLLMProvider | null = null;
  private readonly loads = new CancellableTask();
  private modelList: ModelRecord[] = [];

  constructor(
    private readonly settings: SettingsState,
    private readonly hardware: HardwareState,
    private readonly engine?: LocalEngineState,
  ) {
    engine?.register(() => {
      if (this.status === 'ready' || this.status === 'loading') {
        void this.disposeEngine();
        this.status = 'elsewhere';
      }
    });
  }

  /** Entries offered on this device: the variant per family for the adapter's features, then the custom record. */
  get entries(): WebLLMCatalogEntry[] {
    const custom = this.settings.current.webllmCustomRecord;
    const picked = recommendedEntries(this.catalog, this.hardware.features);
    return custom ? [...picked, customEntry(custom)] : picked;
  }

  /** Every entry, custom record included (for lookups). */
  private get allEntries(): WebLLMCatalogEntry[] {
    const custom = this.settings.current.webllmCustomRecord;
    return custom ? [...this.catalog, customEntry(custom)] : this.catalog;
  }

  get selected(): WebLLMCatalogEntry | undefined {
    const id = this.settings.current.webllmModelId;
    return this.allEntries.find((e) => e.modelId === id);
  }

  get remedy(): string | null {
    const r = this.error?.details?.remedy;
    return typeof r === 'string' ? r : null;
  }

  /** A smaller (or -1k) variant to suggest after a device failure. */
  get smaller(): WebLLMCatalogEntry | null {
    return this.active ? smallerAlternative(this.catalog, this.active.modelId) : null;
  }

  isCached(entry: WebLLMCatalogEntry): boolean {
    return this.cachedIds.includes(entry.modelId);
  }

  async loadCatalog(): Promise<void> {
    if (this.catalog.length > 0) return;
    try {
      const { loadPrebuiltModelList } = await import('../../providers/webllm/client');
      this.modelList = await loadPrebuiltModelList();
      this.catalog = buildWebLLMCatalog(this.modelList);
      this.catalogError = null;
    } catch (error) {
      this.catalogError = `The WebLLM model list could not be loaded: ${toTandemError(error).message}`;
    }
    await this.refreshCached();
  }

  private appConfigOptions(): { extraRecords: ModelRecord[] } {
    const custom = this.settings.current.webllmCustomRecord;
    return { extraRecords: custom ? [customEntry(custom).record] : [] };
  }

  async refreshCached(): Promise<void> {
    try {
      const { buildAppConfig, isWebLLMModelCached } = await import('../../providers/webllm/client');
      const config = buildAppConfig(this.modelList, this.appConfigOptions());
      const ids: string[] = [];
      const selected = this.selected;
      const entries =
        selected && !this.entries.includes(selected) ? [...this.entries, selected] : this.entries;
      for (const e of entries) {
        if (await isWebLLMModelCached(e.modelId, config).catch(() => false)) ids.push(e.modelId);
      }
      this.cachedIds = ids;
    } catch {
      this.cachedIds = [];
    }
  }

  private errorContext(): Omit<WebLLMErrorContext, 'modelId' | 'phase'> {
    return {
      online: navigator.onLine,
      suggestSmaller: (id) => smallerAlternative(this.catalog, id)?.modelId ?? null,
      suggestF32: (id) => f32Alternative(this.catalog, id)?.modelId ?? null,
    };
  }

  load(entry: WebLLMCatalogEntry, options: LoadOptions = {}): Promise<void> {
    return this.loadHooks.run(entry, () => this.loadNow(entry, options));
  }

  private async loadNow(entry: WebLLMCatalogEntry, options: LoadOptions): Promise<void> {
    this.beforeLoad();
    this.loads.cancel();
    await this.disposeEngine();
    let discarded = false;
    const outcome = await this.loads.run(
      async (signal) => {
        this.active = entry;
        this.error = null;
        this.notice = null;
        this.progress = null;
        if (options.persist !== false) {
          await this.settings.update({ webllmModelId: entry.modelId, localBackend: 'webllm' });
        }
        if (this.engine && !(await this.engine.claim(options.takeOver === true))) {
          this.status = 'elsewhere';
          return null;
        }
        this.status = 'loading';
        const { createWebLLMEngine } = await import('../../providers/webllm/client');
        return createWebLLMEngine({
          modelId: entry.modelId,
          modelList: this.modelList,
          ...this.appConfigOptions(),
          signal,
          errorContext: this.errorContext(),
          onProgress: (r) =>
            (this.progress = { fraction: r.progress, text: r.text, elapsedSeconds: r.timeElapsed }),
        });
      },
      {
        // Created after a cancel: nobody will use it (cancel already freed the lock).
        discard: async (handle) => {
          discarded = true;
          await handle?.dispose();
        },
      },
    );
    if (outcome.status === 'done' && outcome.value) {
      const { providerForHandle } = await import('../../providers/webllm/client');
      this.handle = outcome.value;
      this.inner = providerForHandle(outcome.value, {
        label: `${entry.label} (WebLLM, WebGPU)`,
        errorContext: this.errorContext(),
      });
      this.status = 'ready';
    } else if (outcome.status === 'cancelled') {
      if (!discarded) {
        this.status = 'idle';
        this.engine?.release();
      }
    } else if (outcome.status === 'failed') {
      const typed = toTandemError(outcome.error, 'model-load-failed');
      this.error = serializeError(typed);
      this.status = 'error';
      if (isDeviceFailure(typed)) await this.onDeviceFailure(entry, typed.code, typed.message, false);
      this.engine?.release();
    }
    void this.refreshCached();
  }

  cancel(): void {
    const owned = this.status === 'ready' || this.status === 'loading';
    this.loads.cancel();
    void this.disposeEngine();
    if (this.status !== 'elsewhere') this.status = 'idle';
    // The lock is shared with the transformers.js model: free it only if WebLLM held it.
    if (owned) this.engine?.release();
  }

  unload(): void {
    this.cancel();
  }

  async takeOver(): Promise<void> {
    const entry = this.active ?? this.selected;
    if (entry) await this.load(entry, { takeOver: true });
  }

  /** Deletes weights, config and library (a broken library would otherwise stay cached). */
  async delete(entry: WebLLMCatalogEntry): Promise<void> {
    if (this.active?.modelId === entry.modelId) this.unload();
    const { buildAppConfig, deleteWebLLMModel } = await import('../../providers/webllm/client');
    await deleteWebLLMModel(entry.modelId, buildAppConfig(this.modelList, this.appConfigOptions()));
    await this.refreshCached();
  }

  /** The chat provider while a model is ready; recovers the engine after a device failure. */
  get provider(): ChatProvider | null {
    const inner = this.inner;
    const entry = this.active;
    if (this.status !== 'ready' || !inner || !entry) return null;
    return wrapProvider(
      inner,
      onErrorPart(async (error) => {
        if (isDeviceFailure(error)) await this.onDeviceFailure(entry, error.code, error.message, true);
      }),
    );
  }

  private async onDeviceFailure(
    entry: WebLLMCatalogEntry,
    code: string,
    message: string,
    reload: boolean,
  ): Promise<void> {
    await this.hardware.recordFailure(
      entry.modelId,
      code === 'out-of-memory' ? 'out-of-memory' : 'device-lost',
      message,
    );
    const smaller = smallerAlternative(this.catalog, entry.modelId);
    this.notice = `${entry.label} lost the GPU (${code === 'out-of-memory' ? 'out of memory' : 'device lost'}). This is remembered for this device.${
      smaller ? ` Try ${smaller.label}.` : ''
    }`;
    if (reload) {
      // Recreate the engine: a lost device cannot be used again.
      await this.load(entry);
    }
  }

  private async disposeEngine(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    this.inner = null;
    await handle?.dispose();
  }
}
