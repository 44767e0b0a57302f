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

  it('settings: the theme is one of System, Light, Dark; anything else reads as System', () => {
    expect(checkSettings({ theme: 'dark' })).toEqual({ ok: true, value: { theme: 'dark' } });
    expect(checkSettings({ theme: 'purple', systemPrompt: 'mine' })).toMatchObject({
      ok: 'repaired',
      fields: ['theme'],
      value: { theme: 'system', systemPrompt: 'mine' },
    });
  });

  it('settings: an over-long custom model id is refused', () => {
    expect(checkSettings({ customModels: [`o/${'x'.repeat(300)}`] })).toMatchObject({ ok: 'repaired' });
  });
});

describe('ranges of stored settings', () => {
  it('app generation settings out of range are reset to defaults with the repair', () => {
    const result = checkKeyValue('settings', { generation: { temperature: -5, topP: 7, maxTokens: 1e12 } });
    expect(result).toMatchObject({ ok: 'repaired', fields: ['generation'] });
  });

  it('Claude settings with a negative budget, a timer past the limit or a price that is text are refused', () => {
    for (const bad of [
      { thinkingBudget: -100 },
      { firstByteTimeoutS: -1 },
      { idleTimeoutS: 1e12 },
      { thinkingBudget: 1e9 },
      { prices: [{ model: 'm', inputPerMTok: 'free' }] },
      { prices: [{ model: 'm', outputPerMTok: -1e9 }] },
    ]) {
      expect(checkKeyValue('claude-settings', bad).ok, JSON.stringify(bad)).toBe(false);
    }
    expect(checkKeyValue('claude-settings', { thinkingBudget: 4000, idleTimeoutS: 60 }).ok).toBe(true);
  });
});
