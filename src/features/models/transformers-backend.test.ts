import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TandemError } from '../../core/errors';
import { KeyValueRepository } from '../../platform/db/kv';
import { openAppDb } from '../../platform/db/schema';
import type { LlmMethods, LoadParams } from '../../platform/protocol/llm';
import { serveRpc } from '../../platform/rpc/server';
import { SettingsState } from '../../platform/settings.svelte';
import { TRANSFORMERS_CATALOG, type TransformersModelEntry } from './catalog';
import type { LockManagerLike } from './engine-lock';
import { LocalEngineState } from './local-engine.svelte';
import { TransformersState } from './transformers-backend.svelte';

const entry = TRANSFORMERS_CATALOG[0]!;
const broken: TransformersModelEntry = { ...entry, id: 'broken', repo: 'o/broken' };

/**
 * `new Worker(...)` of the chat model: a real MessageChannel whose other port answers the LLM
 * worker protocol (`platform/protocol/llm.ts`) without a model. A load reports two progress
 * events per file; 'o/broken' fails as a 404 does; `hold` keeps a load open until released.
 */
const ports: MessagePort[] = [];
let hold: Promise<void> | null = null;
const loads: LoadParams[] = [];
class ChannelWorker {
  private readonly port: MessagePort;
  constructor() {
    const channel = new MessageChannel();
    ports.push(channel.port1, channel.port2);
    serveRpc<LlmMethods>(channel.port2 as never, {
      load: async (params, { emit }) => {
        loads.push(params);
        if (params.repo === broken.repo) {
          throw new TandemError('model-load-failed', 'config.json: 404 Not Found', { retryable: true });
        }
        emit({
          file: 'onnx/model.onnx',
          loadedBytes: 50,
          totalBytes: 100,
          percent: 50,
          status: 'downloading',
        });
        if (hold) await hold;
        emit({ file: 'onnx/model.onnx', loadedBytes: 100, totalBytes: 100, percent: 100, status: 'done' });
        return {
          repo: params.repo,
          device: params.device,
          dtype: params.dtype ?? null,
          loadMs: 1,
          filesFromCache: 0,
          filesDownloaded: 1,
          crossOriginIsolated: false,
          wasmThreads: 1,
        };
      },
      generate: async () => ({ finishReason: 'stop' }) as never,
      countTokens: async ({ text }) => text.length,
      unload: async () => undefined,
    });
    channel.port1.start();
    channel.port2.start();
    this.port = channel.port1;
  }
  postMessage(message: unknown): void {
    this.port.postMessage(message);
  }
  addEventListener(type: string, listener: (event: never) => void): void {
    this.port.addEventListener(type as 'message', listener as never);
  }
  terminate(): void {
    this.port.close();
  }
}

/** Exclusive locks with `ifAvailable` and `steal`, as the Web Locks API has them, in memory. */
class MemoryLocks implements LockManagerLike {
  private holder: { reject: (e: unknown) => void } | null = null;
  request(
    _name: string,
    options: { ifAvailable?: boolean; steal?: boolean },
    callback: (lock: unknown) => Promise<unknown> | unknown,
  ): Promise<unknown> {
    if (this.holder && options.ifAvailable && !options.steal) return Promise.resolve(callback(null));
    if (this.holder && options.steal) this.holder.reject(new DOMException('stolen', 'AbortError'));
    return new Promise((resolve, reject) => {
      const holder = { reject };
      this.holder = holder;
      Promise.resolve(callback({ name: 'lock' })).then((v) => {
        if (this.holder === holder) this.holder = null;
        resolve(v);
      }, reject);
    });
  }
}

beforeEach(() => vi.stubGlobal('Worker', ChannelWorker));
afterEach(() => {
  vi.unstubAllGlobals();
  for (const p of ports.splice(0)) p.close();
  loads.length = 0;
  hold = null;
});

/** The real settings over a real key-value store (fake-indexeddb). */
async function settings(): Promise<SettingsState> {
  const state = new SettingsState(new KeyValueRepository(await openAppDb(`models-${Math.random()}`)));
  await state.init();
  await state.update({ devicePreference: 'wasm', modelHost: 'https://hub.example/' });
  return state;
}

describe('TransformersState', () => {
  it('loads a catalog model: loading, then ready with its load result, progress, and the choice saved', async () => {
    const s = await settings();
    const state = new TransformersState(s);
    let release: () => void = () => undefined;
    hold = new Promise((r) => (release = r));
    const loading = state.load(entry);
    await vi.waitFor(() => expect(state.progress).toHaveLength(1));
    expect(state.status).toBe('loading');
    expect(state.download?.loadedBytes).toBe(50);
    release();
    await loading;

    expect(state.status).toBe('ready');
    expect(state.device?.device).toBe('wasm');
    expect(loads[0]).toMatchObject({
      repo: entry.repo,
      device: 'wasm',
      dtype: entry.dtype.wasm,
      remoteHost: 'https://hub.example/',
    });
    expect(state.loadInfo).toMatchObject({ repo: entry.repo, device: 'wasm', filesDownloaded: 1 });
    expect(state.progress).toEqual([
      { file: 'onnx/model.onnx', loadedBytes: 100, totalBytes: 100, percent: 100, status: 'done' },
    ]);
    expect(s.current).toMatchObject({ selectedModelId: entry.id, localBackend: 'transformers' });
    expect(state.selected).toBe(entry);
    expect(await state.provider.countTokens('four')).toBe(4);

    state.unload();
    expect(state.status).toBe('idle');
    expect(state.loadInfo).toBeNull();
  });

  it('a load the worker refuses ends in error with its code', async () => {
    const state = new TransformersState(await settings());
    await state.load(broken);
    expect(state.status).toBe('error');
    expect(state.error).toMatchObject({ code: 'model-load-failed' });
    expect(state.error?.message).toContain('404');
  });

  it('unloading while loading goes back to idle, not ready', async () => {
    const state = new TransformersState(await settings());
    hold = new Promise(() => undefined);
    const loading = state.load(entry);
    await vi.waitFor(() => expect(state.status).toBe('loading'));
    state.cancelLoad();
    await loading;
    expect(state.status).toBe('idle');
    expect(state.loadInfo).toBeNull();
  });

  it('one engine across tabs: the second tab waits elsewhere until it takes over, the first then steps aside', async () => {
    const locks = new MemoryLocks();
    const first = new TransformersState(await settings(), new LocalEngineState(locks));
    const second = new TransformersState(await settings(), new LocalEngineState(locks));
    await first.load(entry);
    expect(first.status).toBe('ready');

    await second.load(entry);
    expect(second.status).toBe('elsewhere');
    expect(second.waiting).toBe(entry);
    expect(loads).toHaveLength(1);

    await second.takeOver();
    expect(second.status).toBe('ready');
    expect(second.waiting).toBeNull();
    await vi.waitFor(() => expect(first.status).toBe('elsewhere'));
    expect(first.waiting).toBe(entry);
    expect(loads).toHaveLength(2);
  });
});
