import { describe, expect, it } from 'vitest';
import { evaluateOfflineReady, type OfflineCheckInput } from './offline-ready';

const allGood: OfflineCheckInput = {
  serviceWorkerActive: true,
  appShellCached: true,
  ortWasmCached: true,
  chatModel: { label: 'Tiny', cached: true },
  embeddingModel: 'not-configured',
};

describe('offline ready check', () => {
  it('is ready when shell, runtime and chat model are cached and no embedding model is configured', () => {
    const r = evaluateOfflineReady(allGood);
    expect(r.ready).toBe(true);
    expect(r.summary).toMatch(/^Offline ready/);
    expect(r.items.find((i) => i.id === 'embedding-model')?.state).toBe('not-configured');
  });

  it('names what is missing', () => {
    const r = evaluateOfflineReady({ ...allGood, chatModel: { label: 'Tiny', cached: false } });
    expect(r.ready).toBe(false);
    expect(r.summary).toContain('Chat model: Tiny');
  });

  it('is not ready without a service worker, nor with no chat model chosen', () => {
    expect(evaluateOfflineReady({ ...allGood, serviceWorkerActive: false }).ready).toBe(false);
    const none = evaluateOfflineReady({ ...allGood, chatModel: null });
    expect(none.ready).toBe(false);
    expect(none.items.find((i) => i.id === 'chat-model')?.detail).toMatch(/choose/i);
  });

  it('treats a check that could not run as missing', () => {
    const r = evaluateOfflineReady({ ...allGood, ortWasmCached: null });
    expect(r.ready).toBe(false);
    expect(r.items.find((i) => i.id === 'ort-wasm')?.state).toBe('unknown');
  });

  it('requires a configured embedding model to be cached', () => {
    const r = evaluateOfflineReady({ ...allGood, embeddingModel: { label: 'MiniLM', cached: false } });
    expect(r.ready).toBe(false);
    expect(r.summary).toContain('Embedding model: MiniLM');
  });

  it('on WebGPU also needs the GPU runtime, cached on first use', () => {
    const gpu = (cached: boolean | null) =>
      evaluateOfflineReady({ ...allGood, gpuRuntime: { label: 'GPU runtime (WebLLM library)', cached } });
    expect(gpu(true).ready).toBe(true);
    expect(gpu(false).ready).toBe(false);
    expect(gpu(false).summary).toContain('GPU runtime (WebLLM library)');
    expect(gpu(null).items.find((i) => i.id === 'gpu-runtime')?.state).toBe('unknown');
    expect(evaluateOfflineReady(allGood).items.some((i) => i.id === 'gpu-runtime')).toBe(false);
  });
});
