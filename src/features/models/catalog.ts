/**
 * Chat models that run through transformers.js (ONNX). Every file name, dtype, external-data
 * chunk count and download size comes from the Hub table in features/models/hub-files.ts (each
 * repo checked on its Hub "Files" page, cited there); `catalog.test.ts` checks the two agree.
 * `contextWindow` is the window Tandem works with (it sizes the KV cache, so smaller than the
 * model's published maximum where that is large); the published figure is cited where read.
 */
import { dtypeBytes, dtypeFileList, hubFilesOf, type HubDtypeFiles } from './hub-files';
import type { Device } from '../../platform/protocol/llm';

export interface TransformersModelEntry {
  id: string;
  repo: string;
  label: string;
  family: string;
  parameters: string;
  contextWindow: number;
  dtype: Record<Device, string | undefined>;
  /** Download in MiB per backend (graph + external data). null when unknown (custom models). */
  sizeMB: Record<Device, number | null>;
  /** The files transformers.js fetches for the weights on each backend (empty when unknown). */
  files: Record<Device, string[]>;
  /** External-data chunks of the graph on each backend (0: weights inside the .onnx). */
  externalDataChunks: Record<Device, number>;
  /** Graph base name when it is not "model" (passed as `model_file_name`). */
  modelFileName?: string;
  /**
   * `text2text-generation`: an encoder-decoder (T5) that takes the conversation folded into one
   * input (providers/transformers/fold-prompt.ts); the engine reads this from config.json too.
   */
  task?: 'text2text-generation';
  /** `switchable`: the template takes `enable_thinking`; `always`: it always writes `<think>`. */
  thinking?: 'switchable' | 'always';
  /** Kept for the seeds or small devices; the entry id of what replaces it. */
  supersededBy?: string;
  custom?: boolean;
  notes?: string;
}

type Meta = Omit<TransformersModelEntry, 'repo' | 'dtype' | 'sizeMB' | 'files' | 'externalDataChunks'>;

const MiB = 1024 * 1024;

/** An entry whose dtypes, files and sizes are read from the cited Hub table. */
function fromHub(
  repo: string,
  dtype: Record<Device, string | undefined>,
  meta: Meta,
): TransformersModelEntry {
  const hub = hubFilesOf(repo);
  if (!hub) throw new Error(`${repo} is not in the Hub table`);
  const pick = (d: Device): HubDtypeFiles | null => {
    const name = dtype[d];
    if (name === undefined) return null;
    const files = hub.dtypes[name as keyof typeof hub.dtypes];
    if (!files) throw new Error(`${repo} has no ${name} files on its Hub page`);
    return files;
  };
  const webgpu = pick('webgpu');
  const wasm = pick('wasm');
  const size = (f: HubDtypeFiles | null) => (f ? Math.round(dtypeBytes(f) / MiB) : null);
  const paths = (f: HubDtypeFiles | null) => (f ? dtypeFileList(f).map((x) => x.path) : []);
  return {
    ...meta,
    repo,
    dtype,
    sizeMB: { webgpu: size(webgpu), wasm: size(wasm) },
    files: { webgpu: paths(webgpu), wasm: paths(wasm) },
    externalDataChunks: { webgpu: webgpu?.data.length ?? 0, wasm: wasm?.data.length ?? 0 },
    ...(hub.modelFileName ? { modelFileName: hub.modelFileName } : {}),
  };
}

export const TRANSFORMERS_CATALOG: TransformersModelEntry[] = [
  // Context: "Full 32,768 tokens" (https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct).
  fromHub(
    'onnx-community/Qwen2.5-0.5B-Instruct',
    { webgpu: 'q4f16', wasm: 'q4' },
    {
      id: 'qwen2.5-0.5b-instruct',
      label: 'Qwen2.5 0.5B Instruct',
      family: 'Qwen2.5',
      parameters: '0.5B',
      contextWindow: 32768,
      notes: 'Good quality for its size; the default.',
    },
  ),
  fromHub(
    'onnx-community/Qwen2.5-1.5B-Instruct',
    { webgpu: 'q4f16', wasm: 'q4' },
    {
      id: 'qwen2.5-1.5b-instruct',
      label: 'Qwen2.5 1.5B Instruct',
      family: 'Qwen2.5',
      parameters: '1.5B',
      contextWindow: 8192,
      notes: 'Clearly better answers than 0.5B; slow on the CPU.',
    },
  ),
  fromHub(
    'HuggingFaceTB/SmolLM2-360M-Instruct',
    { webgpu: 'q4f16', wasm: 'q4' },
    {
      id: 'smollm2-360m-instruct',
      label: 'SmolLM2 360M Instruct',
      family: 'SmolLM2',
      parameters: '360M',
      contextWindow: 8192,
      notes: 'Smallest and fastest; simple tasks.',
    },
  ),
  fromHub(
    'onnx-community/Llama-3.2-1B-Instruct-q4f16',
    { webgpu: 'q4f16', wasm: undefined },
    {
      id: 'llama-3.2-1b-instruct',
      label: 'Llama 3.2 1B Instruct',
      family: 'Llama 3.2',
      parameters: '1.2B',
      contextWindow: 8192,
      notes: 'WebGPU only (the repo has only q4f16).',
    },
  ),
  // Writes its reasoning in <think>…</think> before every answer.
  fromHub(
    'onnx-community/DeepSeek-R1-Distill-Qwen-1.5B-ONNX',
    { webgpu: 'q4f16', wasm: undefined },
    {
      id: 'deepseek-r1-distill-qwen-1.5b',
      label: 'DeepSeek-R1 Distill Qwen 1.5B',
      family: 'DeepSeek-R1',
      parameters: '1.5B',
      contextWindow: 8192,
      thinking: 'always',
      notes: 'Thinks step by step before answering (shown folded).',
    },
  ),
  // Weights in one external-data file (model_q4f16.onnx_data).
  fromHub(
    'onnx-community/Llama-3.2-3B-Instruct',
    { webgpu: 'q4f16', wasm: undefined },
    {
      id: 'llama-3.2-3b-instruct',
      label: 'Llama 3.2 3B Instruct',
      family: 'Llama 3.2',
      parameters: '3.2B',
      contextWindow: 8192,
      notes: 'WebGPU only: too slow on the CPU.',
    },
  ),
  // Liquid AI's LFM2 (July 2025; hybrid: 10 short-convolution + 6 attention layers; model type
  // lfm2, which transformers.js 4.3 registers). Context: 32,768 tokens
  // (https://huggingface.co/LiquidAI/LFM2-700M, https://featherless.ai/models/LiquidAI/LFM2-700M).
  // Weights in one external-data file per dtype.
  fromHub(
    'onnx-community/LFM2-700M-ONNX',
    { webgpu: 'q4f16', wasm: 'q4' },
    {
      id: 'lfm2-700m',
      label: 'LFM2 700M',
      family: 'LFM2',
      parameters: '742M',
      contextWindow: 32768,
      notes: 'Built for phones and laptops: fast on the CPU for its size.',
    },
  ),
  // Weights in two external-data chunks (model_q4f16.onnx_data, model_q4f16.onnx_data_1).
  fromHub(
    'onnx-community/Phi-4-mini-instruct-web-q4f16',
    { webgpu: 'q4f16', wasm: undefined },
    {
      id: 'phi-4-mini-instruct',
      label: 'Phi-4 mini Instruct',
      family: 'Phi',
      parameters: '3.8B',
      contextWindow: 4096,
      notes: 'WebGPU only: too slow on the CPU.',
    },
  ),
  // Seed 001's TinyLlama: this repo has only decoder_model_merged(_quantized).onnx, so q8 on the CPU.
  fromHub(
    'Xenova/TinyLlama-1.1B-Chat-v1.0',
    { webgpu: undefined, wasm: 'q8' },
    {
      id: 'tinyllama-1.1b-chat',
      label: 'TinyLlama 1.1B Chat',
      family: 'TinyLlama',
      parameters: '1.1B',
      contextWindow: 2048,
      supersededBy: 'qwen2.5-1.5b-instruct',
      notes: 'Kept for seed 001; Qwen2.5 1.5B answers better at the same size.',
    },
  ),
  fromHub(
    'onnx-community/Phi-3.5-mini-instruct-onnx-web',
    { webgpu: 'q4f16', wasm: undefined },
    {
      id: 'phi-3.5-mini-instruct',
      label: 'Phi-3.5 mini Instruct',
      family: 'Phi',
      parameters: '3.8B',
      contextWindow: 4096,
      supersededBy: 'phi-4-mini-instruct',
      notes: 'WebGPU only: too slow on the CPU.',
    },
  ),
  // Encoder-decoders (seed 001's Flan-T5 kind): T5's relative positions were trained on 512 tokens.
  fromHub(
    'Xenova/LaMini-Flan-T5-783M',
    { webgpu: 'q8', wasm: 'q8' },
    {
      id: 'lamini-flan-t5-783m',
      label: 'LaMini-Flan-T5 783M',
      family: 'Flan-T5',
      parameters: '783M',
      contextWindow: 512,
      task: 'text2text-generation',
      supersededBy: 'qwen2.5-0.5b-instruct',
      notes: 'Kept for seed 001 (its default). Short instruction answers; reads the chat as one input.',
    },
  ),
  fromHub(
    'Xenova/LaMini-Flan-T5-248M',
    { webgpu: 'fp16', wasm: 'q8' },
    {
      id: 'lamini-flan-t5-248m',
      label: 'LaMini-Flan-T5 248M',
      family: 'Flan-T5',
      parameters: '248M',
      contextWindow: 512,
      task: 'text2text-generation',
      notes: 'Flan-T5 base, instruction-tuned. Short answers; reads the chat as one input.',
    },
  ),
  fromHub(
    'Xenova/LaMini-Flan-T5-77M',
    { webgpu: 'fp16', wasm: 'q8' },
    {
      id: 'lamini-flan-t5-77m',
      label: 'LaMini-Flan-T5 77M',
      family: 'Flan-T5',
      parameters: '77M',
      contextWindow: 512,
      task: 'text2text-generation',
      notes: 'Flan-T5 small, instruction-tuned: tiny and fast, simple tasks only.',
    },
  ),
];

/** A model the user added by its Hub id (any ONNX text-generation or text2text-generation repo). */
export function customModelEntry(repo: string): TransformersModelEntry {
  const name = repo.split('/').pop() ?? repo;
  return {
    id: `custom:${repo}`,
    repo,
    label: name,
    family: 'Custom',
    parameters: '?',
    contextWindow: 2048,
    dtype: { webgpu: undefined, wasm: undefined },
    sizeMB: { webgpu: null, wasm: null },
    files: { webgpu: [], wasm: [] },
    externalDataChunks: { webgpu: 0, wasm: 0 },
    custom: true,
  };
}
