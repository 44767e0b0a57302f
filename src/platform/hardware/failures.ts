/**
 * Models that failed on this device (GPU lost, out of memory), remembered per device so the fit
 * label (`fit.ts`) can warn next time. Pure: the caller persists the records (`KV.hardwareFailures`).
 */
import type { HardwareProfile } from './detect';

export type FailureKind = 'device-lost' | 'out-of-memory';

export interface FailureRecord {
  /** From `deviceKey(profile)`: failures count only on the device they happened on. */
  deviceKey: string;
  modelId: string;
  kind: FailureKind;
  count: number;
  firstAt: string;
  lastAt: string;
  lastMessage?: string;
}

/** A stable identity of the GPU (or 'cpu-only') to scope failure records. */
export function deviceKey(profile: HardwareProfile): string {
  if (!profile.webgpu.available) return 'cpu-only';
  const a = profile.webgpu.adapter;
  return ['webgpu', a.vendor, a.architecture, a.device, a.description].map((s) => s || '-').join('|');
}

export function failuresFor(
  records: readonly FailureRecord[],
  key: string,
  modelId: string,
): FailureRecord[] {
  return records.filter((r) => r.deviceKey === key && r.modelId === modelId);
}

/** Adds one failure (pure: returns a new array). */
export function recordFailure(
  records: readonly FailureRecord[],
  failure: { deviceKey: string; modelId: string; kind: FailureKind; at: Date | string; message?: string },
): FailureRecord[] {
  const at = typeof failure.at === 'string' ? failure.at : failure.at.toISOString();
  const i = records.findIndex(
    (r) => r.deviceKey === failure.deviceKey && r.modelId === failure.modelId && r.kind === failure.kind,
  );
  if (i < 0) {
    const rec: FailureRecord = {
      deviceKey: failure.deviceKey,
      modelId: failure.modelId,
      kind: failure.kind,
      count: 1,
      firstAt: at,
      lastAt: at,
    };
    if (failure.message) rec.lastMessage = failure.message;
    return [...records, rec];
  }
  return records.map((r, j) => {
    if (j !== i) return r;
    const next: FailureRecord = { ...r, count: r.count + 1, lastAt: at };
    if (failure.message) next.lastMessage = failure.message;
    return next;
  });
}

/** Forgets failures of a model on a device (e.g. after it loaded fine, or the user reset them). */
export function clearFailures(
  records: readonly FailureRecord[],
  key: string,
  modelId?: string,
): FailureRecord[] {
  return records.filter((r) => !(r.deviceKey === key && (modelId === undefined || r.modelId === modelId)));
}
