import { afterEach, describe, expect, it, vi } from 'vitest';
import { embeddingModelStatus, OfflineState } from './offline.svelte';
import { setUp, wEntry } from './testing/fake-backends';

const ORIGIN = 'http://tandem.test';

/** The service worker's caches as the CacheStorage IDL exposes them (match, has, open, keys). */
function stubCaches(stored: Record<string, string[]>) {
  const caches = new Map(
    Object.entries(stored).map(([name, paths]) => [name, paths.map((p) => `${ORIGIN}${p}`)]),
  );
  vi.stubGlobal('location', new URL(`${ORIGIN}/`));
  vi.stubGlobal('caches', {
    match: async (url: string, options?: { ignoreSearch?: boolean }) => {
      const key = options?.ignoreSearch ? url.split('?')[0] : url;
      for (const urls of caches.values()) if (urls.includes(key!)) return new Response('cached');
      return undefined;
    },
    has: async (name: string) => caches.has(name),
    open: async (name: string) => ({
      keys: async () => (caches.get(name) ?? []).map((u) => new Request(u)),
    }),
  });
}

function stubServiceWorker(active: boolean) {
  vi.stubGlobal('navigator', { serviceWorker: { controller: active ? {} : null } });
}

const base = import.meta.env.BASE_URL;
const precache = [
  `${base}index.html`,
  `${base}ort/ort-wasm-simd-threaded.mjs`,
  `${base}ort/ort-wasm-simd-threaded.wasm`,
];
const notConfigured = async () => 'not-configured' as const;

afterEach(() => vi.unstubAllGlobals());

const states = (report: { items: { id: string; state: string }[] }) =>
  Object.fromEntries(report.items.map((i) => [i.id, i.state]));

describe('OfflineState', () => {
  it('is ready when the shell, the wasm runtime and the selected cached model are on the device', async () => {
    stubServiceWorker(true);
    stubCaches({ 'workbox-precache': precache });
    const { local } = setUp({ tCached: true });
    const state = new OfflineState(local, notConfigured);
    const report = await state.check();
    expect(state.report).toBe(report);
    expect(states(report)).toEqual({
      'app-shell': 'ok',
      'ort-wasm': 'ok',
      'chat-model': 'ok',
      'embedding-model': 'not-configured',
    });
    expect(report.ready).toBe(true);
  });

  it('is not ready while the chat model is not downloaded or no service worker controls the page', async () => {
    stubServiceWorker(true);
    stubCaches({ 'workbox-precache': precache });
    const notCached = await new OfflineState(setUp({ tCached: false }).local, notConfigured).check();
    expect(notCached.ready).toBe(false);
    expect(states(notCached)['chat-model']).toBe('missing');

    stubServiceWorker(false);
    const noWorker = await new OfflineState(setUp({ tCached: true }).local, notConfigured).check();
    expect(noWorker.ready).toBe(false);
    expect(states(noWorker)['app-shell']).toBe('missing');
  });

  it('counts the embedding model of the health tracker when embeddings are on', async () => {
    stubServiceWorker(true);
    stubCaches({ 'workbox-precache': precache });
    const { local } = setUp({ tCached: true });
    const asked: string[] = [];
    const embedding = () =>
      embeddingModelStatus({ mode: 'embeddings', model: 'Xenova/all-MiniLM-L6-v2' }, async (repo) => {
        asked.push(repo);
        return false;
      });
    const report = await new OfflineState(local, embedding).check();
    expect(asked).toEqual(['Xenova/all-MiniLM-L6-v2']);
    expect(states(report)['embedding-model']).toBe('missing');
    expect(report.ready).toBe(false);
  });

  it('for a WebLLM model, needs both parts of the WebLLM library in its runtime cache', async () => {
    stubServiceWorker(true);
    const settings = { localBackend: 'webllm' as const, webllmModelId: wEntry.modelId };
    stubCaches({ 'workbox-precache': precache, 'tandem-webllm': ['/lib/web-llm.js'] });
    const half = await new OfflineState(setUp({ settings, wCached: true }).local, notConfigured).check();
    expect(states(half)['gpu-runtime']).toBe('missing');
    expect(half.ready).toBe(false);

    stubCaches({ 'workbox-precache': precache, 'tandem-webllm': ['/lib/web-llm.js', '/lib/worker.js'] });
    const both = await new OfflineState(setUp({ settings, wCached: true }).local, notConfigured).check();
    expect(states(both)['gpu-runtime']).toBe('ok');
    expect(both.ready).toBe(true);
  });

  it('without the Cache API the cached items are unknown, which is not ready', async () => {
    stubServiceWorker(true);
    const report = await new OfflineState(setUp({ tCached: true }).local, notConfigured).check();
    expect(states(report)['app-shell']).toBe('unknown');
    expect(states(report)['ort-wasm']).toBe('unknown');
    expect(report.ready).toBe(false);
  });
});
