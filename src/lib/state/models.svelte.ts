/**
 * Which chat model is loaded, how its download goes, and what is cached. Talks to the chat
 * worker only through `TransformersProvider`.
 */
import { IndexedDbModelCache, type ModelSummary } from '../db/model-files';
import { serializeError, toTandemError, type SerializedError } from '../errors';
import { TRANSFORMERS_CATALOG, customModelEntry, type TransformersModelEntry } from '../models/catalog';
import type { Device, LoadResult } from '../protocol/llm';
import { TransformersProvider } from '../providers/transformers/provider';
import type { FileProgress } from '../providers/types';
import type { DevicePreference } from '../settings/types';
import type { SettingsState } from './settings.svelte';

export type ModelStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface DeviceChoice {
  device: Device;
  reason: string;
}

/** Picks the backend: WebGPU when a real (non-fallback) adapter exists, WASM otherwise. */
export async function chooseDevice(preference: DevicePreference): Promise<DeviceChoice> {
  if (preference === 'wasm') return { device: 'wasm', reason: 'chosen in Settings' };
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) {
    return { device: 'wasm', reason: 'this browser has no WebGPU' };
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch {
    adapter = null;
  }
  if (!adapter) return { device: 'wasm', reason: 'no WebGPU adapter is available' };
  const info = (adapter as GPUAdapter & { info?: { isFallbackAdapter?: boolean } }).info;
  const fallback =
    info?.isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false;
  if (preference === 'webgpu') return { device: 'webgpu', reason: 'chosen in Settings' };
  if (fallback)
    return { device: 'wasm', reason: 'the WebGPU adapter is a software fallback, slower than WASM' };
  return { device: 'webgpu', reason: 'a WebGPU adapter is available' };
}

export class ModelsState {
  status = $state<ModelStatus>('idle');
  active = $state.raw<TransformersModelEntry | null>(null);
  device = $state<DeviceChoice | null>(null);
  progress = $state.raw<FileProgress[]>([]);
  error = $state.raw<SerializedError | null>(null);
  loadInfo = $state.raw<LoadResult | null>(null);
  cached = $state.raw<ModelSummary[]>([]);

  readonly provider = new TransformersProvider();
  private readonly cache = new IndexedDbModelCache();
  private loadController: AbortController | null = null;

  constructor(private readonly settings: SettingsState) {}

  get entries(): TransformersModelEntry[] {
    const custom = this.settings.current.customModels.map(customModelEntry);
    return [...TRANSFORMERS_CATALOG, ...custom];
  }

  get selected(): TransformersModelEntry | undefined {
    return this.entries.find((e) => e.id === this.settings.current.selectedModelId);
  }

  isCached(entry: TransformersModelEntry): boolean {
    return this.cached.some((c) => c.modelId === entry.repo && c.files > 0);
  }

  cachedBytes(entry: TransformersModelEntry): number {
    return this.cached.find((c) => c.modelId === entry.repo)?.bytes ?? 0;
  }

  async refreshCached(): Promise<void> {
    this.cached = await this.cache.summaries();
  }

  async load(entry: TransformersModelEntry): Promise<void> {
    this.loadController?.abort();
    const controller = new AbortController();
    this.loadController = controller;
    this.status = 'loading';
    this.active = entry;
    this.error = null;
    this.progress = [];
    this.loadInfo = null;
    await this.settings.update({ selectedModelId: entry.id });
    try {
      const choice = await chooseDevice(this.settings.current.devicePreference);
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
          },
        },
      );
      this.status = 'ready';
    } catch (error) {
      if (controller.signal.aborted) {
        this.status = 'idle';
      } else {
        this.status = 'error';
        this.error = serializeError(toTandemError(error, 'model-load-failed'));
      }
    } finally {
      if (this.loadController === controller) this.loadController = null;
      await this.refreshCached();
    }
  }

  cancelLoad(): void {
    this.loadController?.abort();
    this.provider.dispose();
  }

  async deleteCached(entry: TransformersModelEntry): Promise<number> {
    if (this.active?.repo === entry.repo) {
      this.provider.dispose();
      this.status = 'idle';
      this.active = null;
    }
    const freed = await this.cache.deleteModel(entry.repo);
    await this.refreshCached();
    return freed;
  }

  /** On start: load the selected model if it is cached, so the app works offline at once. */
  async autoLoad(): Promise<void> {
    await this.refreshCached();
    const selected = this.selected;
    if (this.settings.current.autoLoadCachedModel && selected && this.isCached(selected)) {
      await this.load(selected);
    }
  }
}
