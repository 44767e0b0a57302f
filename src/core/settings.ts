/** User settings, stored in IndexedDB (kv store, key "settings"). */
import { DEFAULT_GENERATION_SETTINGS, type GenerationSettings } from './provider';
import { normaliseHttpUrl } from './url';

/** The colour theme: follow the system, or always light or dark (`ui/theme.ts` applies it). */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

export type DevicePreference = 'auto' | 'webgpu' | 'wasm';

export interface AppSettings {
  /** Where model files come from: the Hugging Face Hub or a mirror with the same URL layout. */
  modelHost: string;
  /** Catalog id of the chat model to load. */
  selectedModelId: string;
  devicePreference: DevicePreference;
  /** Hub repo ids the user added themselves. */
  customModels: string[];
  generation: GenerationSettings;
  systemPrompt: string;
  /** Load the selected model when the app opens (only once it is cached). */
  autoLoadCachedModel: boolean;
  /**
   * Which local backend the chat uses: transformers.js (ONNX, WebGPU or WASM), WebLLM (WebGPU),
   * llama.cpp (GGUF, CPU threads or WebGPU) or Chrome's built-in model (the Prompt API).
   */
  localBackend: 'transformers' | 'webllm' | 'gguf' | 'chrome';
  /** WebLLM model_id to load (a variant from WebLLM's prebuilt list or the custom record). */
  webllmModelId: string | null;
  /**
   * A WebLLM model record of the user's own (a mirror, or a test record): model URL (Hub layout,
   * WebLLM appends `resolve/main/`) and model library (wasm) URL. Shown under "Advanced".
   */
  webllmCustomRecord: WebLLMCustomRecord | null;
  /** Id of the GGUF model to load (a catalog entry or an added one). */
  ggufModelId: string | null;
  /** GGUF models the user added by Hub repository and file. */
  customGgufModels: GgufFileChoice[];
  /** A LoRA adapter applied on top of the GGUF model, with its scale (null: none). */
  ggufLora: GgufLoraChoice | null;
  /** The colour theme (Settings → Appearance). */
  theme: ThemeChoice;
}

export interface GgufFileChoice {
  repo: string;
  file: string;
}

export interface GgufLoraChoice extends GgufFileChoice {
  scale: number;
}

export interface WebLLMCustomRecord {
  modelId: string;
  modelUrl: string;
  modelLibUrl: string;
  contextWindow: number;
}

export const DEFAULT_MODEL_HOST = 'https://huggingface.co/';

export const DEFAULT_SETTINGS: AppSettings = {
  modelHost: DEFAULT_MODEL_HOST,
  selectedModelId: 'qwen2.5-0.5b-instruct',
  devicePreference: 'auto',
  customModels: [],
  generation: DEFAULT_GENERATION_SETTINGS,
  systemPrompt: "You are Tandem, a helpful assistant running on the user's own device. Answer concisely.",
  autoLoadCachedModel: true,
  localBackend: 'transformers',
  webllmModelId: null,
  webllmCustomRecord: null,
  ggufModelId: null,
  customGgufModels: [],
  ggufLora: null,
  theme: 'system',
};

/** Normalises a user-typed host: must be http(s), no credentials; always ends with "/". */
export function normaliseModelHost(input: string): string | null {
  return normaliseHttpUrl(input, 'always');
}

/** Fills missing fields from defaults, so settings saved by an older version still load. */
export function withDefaults(stored: Partial<AppSettings> | undefined): AppSettings {
  return {
    ...DEFAULT_SETTINGS,
    ...stored,
    generation: { ...DEFAULT_SETTINGS.generation, ...stored?.generation },
    customModels: stored?.customModels ?? [],
    customGgufModels: stored?.customGgufModels ?? [],
  };
}
