/** The user's settings, loaded from IndexedDB and saved on every change. */
import type { KeyValueRepository } from './db/kv';
import { DEFAULT_SETTINGS, withDefaults, type AppSettings } from '../core/settings';
import { KV } from './db/kv-keys';

export class SettingsState {
  current = $state.raw<AppSettings>(DEFAULT_SETTINGS);
  loaded = $state(false);

  constructor(private readonly kv: KeyValueRepository) {}

  async init(): Promise<void> {
    this.current = withDefaults(await this.kv.get(KV.settings));
    this.loaded = true;
  }

  async update(patch: Partial<AppSettings>): Promise<void> {
    this.current = { ...this.current, ...patch };
    await this.kv.set(KV.settings, $state.snapshot(this.current));
  }

  async reset(): Promise<void> {
    this.current = DEFAULT_SETTINGS;
    await this.kv.set(KV.settings, DEFAULT_SETTINGS);
  }
}
