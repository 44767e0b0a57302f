import { describe, expect, it } from 'vitest';
import { deviceModels } from './device-models';
import { setUp, tEntry } from './testing/fake-backends';

describe('deviceModels', () => {
  it('lists the models stored on this device, on every backend, each once', () => {
    const { local } = setUp({ tCached: true, gCached: true });
    expect(deviceModels(local).map((m) => [m.key, m.label])).toEqual([
      ['transformers:t', 'Tiny'],
      ['gguf:gguf:stories', 'Stories'],
    ]);
  });

  it('puts the loaded model first, even when its files are not counted as stored', async () => {
    const { local, w } = setUp({ tCached: true });
    await local.load({ backend: 'webllm', entry: w.entries[0]! });
    expect(deviceModels(local).map((m) => m.key)).toEqual(['webllm:W-q4f32_1-MLC', 'transformers:t']);
    await local.load({ backend: 'transformers', entry: tEntry });
    expect(deviceModels(local).map((m) => m.key)).toEqual(['transformers:t']);
  });

  it('is empty with nothing stored and nothing loaded', () => {
    expect(deviceModels(setUp().local)).toEqual([]);
  });
});
