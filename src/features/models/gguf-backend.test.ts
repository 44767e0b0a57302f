import { describe, expect, it } from 'vitest';
import { ggufThreads, loraLabel } from './gguf-backend.svelte';

describe('GGUF backend choices', () => {
  it('uses half the logical cores for llama.cpp, 1 to 8', () => {
    expect(ggufThreads(undefined)).toBe(1);
    expect(ggufThreads(2)).toBe(1);
    expect(ggufThreads(8)).toBe(4);
    expect(ggufThreads(64)).toBe(8);
  });

  it('names an adapter by its file', () => {
    expect(loraLabel('adapters/stories260K-lora.gguf')).toBe('stories260K-lora');
  });
});
