/**
 * Will this model run on this device? A label with the reasons behind it. Pure.
 *
 * Browsers do not reveal GPU memory, so the GPU budget is an estimate from
 * `navigator.deviceMemory` (system RAM, coarse; integrated GPUs share it): up to half of it is
 * taken as safe, up to three quarters as possible but risky, more as not fitting. Without
 * `deviceMemory` the VRAM rule is skipped (except that a small `maxStorageBufferBindingSize`,
 * typical of phones, makes models not marked low-resource "may be slow").
 *
 * Models that failed on this device (device lost / out of memory) are remembered in
 * `FailureRecord`s (persisted by the caller) and lower the label: one failure by one step,
 * two or more to "will not fit".
 */
import type { HardwareProfile } from './detect';
import { deviceKey, failuresFor, type FailureRecord } from './failures';

export type FitLabel = 'fits' | 'may be slow' | 'will not fit';

export type FitReasonCode =
  | 'no-webgpu'
  | 'missing-feature'
  | 'gpu-limits'
  | 'software-gpu'
  | 'vram-exceeds-memory'
  | 'vram-risky'
  | 'small-gpu-buffers'
  | 'ram-exceeds-memory'
  | 'ram-risky'
  | 'few-cpu-threads'
  | 'single-thread-wasm'
  | 'storage-full'
  | 'failed-before';

export interface FitReason {
  code: FitReasonCode;
  /** 'info' explains without changing the label. */
  severity: 'info' | 'slow' | 'blocker';
  message: string;
}

export interface FitResult {
  label: FitLabel;
  reasons: FitReason[];
}

export interface ModelRequirements {
  modelId: string;
  backend: 'webllm' | 'transformers';
  /** WebLLM is always 'webgpu'. */
  device: 'webgpu' | 'wasm';
  /** GPU memory the model needs (WebLLM's `vram_required_MB`); null when unknown. */
  vramRequiredMB: number | null;
  /** GPU features needed (use the catalog's `effectiveRequiredFeatures`). */
  requiredFeatures: readonly string[];
  /** WebLLM's `buffer_size_required_bytes` (needed maxStorageBufferBindingSize). */
  bufferSizeRequiredBytes?: number | null;
  /** Download size; null when unknown. */
  downloadBytes: number | null;
  /** Already in storage: the storage rule does not apply. */
  cached?: boolean;
  /** WebLLM's `low_resource_required`: meant to run on limited devices. */
  lowResourceRequired?: boolean;
  parametersB?: number | null;
}

const MiB = 1024 * 1024;
/** WebLLM refuses adapters below these (detectGPUDevice falls back to them, then fails). */
export const WEBLLM_MIN_MAX_BUFFER_SIZE = 256 * MiB;
export const WEBLLM_MIN_STORAGE_BINDING = 128 * MiB;
/** Below this maxStorageBufferBindingSize a device is "limited" (phones), as WebLLM assumes. */
export const LIMITED_STORAGE_BINDING = 1024 * MiB;

export function gpuMemoryBudgetMB(profile: HardwareProfile): { safeMB: number; maxMB: number } | null {
  if (profile.deviceMemoryGB === null || profile.deviceMemoryGB <= 0) return null;
  const totalMB = profile.deviceMemoryGB * 1024;
  return { safeMB: totalMB * 0.5, maxMB: totalMB * 0.75 };
}

function fmtMB(mb: number): string {
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}

function lower(label: FitLabel): FitLabel {
  return label === 'fits' ? 'may be slow' : 'will not fit';
}

export function assessFit(
  model: ModelRequirements,
  profile: HardwareProfile,
  failures: readonly FailureRecord[] = [],
): FitResult {
  const reasons: FitReason[] = [];
  const budget = gpuMemoryBudgetMB(profile);

  if (model.device === 'webgpu') {
    if (!profile.webgpu.available) {
      reasons.push({
        code: 'no-webgpu',
        severity: 'blocker',
        message: `WebGPU is not available (${profile.webgpu.detail}) Use the CPU (WASM) backend.`,
      });
    } else {
      const a = profile.webgpu.adapter;
      const missing = model.requiredFeatures.filter((f) => !a.features.includes(f));
      for (const f of missing) {
        reasons.push({
          code: 'missing-feature',
          severity: 'blocker',
          message:
            f === 'shader-f16'
              ? 'This GPU has no shader-f16 (16-bit shaders); pick the q4f32 variant.'
              : `This GPU lacks the “${f}” feature the model needs.`,
        });
      }
      if (model.backend === 'webllm') {
        const maxBuf = a.limits.maxBufferSize;
        const maxBind = a.limits.maxStorageBufferBindingSize;
        if (
          (maxBuf !== null && maxBuf < WEBLLM_MIN_MAX_BUFFER_SIZE) ||
          (maxBind !== null && maxBind < WEBLLM_MIN_STORAGE_BINDING)
        ) {
          reasons.push({
            code: 'gpu-limits',
            severity: 'blocker',
            message: 'The GPU’s buffer limits are below what WebLLM needs (256 MB buffers, 128 MB bindings).',
          });
        }
        if (model.bufferSizeRequiredBytes && maxBind !== null && maxBind < model.bufferSizeRequiredBytes) {
          reasons.push({
            code: 'gpu-limits',
            severity: 'blocker',
            message: `The model needs storage buffers of ${fmtMB(model.bufferSizeRequiredBytes / MiB)}; this GPU allows ${fmtMB(maxBind / MiB)}.`,
          });
        }
        if (!budget && !model.lowResourceRequired && maxBind !== null && maxBind < LIMITED_STORAGE_BINDING) {
          reasons.push({
            code: 'small-gpu-buffers',
            severity: 'slow',
            message:
              'This looks like a limited GPU (small buffers) and the model is not meant for limited devices.',
          });
        }
      }
      if (a.isSoftware) {
        reasons.push({
          code: 'software-gpu',
          severity: 'slow',
          message: `The GPU is a software fallback (${a.architecture || a.vendor || 'fallback adapter'}): it runs on the CPU and is very slow for language models.`,
        });
      }
    }
    if (model.vramRequiredMB !== null && budget) {
      if (model.vramRequiredMB > budget.maxMB) {
        reasons.push({
          code: 'vram-exceeds-memory',
          severity: 'blocker',
          message: `Needs about ${fmtMB(model.vramRequiredMB)} of GPU memory; this device has about ${fmtMB(budget.maxMB / 0.75)} of memory in all.`,
        });
      } else if (model.vramRequiredMB > budget.safeMB) {
        reasons.push({
          code: 'vram-risky',
          severity: 'slow',
          message: `Needs about ${fmtMB(model.vramRequiredMB)} of GPU memory, more than half of this device’s ${fmtMB(budget.maxMB / 0.75)}: it may run out of memory.`,
        });
      }
    }
  } else {
    // CPU (WASM): memory and threads.
    const needMB = model.downloadBytes !== null ? (model.downloadBytes / MiB) * 1.5 : null;
    if (needMB !== null && budget) {
      if (needMB > budget.maxMB) {
        reasons.push({
          code: 'ram-exceeds-memory',
          severity: 'blocker',
          message: `Needs about ${fmtMB(needMB)} of memory; this device has about ${fmtMB(budget.maxMB / 0.75)}.`,
        });
      } else if (needMB > budget.safeMB) {
        reasons.push({
          code: 'ram-risky',
          severity: 'slow',
          message: `Needs about ${fmtMB(needMB)} of memory, more than half of this device’s.`,
        });
      }
    }
    const params = model.parametersB ?? null;
    if (profile.cpuThreads !== null && profile.cpuThreads <= 2 && params !== null && params >= 1) {
      reasons.push({
        code: 'few-cpu-threads',
        severity: 'slow',
        message: `Only ${profile.cpuThreads} CPU threads: a ${params}B model will answer slowly.`,
      });
    }
    if (!profile.crossOriginIsolated) {
      reasons.push({
        code: 'single-thread-wasm',
        severity: params !== null && params >= 1 ? 'slow' : 'info',
        message: 'The page is not cross-origin isolated, so the CPU backend runs on one thread.',
      });
    }
  }

  if (!model.cached && model.downloadBytes !== null && profile.storage?.quotaBytes != null) {
    const free = profile.storage.quotaBytes - (profile.storage.usageBytes ?? 0);
    if (model.downloadBytes > free) {
      reasons.push({
        code: 'storage-full',
        severity: 'blocker',
        message: `The download (${fmtMB(model.downloadBytes / MiB)}) is larger than the free browser storage (${fmtMB(Math.max(0, free) / MiB)}). Delete other models first.`,
      });
    }
  }

  let label: FitLabel = reasons.some((r) => r.severity === 'blocker')
    ? 'will not fit'
    : reasons.some((r) => r.severity === 'slow')
      ? 'may be slow'
      : 'fits';

  const past = failuresFor(failures, deviceKey(profile), model.modelId);
  const count = past.reduce((n, r) => n + r.count, 0);
  if (count > 0) {
    const last =
      past
        .map((r) => r.lastAt)
        .sort()
        .at(-1) ?? '';
    const kinds = [
      ...new Set(past.map((r) => (r.kind === 'out-of-memory' ? 'out of memory' : 'device lost'))),
    ].join(', ');
    label = count >= 2 ? 'will not fit' : lower(label);
    reasons.push({
      code: 'failed-before',
      severity: count >= 2 ? 'blocker' : 'slow',
      message: `Failed on this device ${count === 1 ? 'once' : `${count} times`} (${kinds}${last ? `, last ${last.slice(0, 10)}` : ''}). Try a smaller model or a “-1k” variant.`,
    });
  }

  return { label, reasons };
}
