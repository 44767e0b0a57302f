import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { KeyValueRepository } from './db/kv';
import { KV } from './db/kv-keys';
import { openAppDb } from './db/schema';
import { SettingsState } from './settings.svelte';

describe('SettingsState on a full disk', () => {
  it('a change the disk refuses stays on screen and says storage is full; it is stored once there is room', async () => {
    const kv = new KeyValueRepository(await openAppDb(`settings-${Math.random()}`));
    const disk = { full: false };
    const set = kv.set.bind(kv) as (key: string, value: unknown) => Promise<void>;
    kv.set = ((key: string, value: unknown) =>
      disk.full
        ? Promise.reject(new DOMException('', 'QuotaExceededError'))
        : set(key, value)) as KeyValueRepository['set'];
    const errors: unknown[] = [];
    const settings = new SettingsState(kv, (e) => void errors.push(e));
    await settings.init();
    disk.full = true;
    await settings.update({ systemPrompt: 'Be brief.' });
    expect(settings.current.systemPrompt).toBe('Be brief.');
    expect(errors).toHaveLength(1);
    expect(String((errors[0] as Error).message)).toMatch(
      /^Could not save: storage is full\. The change applies until you reload\./,
    );
    expect((await kv.get(KV.settings))?.systemPrompt).toBeUndefined();
    disk.full = false;
    await settings.update({ systemPrompt: 'Be brief.' });
    expect((await kv.get(KV.settings))?.systemPrompt).toBe('Be brief.');
  });

  it('any other failure is not swallowed', async () => {
    const kv = new KeyValueRepository(await openAppDb(`settings-${Math.random()}`));
    kv.set = (() => Promise.reject(new Error('broken'))) as KeyValueRepository['set'];
    const settings = new SettingsState(kv, () => undefined);
    await expect(settings.update({ systemPrompt: 'x' })).rejects.toThrow('broken');
  });
});
