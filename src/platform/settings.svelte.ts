/** The user's settings, loaded from IndexedDB and saved on every change. */
import type { KeyValueRepository } from './db/kv';
import { DEFAULT_SETTINGS, withDefaults, type AppSettings } from '../core/settings';
import { KV } from './db/kv-keys';
import { isStorageFull, storageFullError } from '../core/errors';

const KEPT = 'The change applies until you reload.';

export class SettingsState {
  current = $state.raw<AppSettings>(DEFAULT_SETTINGS);
  loaded = $state(false);

  /** `onError`: where a refused write goes (a full disk is reported, never thrown). */
  constructor(
    private readonly kv: KeyValueRepository,
    private readonly onError?: (error: unknown) => void,
  ) {}

  /** Stores the settings; a full disk is said (the change stays on screen), not thrown. */
  private async store(value: AppSettings): Promise<void> {
    try {
      await this.kv.set(KV.settings, value);
    } catch (error) {
      if (!isStorageFull(error) || !this.onError) throw error;
      this.onError(storageFullError(error, KEPT));
    }
  }

  async init(): Promise<void> {
    this.current = withDefaults(await this.kv.get(KV.settings));
    this.loaded = true;
  }

  async update(patch: Partial<AppSettings>): Promise<void> {
    this.current = { ...this.current, ...patch };
    await this.store($state.snapshot(this.current));
  }

  async reset(): Promise<void> {
    this.current = DEFAULT_SETTINGS;
    await this.store(DEFAULT_SETTINGS);
  }
}
