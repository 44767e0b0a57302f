/**
 * The Automatic rule for a model that exists in both formats, GGUF (llama.cpp through wllama) and
 * ONNX (transformers.js): which engine runs it, on which device, with how many CPU threads.
 *
 *  - A real WebGPU adapter (`chooseDevice` in platform/hardware/device.ts says 'webgpu'):
 *    transformers.js on WebGPU. Tandem's llama.cpp build runs on the CPU only here
 *    (gguf-backend.svelte.ts), and a GPU beats WASM for models large enough to chat with.
 *  - Otherwise (WASM): llama.cpp, with half the logical cores (`ggufThreads`). On the real
 *    stories260K model, on a busy 2-core machine, its decode rate was the best of the
 *    configurations measured (bench/REPORT.md, "Four engines"), and its Q4/Q8 CPU kernels are
 *    what a larger model needs; transformers.js on WASM is the fallback when only ONNX exists.
 *
 * A model in one format runs on that format's engine; the rule only decides between two.
 */
import type { Device } from '../../platform/protocol/llm';
import { ggufThreads } from './gguf-threads';

export type ChatEngine = 'gguf' | 'transformers';

export interface EngineChoice {
  engine: ChatEngine;
  device: Device;
  /** CPU threads the engine uses (llama.cpp n_threads or onnxruntime-web numThreads); null on WebGPU. */
  threads: number | null;
  reason: string;
}

/** onnxruntime-web's WASM threads as the transformers.js engine configures them (env.ts). */
export function transformersThreads(hardwareConcurrency: number | undefined): number {
  return Math.max(1, Math.min(4, hardwareConcurrency || 1));
}

export function chooseEngine(
  formats: { gguf: boolean; onnx: boolean },
  device: Device,
  hardwareConcurrency: number | undefined,
): EngineChoice {
  const onnx = (d: Device, reason: string): EngineChoice => ({
    engine: 'transformers',
    device: d,
    threads: d === 'webgpu' ? null : transformersThreads(hardwareConcurrency),
    reason,
  });
  const gguf = (reason: string): EngineChoice => ({
    engine: 'gguf',
    device: 'wasm',
    threads: ggufThreads(hardwareConcurrency),
    reason,
  });
  if (!formats.gguf) return onnx(device, 'only the ONNX copy exists');
  if (!formats.onnx) return gguf('only the GGUF copy exists');
  if (device === 'webgpu') return onnx('webgpu', 'a WebGPU adapter runs transformers.js on the GPU');
  return gguf('on the CPU llama.cpp decodes fastest (bench/REPORT.md, Four engines)');
}
