import type { ModelRecord } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { buildAppConfig } from './client';

const base: ModelRecord[] = [
  {
    model_id: 'A-q4f32_1-MLC',
    model: 'https://huggingface.co/mlc-ai/A-q4f32_1-MLC',
    model_lib: 'https://raw.githubusercontent.com/x/A.wasm',
    vram_required_MB: 100,
  },
  {
    model_id: 'B-q4f32_1-MLC',
    model: 'https://huggingface.co/mlc-ai/B-q4f32_1-MLC',
    model_lib: 'https://raw.githubusercontent.com/x/B.wasm',
  },
];

describe('buildAppConfig', () => {
  it('always uses the IndexedDB cache backend and keeps records', () => {
    const c = buildAppConfig(base);
    expect(c.cacheBackend).toBe('indexeddb');
    expect(c.model_list).toEqual(base);
    expect(c.model_list[0]).not.toBe(base[0]);
  });

  it('points records at a local server through overrides (model + model_lib)', () => {
    const c = buildAppConfig(base, {
      recordOverrides: {
        'A-q4f32_1-MLC': {
          model: 'http://127.0.0.1:4000/hub/test/A',
          model_lib: 'http://127.0.0.1:4000/libs/broken.wasm',
        },
      },
    });
    expect(c.model_list.find((r) => r.model_id === 'A-q4f32_1-MLC')).toMatchObject({
      model: 'http://127.0.0.1:4000/hub/test/A',
      model_lib: 'http://127.0.0.1:4000/libs/broken.wasm',
      vram_required_MB: 100,
    });
  });

  it('applies a mirror to all, adds extra records and new ids from complete overrides', () => {
    const c = buildAppConfig(base, {
      mirror: { modelBaseUrl: 'http://127.0.0.1:4000/hub/', modelLibBaseUrl: 'http://127.0.0.1:4000/libs' },
      extraRecords: [{ model_id: 'X', model: 'http://h/x', model_lib: 'http://h/x.wasm' }],
      recordOverrides: {
        Y: { model: 'http://h/y', model_lib: 'http://h/y.wasm' },
        Z: { model: 'http://h/z' },
      },
    });
    expect(c.model_list.map((r) => r.model_id)).toEqual(['A-q4f32_1-MLC', 'B-q4f32_1-MLC', 'X', 'Y']);
    expect(c.model_list[1]!.model).toBe('http://127.0.0.1:4000/hub/mlc-ai/B-q4f32_1-MLC');
    expect(c.model_list[1]!.model_lib).toBe('http://127.0.0.1:4000/libs/B.wasm');
  });
});
