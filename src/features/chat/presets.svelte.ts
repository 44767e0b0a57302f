/**
 * The user's presets (a system prompt with generation settings under a name), stored in the kv
 * store and checked on read (`KV.presets`): saved from a conversation's Generation settings,
 * picked for a new chat, deleted. A name saved again replaces the preset of that name.
 */
import * as v from 'valibot';
import type { Preset } from '../../core/presets';
import type { Conversation } from '../../core/stored';
import type { KeyValueRepository } from '../../platform/db/kv';
import { KV, presetName } from '../../platform/db/kv-keys';

/** The name as it will be stored, or null when nothing shown would be left. */
export function cleanPresetName(name: string): string | null {
  const result = v.safeParse(presetName, name);
  return result.success ? result.output : null;
}

/** The list with `preset` in it (replacing one of the same name), sorted by name. */
export function withPreset(list: readonly Preset[], preset: Preset): Preset[] {
  return [...list.filter((p) => p.name !== preset.name), preset].sort((a, b) => a.name.localeCompare(b.name));
}

/** A conversation's own settings from a preset (only "thinking off" is stored, as elsewhere). */
export function presetSettings(preset: Preset): NonNullable<Conversation['settings']> {
  return {
    ...(preset.systemPrompt.trim() ? { systemPrompt: preset.systemPrompt.trim() } : {}),
    temperature: preset.temperature,
    topP: preset.topP,
    maxTokens: preset.maxTokens,
    ...(preset.thinking ? {} : { thinking: false }),
  };
}

export class PresetsState {
  list = $state.raw<Preset[]>([]);
  private loading: Promise<void> | null = null;

  constructor(private readonly kv: KeyValueRepository) {}

  /** Reads the stored presets (once; `reload` after stored data was replaced). */
  load(): Promise<void> {
    this.loading ??= this.reload();
    return this.loading;
  }

  async reload(): Promise<void> {
    this.list = (await this.kv.get(KV.presets)) ?? [];
  }

  find(name: string): Preset | undefined {
    return this.list.find((p) => p.name === name);
  }

  /** Saves under the cleaned name; false when the name is empty once cleaned. */
  async save(preset: Preset): Promise<boolean> {
    const name = cleanPresetName(preset.name);
    if (!name) return false;
    await this.load();
    const next = withPreset(this.list, { ...preset, name });
    await this.kv.set(KV.presets, next);
    this.list = next;
    return true;
  }

  async remove(name: string): Promise<void> {
    await this.load();
    const next = this.list.filter((p) => p.name !== name);
    await this.kv.set(KV.presets, next);
    this.list = next;
  }
}
