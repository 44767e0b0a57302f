/**
 * Chat models that run through transformers.js (ONNX). Sizes are the download for the dtype
 * used on each backend, rounded, as published on the Hugging Face Hub; they are for display
 * and fit estimates only (the real size is measured when the files are cached).
 */
import type { Device } from '../../platform/protocol/llm';

export interface TransformersModelEntry {
  id: string;
  repo: string;
  label: string;
  family: string;
  parameters: string;
  contextWindow: number;
  dtype: Record<Device, string | undefined>;
  /** Approximate download in MB per backend. null when unknown (custom models). */
  sizeMB: Record<Device, number | null>;
  custom?: boolean;
  notes?: string;
}

export const TRANSFORMERS_CATALOG: TransformersModelEntry[] = [
  {
    id: 'qwen2.5-0.5b-instruct',
    repo: 'onnx-community/Qwen2.5-0.5B-Instruct',
    label: 'Qwen2.5 0.5B Instruct',
    family: 'Qwen2.5',
    parameters: '0.5B',
    contextWindow: 32768,
    dtype: { webgpu: 'q4f16', wasm: 'q4' },
    sizeMB: { webgpu: 460, wasm: 790 },
    notes: 'Good quality for its size; the default.',
  },
  {
    id: 'smollm2-360m-instruct',
    repo: 'HuggingFaceTB/SmolLM2-360M-Instruct',
    label: 'SmolLM2 360M Instruct',
    family: 'SmolLM2',
    parameters: '360M',
    contextWindow: 8192,
    dtype: { webgpu: 'q4f16', wasm: 'q4' },
    sizeMB: { webgpu: 270, wasm: 380 },
    notes: 'Smallest and fastest; simple tasks.',
  },
  {
    id: 'tinyllama-1.1b-chat',
    repo: 'Xenova/TinyLlama-1.1B-Chat-v1.0',
    label: 'TinyLlama 1.1B Chat',
    family: 'TinyLlama',
    parameters: '1.1B',
    contextWindow: 2048,
    dtype: { webgpu: 'q4f16', wasm: 'q4' },
    sizeMB: { webgpu: 700, wasm: 870 },
  },
  {
    id: 'phi-3.5-mini-instruct',
    repo: 'onnx-community/Phi-3.5-mini-instruct-onnx-web',
    label: 'Phi-3.5 mini Instruct',
    family: 'Phi',
    parameters: '3.8B',
    contextWindow: 4096,
    dtype: { webgpu: 'q4f16', wasm: undefined },
    sizeMB: { webgpu: 2200, wasm: null },
    notes: 'WebGPU only: too slow on the CPU.',
  },
];

/** A model the user added by its Hub id (any ONNX text-generation repo). */
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
    custom: true,
  };
}
