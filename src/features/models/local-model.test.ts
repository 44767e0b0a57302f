import { describe, expect, it } from 'vitest';
import type { GenerateRequest, StreamPart } from '../../core/provider';
import { WEBLLM_DEFAULT_WINDOW } from './local-model.svelte';
import { setUp, tEntry, wEntry } from './testing/fake-backends';

describe('LocalModel', () => {
  it('auto-loads the cached selected WebLLM model on start', async () => {
    const { w, t, local } = setUp({
      settings: { localBackend: 'webllm', webllmModelId: wEntry.modelId },
      wCached: true,
    });
    await local.autoLoad();
    expect(w.calls).toContain('load');
    expect(t.calls).not.toContain('load');
    expect(local.backend).toBe('webllm');
    expect(local.status).toBe('ready');
    expect(local.contextWindow).toBe(WEBLLM_DEFAULT_WINDOW);
    expect(local.device).toBe('webgpu');
  });

  it('auto-loads the cached selected transformers.js model, and nothing that is not cached or when turned off', async () => {
    const cached = setUp({ tCached: true });
    await cached.local.autoLoad();
    expect(cached.t.calls).toEqual(['load']);
    expect(cached.local.contextWindow).toBe(2048);

    const missing = setUp({ settings: { localBackend: 'webllm', webllmModelId: wEntry.modelId } });
    await missing.local.autoLoad();
    expect(missing.w.calls).not.toContain('load');
    expect(missing.local.status).toBe('idle');

    const off = setUp({ tCached: true, settings: { autoLoadCachedModel: false } });
    await off.local.autoLoad();
    expect(off.t.calls).toEqual([]);
  });

  it('runs one local model: loading on one backend unloads the other', async () => {
    const { w, t, local } = setUp();
    await local.load({ backend: 'webllm', entry: wEntry });
    expect(local.backend).toBe('webllm');
    await local.load({ backend: 'transformers', entry: tEntry });
    expect(w.calls).toEqual(['load', 'unload']);
    expect(w.status).toBe('idle');
    expect(local.backend).toBe('transformers');
    expect(local.providerLabel).toBe('Tiny (WASM)');
    expect(t.status).toBe('ready');
  });

  it('gives the router a view that is not ready until a model is, then counts with the model tokenizer', async () => {
    const { local } = setUp();
    const before = local.view('c1');
    expect(before.ready).toBe(false);
    expect(before.entry).toBeNull();
    await local.load({ backend: 'transformers', entry: tEntry });
    const view = local.view('c1');
    expect(view.ready).toBe(true);
    expect(view.entry).toMatchObject({ id: 't', contextWindow: 2048 });
    const send = async (content: string): Promise<StreamPart[]> => {
      const parts: StreamPart[] = [];
      for await (const p of view.provider.stream({
        messages: [{ role: 'user', content }],
        settings: { temperature: 0, topP: 1, maxTokens: 16 },
      } as GenerateRequest))
        parts.push(p);
      return parts;
    };
    expect((await send('hi'))[0]).toEqual({ type: 'text-delta', text: '1 messages' });
    // 2,100 one-letter words: ~1,050 tokens by the estimate (fits 2,048), 2,100 by the model's
    // tokenizer (one per word here): the context policy counts with the tokenizer and refuses.
    const refused = await send('a '.repeat(2100).trim());
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ type: 'error', error: { code: 'context-window-exceeded' } });
  });

  it('takes over on the backend that waits for the engine', async () => {
    const { w, t, local } = setUp();
    w.status = 'elsewhere';
    expect(local.status).toBe('elsewhere');
    await local.takeOver();
    expect(w.calls).toEqual(['takeOver']);
    expect(t.calls).toEqual([]);
  });
});
