/**
 * Conversation health preferences: mode, coaching, the embedding model and device, and the
 * tracker's thresholds and contexts (validated on read and on save). Stored under one key.
 */
import type { KeyValueRepository } from '../../platform/db/kv';
import { KV } from '../../platform/db/kv-keys';
import { DEFAULT_EMBEDDING_MODEL } from '../embeddings';
import { defaultHealthSettings, validateHealthSettings } from '.';
import { type HealthSettings } from '../../core/health';
import type { Device } from '../../platform/protocol/llm';

export type HealthMode = 'embeddings' | 'prompt-only' | 'off';

export interface HealthPreferences {
  mode: HealthMode;
  /** Put the coaching block into the next request's system prompt. */
  coaching: boolean;
  /** Hub repo id of the embedding model. */
  model: string;
  device: Device;
  /** Thresholds and context definitions, validated. */
  tracker: HealthSettings;
}

export const DEFAULT_HEALTH_PREFERENCES: HealthPreferences = {
  mode: 'embeddings',
  coaching: true,
  model: DEFAULT_EMBEDDING_MODEL,
  // Measured: for MiniLM-sized encoders WASM beats WebGPU's set-up and transfer cost per turn.
  device: 'wasm',
  tracker: defaultHealthSettings(),
};

export class HealthPreferencesState {
  current = $state.raw<HealthPreferences>(DEFAULT_HEALTH_PREFERENCES);

  constructor(private readonly kv: KeyValueRepository) {}

  async init(): Promise<void> {
    const stored = (await this.kv.get(KV.health)) as Partial<HealthPreferences> | undefined;
    const checked = stored?.tracker ? validateHealthSettings(stored.tracker) : null;
    this.current = {
      ...DEFAULT_HEALTH_PREFERENCES,
      ...stored,
      tracker: checked?.ok ? checked.settings : defaultHealthSettings(),
    };
  }

  async save(patch: Partial<HealthPreferences>): Promise<void> {
    this.current = { ...this.current, ...patch };
    await this.kv.set(KV.health, { ...$state.snapshot(this.current) });
  }

  /** Validates thresholds and contexts; stores them and returns [] when valid, else the errors. */
  async saveTracker(input: unknown): Promise<string[]> {
    const checked = validateHealthSettings(input);
    if (!checked.ok) return checked.errors;
    await this.save({ tracker: checked.settings });
    return [];
  }
}
