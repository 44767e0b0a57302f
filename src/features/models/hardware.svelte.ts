/**
 * What this device offers (WebGPU adapter, CPU, memory, storage), the models that failed on it,
 * and the browser storage the models use. Failure records are kept in IndexedDB (kv store) so a
 * model that crashed the GPU keeps a lower fit label after a reload.
 */
import type { KeyValueRepository } from '../../platform/db/kv';
import { detectHardware, type HardwareProfile } from '../../platform/hardware/detect';
import { assessFit, type FitResult, type ModelRequirements } from '../../platform/hardware/fit';
import {
  clearFailures,
  deviceKey,
  recordFailure,
  type FailureKind,
  type FailureRecord,
} from '../../platform/hardware/failures';
import { KV } from '../../platform/db/kv-keys';

export interface StorageInfo {
  usageBytes: number | null;
  quotaBytes: number | null;
  /** `navigator.storage.persisted()`; null when unknown. */
  persisted: boolean | null;
}

export class HardwareState {
  profile = $state.raw<HardwareProfile | null>(null);
  failures = $state.raw<FailureRecord[]>([]);
  storage = $state.raw<StorageInfo>({ usageBytes: null, quotaBytes: null, persisted: null });
  /** What the last persistence request answered, for the page to show. */
  persistResult = $state<string | null>(null);
  private detecting: Promise<HardwareProfile> | null = null;

  constructor(private readonly kv: KeyValueRepository) {}

  async init(): Promise<void> {
    this.failures = (await this.kv.get(KV.hardwareFailures)) ?? [];
    await this.detect();
  }

  /** Detects once (the adapter does not change while the page lives); `force` re-detects. */
  detect(force = false): Promise<HardwareProfile> {
    if (!this.detecting || force) {
      this.detecting = detectHardware().then((p) => {
        this.profile = p;
        return p;
      });
    }
    return this.detecting;
  }

  get shaderF16(): boolean {
    return this.profile?.webgpu.available === true && this.profile.webgpu.adapter.hasShaderF16;
  }

  get features(): string[] {
    return this.profile?.webgpu.available ? this.profile.webgpu.adapter.features : [];
  }

  fit(model: ModelRequirements): FitResult | null {
    const profile = this.profile;
    if (!profile) return null;
    const withStorage: HardwareProfile = {
      ...profile,
      storage:
        this.storage.quotaBytes !== null
          ? { quotaBytes: this.storage.quotaBytes, usageBytes: this.storage.usageBytes }
          : profile.storage,
    };
    return assessFit(model, withStorage, this.failures);
  }

  async recordFailure(modelId: string, kind: FailureKind, message?: string): Promise<void> {
    const profile = await this.detect();
    this.failures = recordFailure(this.failures, {
      deviceKey: deviceKey(profile),
      modelId,
      kind,
      at: new Date(),
      message,
    });
    await this.kv.set(KV.hardwareFailures, this.failures);
  }

  async clearFailures(modelId?: string): Promise<void> {
    const profile = await this.detect();
    this.failures = clearFailures(this.failures, deviceKey(profile), modelId);
    await this.kv.set(KV.hardwareFailures, this.failures);
  }

  async refreshStorage(): Promise<void> {
    const storage = navigator.storage as StorageManager | undefined;
    let usageBytes: number | null = null;
    let quotaBytes: number | null = null;
    try {
      const est = await storage?.estimate();
      usageBytes = est?.usage ?? null;
      quotaBytes = est?.quota ?? null;
    } catch {
      // Unknown: shown as such.
    }
    const persisted: boolean | null = storage?.persisted ? await storage.persisted().catch(() => null) : null;
    this.storage = { usageBytes, quotaBytes, persisted };
  }

  /** Asks the browser not to evict Tandem's storage. The answer is the browser's alone. */
  async requestPersistence(): Promise<boolean | null> {
    const storage = navigator.storage as StorageManager | undefined;
    if (!storage?.persist) {
      this.persistResult = 'This browser cannot make storage persistent.';
      return null;
    }
    let granted: boolean;
    try {
      granted = await storage.persist();
    } catch (error) {
      this.persistResult = `The browser refused the request (${error instanceof Error ? error.message : String(error)}).`;
      return null;
    }
    this.persistResult = granted
      ? 'Granted: the browser will not evict your models and conversations to free space.'
      : 'Not granted: the browser may evict stored models when space runs low. Installing Tandem or bookmarking it often helps the browser grant it.';
    await this.refreshStorage();
    return granted;
  }
}
