import { describe, expect, it } from 'vitest';
import { runSettings, seedNote } from './run-settings';

const base = { runs: 1, maxTokens: 64, temperature: 0.2 };

describe('runSettings and seedNote', () => {
  it('passes topP (default 1) and the seed when set', () => {
    expect(runSettings(base)).toEqual({ temperature: 0.2, topP: 1, maxTokens: 64 });
    expect(runSettings({ ...base, topP: 0.9, seed: 7 })).toEqual({
      temperature: 0.2,
      topP: 0.9,
      maxTokens: 64,
      seed: 7,
    });
  });

  it('says which engines ignore a seed', () => {
    expect(seedNote(base, 'm', 'transformers')).toBeNull();
    expect(seedNote({ ...base, seed: 1 }, 'm', 'webllm')).toBeNull();
    expect(seedNote({ ...base, seed: 1 }, 'tandem/x', 'transformers')).toBe(
      'tandem/x: transformers.js takes no seed; its answers are not seeded.',
    );
    expect(seedNote({ ...base, seed: 1 }, 'claude:h', 'claude')).toContain('the Claude API takes no seed');
    expect(seedNote({ ...base, seed: 1 }, 'chrome:built-in', 'chrome')).toContain(
      "Chrome's built-in model takes no seed",
    );
    expect(seedNote({ ...base, seed: 1 }, 'server:m', 'server')).toContain('your server');
  });
});
