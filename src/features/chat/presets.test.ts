import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Preset } from '../../core/presets';
import { KeyValueRepository } from '../../platform/db/kv';
import { KV } from '../../platform/db/kv-keys';
import { openAppDb } from '../../platform/db/schema';
import { cleanPresetName, PresetsState, presetSettings } from './presets.svelte';

const PRESET: Preset = {
  name: 'Pirate',
  systemPrompt: 'Talk like a pirate.',
  temperature: 0.3,
  topP: 0.9,
  maxTokens: 64,
  thinking: false,
};

async function kv(): Promise<KeyValueRepository> {
  return new KeyValueRepository(await openAppDb(`presets-${Math.random()}`));
}

describe('presets', () => {
  it('are saved, replaced by name, sorted, read back by a new state, and deleted', async () => {
    const store = await kv();
    const presets = new PresetsState(store);
    expect(await presets.save(PRESET)).toBe(true);
    expect(await presets.save({ ...PRESET, name: 'Editor', systemPrompt: 'Edit.' })).toBe(true);
    expect(await presets.save({ ...PRESET, temperature: 1.2 })).toBe(true);
    expect(presets.list.map((p) => [p.name, p.temperature])).toEqual([
      ['Editor', 0.3],
      ['Pirate', 1.2],
    ]);

    const again = new PresetsState(store);
    await again.load();
    expect(again.find('Pirate')).toEqual({ ...PRESET, temperature: 1.2 });
    await again.remove('Editor');
    await presets.reload();
    expect(presets.list.map((p) => p.name)).toEqual(['Pirate']);
  });

  it('names are cleaned like other names; an empty one is refused', async () => {
    expect(cleanPresetName('  \u202Egnp.exe\nnote ')).toBe('gnp.exe note');
    expect(cleanPresetName('\u200b \u200b')).toBeNull();
    expect(cleanPresetName('x'.repeat(200))).toHaveLength(80);
    const presets = new PresetsState(await kv());
    expect(await presets.save({ ...PRESET, name: '\u2066 ' })).toBe(false);
    expect(presets.list).toEqual([]);
  });

  it('a stored list with a bad preset is set aside and reads as none', async () => {
    const store = await kv();
    await store.set(KV.presets.name, [{ ...PRESET, temperature: 9 }]);
    expect(await store.get(KV.presets)).toBeUndefined();
    await store.set(KV.presets.name, [{ ...PRESET, name: ' \u202EPirate ' }]);
    expect(await store.get(KV.presets)).toEqual([{ ...PRESET, name: 'Pirate' }]);
  });

  it('become a conversation’s own settings (only "thinking off" stored)', () => {
    expect(presetSettings(PRESET)).toEqual({
      systemPrompt: 'Talk like a pirate.',
      temperature: 0.3,
      topP: 0.9,
      maxTokens: 64,
      thinking: false,
    });
    expect(presetSettings({ ...PRESET, systemPrompt: ' ', thinking: true })).toEqual({
      temperature: 0.3,
      topP: 0.9,
      maxTokens: 64,
    });
  });
});
