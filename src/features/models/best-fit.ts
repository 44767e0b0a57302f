/**
 * The model the Models page recommends first: of the built-in models that fit this device (GPU
 * memory estimate, shader-f16, CPU threads, free storage: all judged by `assessFit`), the one
 * with the best answers (quality.ts), with a one-line reason. When none fits well, the best of
 * those that would run slowly; nothing when none would run. Pure.
 */
import { gpuMemoryBudgetMB, type FitLabel } from '../../platform/hardware/fit';
import type { HardwareProfile } from '../../platform/hardware/detect';
import { qualityOf, type Quality } from './quality';

export interface Candidate<T> {
  item: T;
  /** Quality id: the WebLLM family id or the transformers.js entry id. */
  qualityId: string;
  label: string;
  device: 'webgpu' | 'wasm';
  /** null while the device is still being examined. */
  fit: FitLabel | null;
}

export interface Pick<T> {
  item: T;
  quality: Quality;
  reason: string;
}

function gb(mb: number): string {
  const g = mb / 1024;
  return `${Number.isInteger(g) ? g : g.toFixed(1)} GB`;
}

function reasonFor(c: Candidate<unknown>, fit: FitLabel, profile: HardwareProfile | null): string {
  if (fit === 'may be slow') return `${c.label}: the best that runs here, though slowly`;
  if (c.device === 'webgpu') {
    const budget = profile ? gpuMemoryBudgetMB(profile) : null;
    return budget
      ? `${c.label}: the best that fits ${gb(budget.maxMB / 0.75)} of memory on your GPU`
      : `${c.label}: the best that fits your GPU`;
  }
  const threads = profile?.cpuThreads;
  return `${c.label}: the best that runs well on the CPU here${threads ? ` (${threads} threads)` : ''}`;
}

export function bestThatFits<T>(
  candidates: readonly Candidate<T>[],
  profile: HardwareProfile | null,
): Pick<T> | null {
  for (const wanted of ['fits', 'may be slow'] as const) {
    let best: Candidate<T> | null = null;
    for (const c of candidates) {
      if (c.fit !== wanted) continue;
      if (!best || qualityOf(c.qualityId).score > qualityOf(best.qualityId).score) best = c;
    }
    if (best)
      return {
        item: best.item,
        quality: qualityOf(best.qualityId),
        reason: reasonFor(best, wanted, profile),
      };
  }
  return null;
}
