/**
 * WebGPU for llama.cpp only on a real GPU: never on a software adapter (SwiftShader, Chromium's
 * CPU fallback, which headless test browsers have and which is far slower than the CPU build).
 */
export interface GpuPick {
  use: boolean;
  /** What the adapter says it is ("nvidia / ampere", "google / swiftshader"), null when none. */
  adapter: string | null;
}

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/** Whether an adapter with this info is a real GPU. */
export function isRealGpu(info: AdapterInfoLike, isFallback = false): boolean {
  if (isFallback || info.isFallbackAdapter) return false;
  const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`;
  return !/swiftshader|llvmpipe|softpipe|software|basic render/i.test(text);
}

export async function pickGpu(
  gpu: unknown = (globalThis.navigator as { gpu?: unknown } | undefined)?.gpu,
): Promise<GpuPick> {
  const api = gpu as { requestAdapter?: () => Promise<unknown> } | undefined;
  if (!api?.requestAdapter) return { use: false, adapter: null };
  type AdapterLike = { info?: AdapterInfoLike; isFallbackAdapter?: boolean };
  const adapter = (await api.requestAdapter().catch(() => null)) as AdapterLike | null;
  if (!adapter) return { use: false, adapter: null };
  const info = adapter.info ?? {};
  const label = [info.vendor, info.architecture].filter(Boolean).join(' / ') || 'unknown';
  return { use: isRealGpu(info, adapter.isFallbackAdapter === true), adapter: label };
}
