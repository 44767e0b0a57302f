import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../core/settings';
import { checkKeyValue, checkSettings } from './kv-schemas';

describe('key-value schemas', () => {
  it('sets aside the wrong types from issue 14', () => {
    expect(checkKeyValue('draft:new', 99).ok).toBe(false);
    expect(checkKeyValue('activeConversation', { id: 1 }).ok).toBe(false);
    expect(checkKeyValue('router:examples', 'nope').ok).toBe(false);
    expect(checkKeyValue('hardware:failures', {}).ok).toBe(false);
  });

  it('accepts the values the app writes', () => {
    expect(checkKeyValue('draft:c_1', 'half a sentence')).toEqual({ ok: true, value: 'half a sentence' });
    expect(checkKeyValue('activeConversation', null).ok).toBe(true);
    expect(checkKeyValue('router:examples', [{ text: 'hi', kind: 'simple', source: 'user' }]).ok).toBe(true);
    expect(checkKeyValue('health:prototypes:m', [['a', new Float32Array(2)]]).ok).toBe(true);
    expect(checkKeyValue('some-new-key', { anything: true }).ok).toBe(true);
  });

  it('caps draft keys at an id length', () => {
    expect(checkKeyValue(`draft:${'x'.repeat(500)}`, 'text').ok).toBe(false);
  });

  it('settings: a bad field falls back to its default, the others are kept', () => {
    const check = checkSettings({ ...DEFAULT_SETTINGS, customModels: 'oops', systemPrompt: 'mine' });
    expect(check.ok).toBe('repaired');
    if (check.ok !== 'repaired') return;
    expect(check.fields).toEqual(['customModels']);
    expect(check.value).toMatchObject({ customModels: [], systemPrompt: 'mine' });
  });

  it('settings: not an object at all means defaults; missing settings are fine', () => {
    expect(checkSettings('junk')).toMatchObject({ ok: 'repaired', value: DEFAULT_SETTINGS });
    expect(checkSettings(undefined)).toEqual({ ok: true, value: undefined });
    expect(checkSettings({ modelHost: 'https://mirror.example/' })).toMatchObject({ ok: true });
  });

  it('settings: an over-long custom model id is refused', () => {
    expect(checkSettings({ customModels: [`o/${'x'.repeat(300)}`] })).toMatchObject({ ok: 'repaired' });
  });
});
