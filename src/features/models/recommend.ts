/**
 * The one model the Models page recommends first: the most preferred candidate that fits this
 * device, else the most preferred that may be slow; nothing when every candidate would not fit.
 * Pure: the page passes the candidates in order of preference with their fit labels.
 */
import type { FitLabel } from '../../platform/hardware/fit';

export interface Candidate<T> {
  item: T;
  /** null while the device is still being examined. */
  fit: FitLabel | null;
}

export function recommend<T>(candidates: readonly Candidate<T>[]): T | null {
  for (const wanted of ['fits', 'may be slow'] as const) {
    const hit = candidates.find((c) => c.fit === wanted);
    if (hit) return hit.item;
  }
  return null;
}

/**
 * Preference order. On a real GPU the starred WebLLM models lead (TinyLlama before Phi: small
 * and quick for most devices), then the built-in transformers.js models; on the CPU the
 * transformers.js models lead in catalog order (the default first) and WebLLM comes last.
 */
export function preferenceOrder<W, T>(
  device: 'webgpu' | 'wasm',
  starredWebLLM: readonly W[],
  transformers: readonly T[],
): ({ backend: 'webllm'; entry: W } | { backend: 'transformers'; entry: T })[] {
  const gpu = starredWebLLM.map((entry) => ({ backend: 'webllm' as const, entry }));
  const onnx = transformers.map((entry) => ({ backend: 'transformers' as const, entry }));
  return device === 'webgpu' ? [...gpu, ...onnx] : [...onnx, ...gpu];
}
