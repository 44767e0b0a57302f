import { describe, expect, it } from 'vitest';
import { DEFAULT_GENERATION_SETTINGS } from './provider';
import { mergeGenerationSettings } from './conversation-settings';

describe('mergeGenerationSettings', () => {
  it("takes the conversation's thinking switch when set, and leaves it out (on) otherwise", () => {
    expect(mergeGenerationSettings({ thinking: false }, DEFAULT_GENERATION_SETTINGS).thinking).toBe(false);
    expect(mergeGenerationSettings({ maxTokens: 64 }, DEFAULT_GENERATION_SETTINGS)).toEqual({
      ...DEFAULT_GENERATION_SETTINGS,
      maxTokens: 64,
    });
    expect('thinking' in mergeGenerationSettings(undefined, DEFAULT_GENERATION_SETTINGS)).toBe(false);
  });
});
