import { describe, expect, it } from 'vitest';
import { preferenceOrder, recommend } from './recommend';

describe('recommend', () => {
  it('takes the first candidate that fits, not merely the first one', () => {
    expect(
      recommend([
        { item: 'phi', fit: 'will not fit' },
        { item: 'tiny', fit: 'may be slow' },
        { item: 'qwen', fit: 'fits' },
        { item: 'smol', fit: 'fits' },
      ]),
    ).toBe('qwen');
  });

  it('falls back to a slow one, and to nothing when none would run', () => {
    expect(
      recommend([
        { item: 'a', fit: 'will not fit' },
        { item: 'b', fit: 'may be slow' },
      ]),
    ).toBe('b');
    expect(recommend([{ item: 'a', fit: 'will not fit' }])).toBeNull();
    expect(recommend([{ item: 'a', fit: null }])).toBeNull();
  });
});

describe('preferenceOrder', () => {
  it('puts WebLLM first on a real GPU and transformers.js first on the CPU', () => {
    expect(preferenceOrder('webgpu', ['tinyllama'], ['qwen']).map((c) => c.entry)).toEqual([
      'tinyllama',
      'qwen',
    ]);
    expect(preferenceOrder('wasm', ['tinyllama'], ['qwen', 'smol']).map((c) => c.backend)).toEqual([
      'transformers',
      'transformers',
      'webllm',
    ]);
  });
});
