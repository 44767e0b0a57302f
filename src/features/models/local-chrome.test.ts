/**
 * Chrome's built-in model as the device model: the real `ChromeModelState` and `LocalModel` over
 * the fake `LanguageModel` (the Prompt API IDL), with the other backends recording their calls.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GenerateRequest, StreamPart } from '../../core/provider';
import { getLanguageModel } from '../../providers/chrome/prompt-api';
import {
  installFakeLanguageModel,
  type FakeLanguageModelOptions,
} from '../../providers/chrome/testing/fake-language-model';
import { cEntry, gEntry, setUp, tEntry } from './testing/fake-backends';

const scope = globalThis as unknown as Record<string, unknown>;
afterEach(() => {
  delete scope.LanguageModel;
  delete scope.__fakeLanguageModel;
});

function withChrome(options: FakeLanguageModelOptions, setUpOptions: Parameters<typeof setUp>[0] = {}) {
  const control = installFakeLanguageModel({ chunkDelayMs: 1, downloadStepMs: 1, ...options });
  return { control, ...setUp({ ...setUpOptions, chromeApi: getLanguageModel() }) };
}

async function ask(provider: { stream: (r: GenerateRequest) => AsyncIterable<StreamPart> }, content: string) {
  const parts: StreamPart[] = [];
  const request = {
    messages: [{ role: 'user', content }],
    settings: { temperature: 0, topP: 1, maxTokens: 64 },
  };
  for await (const p of provider.stream(request as GenerateRequest)) parts.push(p);
  return parts;
}

describe("Chrome's built-in model as the device model", () => {
  it('is not offered where the Prompt API does not exist', async () => {
    const { c, local } = setUp();
    expect(c.present).toBe(false);
    expect(c.selected).toBeUndefined();
    await c.refreshCached();
    expect(c.availability).toBeNull();
    expect(local.backend).toBe('transformers');
  });

  it('downloads from the click with progress, holds one session with its window, and becomes the choice', async () => {
    const { control, c, local, settings } = withChrome({ availability: 'downloadable', contextWindow: 6144 });
    await c.refreshCached();
    expect(c.availability).toBe('downloadable');
    expect(c.isCached(cEntry)).toBe(false);
    const seen: (number | null)[] = [];
    const loading = c.load(cEntry);
    expect(c.status).toBe('loading');
    const watch = setInterval(() => seen.push(c.progress), 0);
    await loading;
    clearInterval(watch);
    expect(control.progress).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(seen.some((p) => p !== null && p > 0 && p < 1)).toBe(true);
    expect(c.progress).toBeNull();
    expect(c.status).toBe('ready');
    expect(c.availability).toBe('available');
    expect(settings.current.localBackend).toBe('chrome');
    expect(local.backend).toBe('chrome');
    expect(local.ready).toBe(true);
    expect(local.contextWindow).toBe(6144);
    expect(local.device).toBeNull();
    expect(local.providerLabel).toBe("Chrome's built-in model (Gemini Nano)");
    expect(local.loadedRef).toEqual({ backend: 'chrome', entry: { ...cEntry, contextWindow: 6144 } });
    expect(control.created).toBe(1);
    expect(control.destroyed).toBe(0);
  });

  it('answers through the router view (behind the context policy) and reports the context the session used', async () => {
    const { control, c, local } = withChrome({ availability: 'available' });
    await local.load({ backend: 'chrome', entry: cEntry });
    const view = local.view('c1');
    expect(view.ready).toBe(true);
    expect(view.entry).toMatchObject({ backend: 'chrome', id: 'built-in', contextWindow: 4096 });
    const parts = await ask(view.provider, 'hello there');
    const text = parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');
    expect(text).toBe('Built-in (fake) answer to: hello there');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', reason: 'stop', usage: { outputTokens: 6 } });
    expect(c.context).toEqual({ used: 4 + 3 + 6, window: 4096 });
    // The held session plus the answer's own, which is destroyed when the answer ends.
    expect(control.created).toBe(2);
    expect(control.destroyed).toBe(1);
    // A prompt beyond the window is refused by the context policy before Chrome sees it.
    const refused = await ask(view.provider, 'word '.repeat(5000));
    expect(refused.at(-1)).toMatchObject({ type: 'error', error: { code: 'context-window-exceeded' } });
    expect(control.prompts).toHaveLength(1);
  });

  it('one device model at a time: another backend destroys its session; it unloads the others', async () => {
    const { control, c, t, g, local } = withChrome({ availability: 'available' });
    await local.load({ backend: 'transformers', entry: tEntry });
    await local.load({ backend: 'chrome', entry: cEntry });
    expect(t.calls).toEqual(['load', 'unload']);
    expect(local.backend).toBe('chrome');
    await local.load({ backend: 'gguf', entry: gEntry });
    expect(control.destroyed).toBe(1);
    expect(c.status).toBe('idle');
    expect(local.backend).toBe('gguf');
    await local.load({ backend: 'chrome', entry: cEntry });
    expect(g.calls).toEqual(['load', 'unload']);
    local.unload();
    expect(control.destroyed).toBe(2);
    expect(local.ready).toBe(false);
  });

  it('Cancel during the download aborts create() and leaves no session; an unavailable model fails with what it needs', async () => {
    const held = withChrome({ availability: 'downloadable', holdAtProgress: 0.5 });
    const loading = held.c.load(cEntry);
    await expect.poll(() => held.c.progress).toBe(0.5);
    held.c.unload();
    await loading;
    expect(held.c.status).toBe('idle');
    expect(held.c.error).toBeNull();
    expect(held.control.created).toBe(0);
    delete scope.LanguageModel;

    const none = withChrome({ availability: 'unavailable' });
    await none.local.load({ backend: 'chrome', entry: cEntry });
    expect(none.c.status).toBe('error');
    expect(none.local.error).toMatchObject({ code: 'model-load-failed', message: /Chrome 148 or later/ });
    expect(none.c.availability).toBe('unavailable');
  });

  it('on start: opens the chosen built-in model only when Chrome has it (a download needs a click)', async () => {
    const ready = withChrome({ availability: 'available' }, { settings: { localBackend: 'chrome' } });
    expect(await ready.local.selectedModel()).toEqual({
      backend: 'chrome',
      label: "Chrome's built-in model (Gemini Nano)",
      cached: true,
    });
    await ready.local.autoLoad();
    expect(ready.local.backend).toBe('chrome');
    expect(ready.local.ready).toBe(true);
    delete scope.LanguageModel;

    const later = withChrome({ availability: 'downloadable' }, { settings: { localBackend: 'chrome' } });
    await later.local.autoLoad();
    expect(later.control.created).toBe(0);
    expect(later.local.ready).toBe(false);
  });
});
