/**
 * Which device a transformers.js model runs on: computed once, here, from the WebGPU profile
 * (`detect.ts`). The load (`TransformersState`) and the Models page's prediction both call
 * `chooseDevice`, so the page cannot predict WASM while the load picks WebGPU. Pure but for
 * `detectDevice`, which probes the adapter first. Which engine runs a model that exists both as
 * GGUF and as ONNX (the Automatic rule: WebGPU -> transformers.js, CPU -> llama.cpp) is
 * `chooseEngine` in features/models/engine-choice.ts, measured in bench/REPORT.md ("Four engines").
 */
import type { Device } from '../protocol/llm';
import type { DevicePreference } from '../../core/settings';
import { detectWebGPU, type HardwareEnv, type WebGPUProfile } from './detect';

export interface DeviceChoice {
  device: Device;
  reason: string;
}

const NO_WEBGPU: Record<Extract<WebGPUProfile, { available: false }>['reason'], string> = {
  'insecure-context': 'this page is not a secure context, so there is no WebGPU',
  'no-navigator-gpu': 'this browser has no WebGPU',
  'no-adapter': 'no WebGPU adapter is available',
  'request-adapter-threw': 'no WebGPU adapter is available',
};

/**
 * WebGPU when a real adapter exists (a software rasteriser, by flag or by name, is slower than
 * WASM); WASM otherwise. A preference from Settings wins, except that WebGPU needs an adapter.
 * With no profile yet (not detected), the automatic choice is WASM.
 */
export function chooseDevice(preference: DevicePreference, webgpu: WebGPUProfile | null): DeviceChoice {
  if (preference === 'wasm') return { device: 'wasm', reason: 'chosen in Settings' };
  if (!webgpu) return { device: 'wasm', reason: 'WebGPU has not been checked yet' };
  if (!webgpu.available) return { device: 'wasm', reason: NO_WEBGPU[webgpu.reason] };
  if (preference === 'webgpu') return { device: 'webgpu', reason: 'chosen in Settings' };
  if (webgpu.adapter.isSoftware)
    return { device: 'wasm', reason: 'the WebGPU adapter is a software fallback, slower than WASM' };
  return { device: 'webgpu', reason: 'a WebGPU adapter is available' };
}

/** Probes WebGPU and chooses: what a load runs on. */
export async function detectDevice(preference: DevicePreference, env?: HardwareEnv): Promise<DeviceChoice> {
  if (preference === 'wasm') return chooseDevice(preference, null);
  return chooseDevice(preference, await detectWebGPU(env));
}
