/**
 * The one owner of "the local model": which backend runs it (transformers.js, WebLLM, llama.cpp
 * for GGUF, or Chrome's built-in model), whether it
 * is ready, its context window, its provider, and loading, unloading, taking over from another tab
 * and loading the cached selected model on start. Pages, the router and the offline check ask
 * here and never branch on the backend themselves; the backend states sit behind it (their
 * download progress and catalogs stay on them for the Models page).
 *
 * Only one local model runs at a time: loading on one backend unloads the others.
 */
import type { GgufModelEntry } from './gguf-catalog';
import { inertGguf, type GgufBackend } from './local-gguf';
import { inertChrome, type ChromeBackend, type ChromeModelEntry } from './local-chrome';
import type { Backend, LoadOptions, LocalModelStatus } from './local-backend';
import type { SerializedError } from '../../core/errors';
import type { TransformersModelEntry } from './catalog';
import type { Device } from '../../platform/protocol/llm';
import type { WebLLMCatalogEntry } from '../../providers/webllm/catalog';
import type { ChatProvider } from '../../core/provider';
import type { FileProgress } from '../../core/provider';
import type { ContextBudgetState } from './context-budget.svelte';
import { wrapProvider, type CountingProvider } from '../../providers/middleware';
import type { DeviceChoice } from '../../platform/hardware/device';
import {
  shortModelName,
  type LocalBackend,
  type LocalModelInfo,
  type LocalModelView,
} from '../../core/answering';
import type { SettingsState } from '../../platform/settings.svelte';
import type { WebLLMProgress } from './webllm-backend.svelte';
import { estimateTokens } from '../../core/tokens';

/** The window WebLLM uses when a record does not declare one. */
export const WEBLLM_DEFAULT_WINDOW = 4096;

/** A model the user chose, on either backend. */
export type LocalModelRef =
  | { backend: 'transformers'; entry: TransformersModelEntry }
  | { backend: 'webllm'; entry: WebLLMCatalogEntry }
  | { backend: 'gguf'; entry: GgufModelEntry }
  | { backend: 'chrome'; entry: ChromeModelEntry };

const BACKENDS = ['transformers', 'webllm', 'gguf', 'chrome'] as const satisfies readonly LocalBackend[];

/** What this owner needs of `TransformersState` (transformers.js). */
export interface TransformersBackend extends Backend<TransformersModelEntry> {
  device: DeviceChoice | null;
  progress: FileProgress[];
  readonly entries: TransformersModelEntry[];
  readonly provider: CountingProvider;
}

/** What this owner needs of `WebLLMState`. */
export interface WebLLMBackend extends Backend<WebLLMCatalogEntry> {
  progress: WebLLMProgress | null;
  readonly entries: WebLLMCatalogEntry[];
  readonly provider: ChatProvider | null;
  loadCatalog(): Promise<void>;
}

export class LocalModel {
  constructor(
    private readonly settings: Pick<SettingsState, 'current' | 'update'>,
    readonly transformers: TransformersBackend,
    readonly webllm: WebLLMBackend,
    private readonly budget: Pick<ContextBudgetState, 'policy'>,
    readonly gguf: GgufBackend = inertGguf(),
    readonly chrome: ChromeBackend = inertChrome(),
  ) {
    // One local model at a time: a load on one backend first unloads the others (WebLLM also
    // when it waits for another tab; the built-in model's session is destroyed).
    const running = (b: LocalBackend): boolean => {
      const s = this.state(b).status;
      return b === 'webllm' ? s !== 'idle' && s !== 'error' : s === 'ready' || s === 'loading';
    };
    for (const b of BACKENDS) {
      this.state(b).beforeLoad = () => {
        for (const other of BACKENDS) if (other !== b && running(other)) this.state(other).unload();
      };
    }
  }

  private state(backend: LocalBackend): Backend<unknown> {
    if (backend === 'webllm') return this.webllm;
    if (backend === 'gguf') return this.gguf;
    if (backend === 'chrome') return this.chrome;
    return this.transformers;
  }

  /** The backend in use: the only one that is busy, else the one chosen last. */
  get backend(): LocalBackend {
    const busy = BACKENDS.filter((b) => this.state(b).status !== 'idle');
    if (busy.length === 1) return busy[0]!;
    return this.settings.current.localBackend;
  }

  get status(): LocalModelStatus {
    return this.state(this.backend).status;
  }

  get ready(): boolean {
    return this.status === 'ready' && this.info !== null;
  }

  get error(): SerializedError | null {
    return this.state(this.backend).error;
  }

  /** The model that is loaded or loading (null when none). */
  get info(): LocalModelInfo | null {
    if (this.backend === 'webllm') {
      const e = this.webllm.active;
      return e && info('webllm', e.modelId, e.label, e.label, e.contextWindow ?? WEBLLM_DEFAULT_WINDOW);
    }
    if (this.backend === 'gguf') {
      const e = this.gguf.active;
      return e && info('gguf', e.id, e.label, e.family, this.gguf.contextWindow ?? e.contextWindow);
    }
    if (this.backend === 'chrome') {
      const e = this.chrome.active;
      return e && info('chrome', e.id, e.label, e.family, e.contextWindow);
    }
    const e = this.transformers.active;
    return e && info('transformers', e.id, e.label, e.family, e.contextWindow);
  }

  /** The context window of the ready model (null while none is ready). */
  get contextWindow(): number | null {
    return this.ready ? (this.info?.contextWindow ?? null) : null;
  }

  get device(): Device | null {
    if (this.backend === 'webllm') return this.ready ? 'webgpu' : null;
    if (this.backend === 'gguf') return this.gguf.loadInfo?.device ?? null;
    if (this.backend === 'chrome') return null; // Chrome decides where its model runs
    return this.transformers.device?.device ?? null;
  }

  /** The display name of the ready model's provider. */
  get providerLabel(): string | null {
    return this.provider?.label ?? null;
  }

  /** The raw provider of the ready model (no context budget), or null. */
  get provider(): ChatProvider | null {
    if (!this.ready) return null;
    if (this.backend === 'gguf') return this.gguf.provider;
    if (this.backend === 'chrome') return this.chrome.provider;
    return this.backend === 'webllm' ? this.webllm.provider : this.transformers.provider;
  }

  /** Token count on the loaded tokenizer when it has one, else an estimate. */
  countTokens(text: string): Promise<number> {
    if (this.backend === 'transformers' && this.ready) return this.transformers.provider.countTokens(text);
    return Promise.resolve(estimateTokens(text));
  }

  /**
   * The local model as the router sees it for one conversation: its provider behind the context
   * policy (trims the oldest turns to fit the window, refuses only a latest turn that cannot fit).
   */
  view(conversationId: string): LocalModelView {
    const info = this.info;
    const inner = this.provider;
    const loading = BACKENDS.some((b) => this.state(b).status === 'loading');
    const device = this.device;
    const entry = info;
    const base = {
      ready: false,
      loading,
      entry,
      provider: this.transformers.provider as ChatProvider,
      ...(device ? { device } : {}),
    } satisfies LocalModelView;
    if (!inner || !info) return base;
    const policy = this.budget.policy(conversationId, {
      window: info.contextWindow,
      name: shortModelName(info),
      countTokens: (text) => this.countTokens(text),
    });
    return { ...base, ready: true, provider: wrapProvider(inner, policy) };
  }

  /** Loads a model on its backend (unloading the other backend's model first). */
  async load(ref: LocalModelRef, options: LoadOptions = {}): Promise<void> {
    if (ref.backend === 'webllm') await this.webllm.load(ref.entry, options);
    else if (ref.backend === 'gguf') await this.gguf.load(ref.entry, options);
    else if (ref.backend === 'chrome') await this.chrome.load(ref.entry, options);
    else await this.transformers.load(ref.entry, options);
  }

  /** Loads again the model whose load failed (the Retry its error message speaks of). */
  async retry(): Promise<void> {
    const ref = this.activeRef();
    if (ref) await this.load(ref);
  }

  /** The model loaded or loading on the backend in use, as a reference. */
  private activeRef(): LocalModelRef | null {
    if (this.backend === 'webllm')
      return this.webllm.active && { backend: 'webllm', entry: this.webllm.active };
    if (this.backend === 'gguf') return this.gguf.active && { backend: 'gguf', entry: this.gguf.active };
    if (this.backend === 'chrome')
      return this.chrome.active && { backend: 'chrome', entry: this.chrome.active };
    return this.transformers.active && { backend: 'transformers', entry: this.transformers.active };
  }

  /** The model that is ready now, as a reference that can load it again (null: none). */
  get loadedRef(): LocalModelRef | null {
    return this.ready ? this.activeRef() : null;
  }

  /** Unloads whichever backend is busy and frees the engine for other tabs. */
  unload(): void {
    for (const b of BACKENDS) if (this.state(b).status !== 'idle') this.state(b).unload();
  }

  /** Moves the engine from another tab to this one and loads the waiting model here. */
  async takeOver(): Promise<void> {
    if (this.webllm.status === 'elsewhere') await this.webllm.takeOver();
    else if (this.gguf.status === 'elsewhere') await this.gguf.takeOver();
    else await this.transformers.takeOver();
  }

  /** The way out of a WebLLM failure: the transformers.js CPU backend with the selected model. */
  async useTransformersCpu(): Promise<void> {
    this.webllm.unload();
    await this.settings.update({ localBackend: 'transformers', devicePreference: 'wasm' });
    const entry = this.transformers.selected ?? this.transformers.entries[0];
    if (entry) await this.transformers.load(entry);
  }

  /** The selected model of the chosen backend and whether its files are on this device. */
  async selectedModel(): Promise<{ backend: LocalBackend; label: string; cached: boolean } | null> {
    if (this.settings.current.localBackend === 'webllm') {
      if (!this.settings.current.webllmModelId) return null;
      await this.webllm.loadCatalog();
      await this.webllm.refreshCached();
      const e = this.webllm.selected;
      return e ? { backend: 'webllm', label: e.label, cached: this.webllm.isCached(e) } : null;
    }
    if (this.settings.current.localBackend === 'gguf') {
      await this.gguf.refreshCached();
      const e = this.gguf.selected;
      return e ? { backend: 'gguf', label: e.label, cached: this.gguf.isCached(e) } : null;
    }
    if (this.settings.current.localBackend === 'chrome') {
      // "Cached": Chrome has the model, so it opens with no download (and no click).
      await this.chrome.refreshCached();
      const e = this.chrome.selected;
      return e ? { backend: 'chrome', label: e.label, cached: this.chrome.isCached(e) } : null;
    }
    await this.transformers.refreshCached();
    const e = this.transformers.selected;
    return e ? { backend: 'transformers', label: e.label, cached: this.transformers.isCached(e) } : null;
  }

  /** On start: loads the selected model if it is on this device, whichever backend it uses. */
  async autoLoad(): Promise<void> {
    if (!this.settings.current.autoLoadCachedModel) return;
    const selected = await this.selectedModel();
    if (!selected?.cached) return;
    if (selected.backend === 'webllm') {
      const entry = this.webllm.selected;
      if (entry) await this.webllm.load(entry);
    } else if (selected.backend === 'gguf') {
      const entry = this.gguf.selected;
      if (entry) await this.gguf.load(entry);
    } else if (selected.backend === 'chrome') {
      const entry = this.chrome.selected;
      if (entry) await this.chrome.load(entry);
    } else {
      const entry = this.transformers.selected;
      if (entry) await this.transformers.load(entry);
    }
  }
}

function info(
  backend: LocalBackend,
  id: string,
  label: string,
  family: string,
  contextWindow: number,
): LocalModelInfo {
  return { backend, id, label, family, contextWindow };
}
