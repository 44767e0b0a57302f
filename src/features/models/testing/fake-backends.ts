/** Backends for LocalModel tests: they record their calls and become ready at once. */
import type { TransformersModelEntry } from '../catalog';
import type { GgufModelEntry } from '../gguf-catalog';
import type { GgufBackend } from '../local-gguf';
import type { LocalModelStatus } from '../local-backend';
import type { GgufProvider } from '../../../providers/gguf/provider';
import type { WebLLMCatalogEntry } from '../../../providers/webllm/catalog';
import type { ChatProvider, GenerateRequest, StreamPart } from '../../../core/provider';
import { DEFAULT_SETTINGS, type AppSettings } from '../../../core/settings';
import { ContextBudgetState } from '../context-budget.svelte';
import { LocalModel, type TransformersBackend, type WebLLMBackend } from '../local-model.svelte';
import { ChromeModelState } from '../chrome-backend.svelte';
import type { LanguageModelStatic } from '../../../providers/chrome/prompt-api';

export { CHROME_ENTRY as cEntry } from '../local-chrome';

export const echo = (kind: ChatProvider['kind'], label: string): ChatProvider => ({
  kind,
  label,
  async *stream(request: GenerateRequest): AsyncGenerator<StreamPart> {
    yield { type: 'text-delta', text: `${request.messages.length} messages` };
    yield {
      type: 'finish',
      reason: 'stop',
      usage: { inputTokens: 1, outputTokens: 1 },
      timings: { timeToFirstTokenMs: 1, totalMs: 2, tokensPerSecond: null },
    };
  },
});

export const tEntry = {
  id: 't',
  repo: 'o/t',
  label: 'Tiny',
  family: 'Tiny',
  contextWindow: 2048,
} as TransformersModelEntry;
export const wEntry = {
  modelId: 'W-q4f32_1-MLC',
  label: 'W',
  contextWindow: null,
} as unknown as WebLLMCatalogEntry;

export const gEntry = {
  id: 'gguf:stories',
  label: 'Stories',
  family: 'Llama',
  repo: 'ggml-org/models',
  files: ['tinyllamas/stories260K.gguf'],
  contextWindow: 2048,
} as GgufModelEntry;

export class Settings {
  current: AppSettings;
  constructor(patch: Partial<AppSettings> = {}) {
    this.current = { ...DEFAULT_SETTINGS, ...patch };
  }
  async update(patch: Partial<AppSettings>): Promise<void> {
    this.current = { ...this.current, ...patch };
  }
}

/** A backend that records its calls; `load` becomes ready at once. */
function backend<E>(entry: E, cached: boolean, persist: (e: E) => Promise<void>) {
  const calls: string[] = [];
  return {
    calls,
    status: 'idle' as LocalModelStatus,
    active: null as E | null,
    error: null,
    selected: entry as E | undefined,
    beforeLoad: () => undefined,
    async load(e: E, options?: { persist?: boolean }) {
      this.beforeLoad();
      // As the real states do: a load becomes the user's choice unless told otherwise.
      if (options?.persist !== false) await persist(e);
      calls.push('load');
      this.active = e;
      this.status = 'ready';
    },
    unload() {
      calls.push('unload');
      this.status = 'idle';
    },
    async takeOver() {
      calls.push('takeOver');
    },
    async refreshCached() {},
    async loadCatalog() {
      calls.push('catalog');
    },
    isCached: () => cached,
  };
}

export function setUp(
  options: {
    settings?: Partial<AppSettings>;
    tCached?: boolean;
    wCached?: boolean;
    gCached?: boolean;
    /** Chrome's built-in model on this `LanguageModel` (a fake one; absent: no Prompt API). */
    chromeApi?: LanguageModelStatic | null;
  } = {},
) {
  const settings = new Settings(options.settings);
  const t = Object.assign(
    backend(tEntry, options.tCached ?? false, (e) =>
      settings.update({ selectedModelId: e.id, localBackend: 'transformers' }),
    ),
    {
      device: { device: 'wasm' as const, reason: 'test' },
      progress: [],
      entries: [tEntry],
      provider: Object.assign(echo('transformers', 'Tiny (WASM)'), {
        countTokens: (text: string) => Promise.resolve(text.split(' ').length),
      }),
    },
  ) satisfies TransformersBackend;
  const w = Object.assign(
    backend(wEntry, options.wCached ?? false, (e) =>
      settings.update({ webllmModelId: e.modelId, localBackend: 'webllm' }),
    ),
    {
      progress: null,
      entries: [wEntry],
      provider: null as ChatProvider | null,
    },
  ) satisfies WebLLMBackend;
  const origLoad = w.load.bind(w);
  w.load = async (e, options) => {
    await origLoad(e, options);
    w.provider = echo('webllm', 'W (WebLLM, WebGPU)');
  };
  const g = Object.assign(
    backend(gEntry, options.gCached ?? false, (e) =>
      settings.update({ ggufModelId: e.id, localBackend: 'gguf' }),
    ),
    {
      progress: [],
      entries: [gEntry],
      loadInfo: null as GgufBackend['loadInfo'],
      contextWindow: 1024 as number | null,
      provider: echo('gguf', 'Stories (llama.cpp, CPU 1 thread)') as GgufProvider,
    },
  ) satisfies GgufBackend;
  // The real state over the given API: it is the owner's logic that is under test with it.
  const c = new ChromeModelState(settings, options.chromeApi ?? null);
  const local = new LocalModel(settings, t, w, new ContextBudgetState(), g, c);
  return { settings, t, w, g, c, local };
}
