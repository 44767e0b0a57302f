import { describe, expect, it } from 'vitest';
import { readChunk, timingsOf } from './stream';
import { isRealGpu, pickGpu } from './gpu';

describe('wllama chunks (llama-server format)', () => {
  it('reads chat deltas, completion text and the finish reason', () => {
    expect(readChunk({ choices: [{ delta: { content: 'Hi' }, finish_reason: null }] })).toEqual({
      text: 'Hi',
      finish: null,
    });
    expect(readChunk({ choices: [{ text: ' there', finish_reason: 'length' }] })).toEqual({
      text: ' there',
      finish: 'length',
    });
    expect(readChunk({})).toEqual({ text: '', finish: null });
    expect(readChunk(null)).toEqual({ text: '', finish: null });
  });

  it('takes tokens and rates from timings, else from usage', () => {
    expect(
      timingsOf({
        timings: {
          prompt_n: 4,
          cache_n: 1,
          predicted_n: 30,
          prompt_per_second: 50,
          predicted_per_second: 20,
        },
      }),
    ).toEqual({ inputTokens: 5, outputTokens: 30, prefillPerSecond: 50, decodePerSecond: 20 });
    expect(timingsOf({ usage: { prompt_tokens: 3, completion_tokens: 7 } })).toMatchObject({
      inputTokens: 3,
      outputTokens: 7,
    });
    expect(timingsOf({ choices: [] })).toBeNull();
  });
});

describe('GPU choice', () => {
  it('never uses a software adapter', async () => {
    expect(isRealGpu({ vendor: 'google', architecture: 'swiftshader' })).toBe(false);
    expect(isRealGpu({ vendor: 'nvidia', architecture: 'hopper' })).toBe(true);
    expect(isRealGpu({ vendor: 'nvidia' }, true)).toBe(false);
    const swift = {
      requestAdapter: async () => ({ info: { vendor: 'google', architecture: 'swiftshader' } }),
    };
    expect(await pickGpu(swift)).toEqual({ use: false, adapter: 'google / swiftshader' });
    const real = { requestAdapter: async () => ({ info: { vendor: 'apple', architecture: 'metal-3' } }) };
    expect(await pickGpu(real)).toEqual({ use: true, adapter: 'apple / metal-3' });
    expect(await pickGpu(undefined)).toEqual({ use: false, adapter: null });
    expect(await pickGpu({ requestAdapter: async () => null })).toEqual({ use: false, adapter: null });
  });
});
