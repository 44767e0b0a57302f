import { describe, expect, it } from 'vitest';
import { chooseEngine, transformersThreads } from './engine-choice';

const BOTH = { gguf: true, onnx: true };

describe('chooseEngine (the Automatic rule for a model in both formats)', () => {
  it('runs llama.cpp on the CPU, with half the cores', () => {
    expect(chooseEngine(BOTH, 'wasm', 2)).toMatchObject({ engine: 'gguf', device: 'wasm', threads: 1 });
    expect(chooseEngine(BOTH, 'wasm', 8)).toMatchObject({ engine: 'gguf', threads: 4 });
    expect(chooseEngine(BOTH, 'wasm', undefined)).toMatchObject({ engine: 'gguf', threads: 1 });
  });

  it('runs transformers.js on a real WebGPU adapter', () => {
    expect(chooseEngine(BOTH, 'webgpu', 8)).toMatchObject({
      engine: 'transformers',
      device: 'webgpu',
      threads: null,
    });
  });

  it('runs a model in one format on that engine', () => {
    expect(chooseEngine({ gguf: false, onnx: true }, 'wasm', 2)).toMatchObject({
      engine: 'transformers',
      device: 'wasm',
      threads: 2,
    });
    expect(chooseEngine({ gguf: true, onnx: false }, 'webgpu', 2)).toMatchObject({
      engine: 'gguf',
      device: 'wasm',
    });
  });

  it('counts onnxruntime-web threads as env.ts does: all cores up to 4', () => {
    expect([1, 2, 4, 16, undefined].map(transformersThreads)).toEqual([1, 2, 4, 4, 1]);
  });
});
