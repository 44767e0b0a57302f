import { afterEach, describe, expect, it } from 'vitest';
import { TandemError } from '../../core/errors';
import type { CompressMethods } from '../../platform/protocol/compress';
import { serveRpc } from '../../platform/rpc/server';
import { DEFAULT_LLMLINGUA_MODEL, compressionModelEntry, weightsUrl } from './catalog';
import { CompressionClient } from './client';
import { CompressionState } from './compression.svelte';

/**
 * The real CompressionClient over a real MessageChannel; the "worker" on the other port answers
 * the compress protocol (`platform/protocol/compress.ts`) without a model: it keeps every other
 * word, and fails a load of the repo named 'broken/model'.
 */
const ports: MessagePort[] = [];
function channelWorker(): { create: () => Worker; loads: string[] } {
  const loads: string[] = [];
  const create = (): Worker => {
    const channel = new MessageChannel();
    ports.push(channel.port1, channel.port2);
    serveRpc<CompressMethods>(channel.port2 as never, {
      load: async (params, { emit }) => {
        loads.push(params.repo);
        if (params.repo === 'broken/model') {
          throw new TandemError('model-load-failed', 'model.onnx: 404 Not Found', { retryable: true });
        }
        emit({ file: 'model.onnx', loadedBytes: 5, totalBytes: 10, percent: 50, status: 'downloading' });
        emit({ file: 'model.onnx', loadedBytes: 10, totalBytes: 10, percent: 100, status: 'done' });
        return { repo: params.repo, loadMs: 1, filesFromCache: 0, filesDownloaded: 1 };
      },
      compress: async ({ texts }) => ({
        texts: texts.map((t) =>
          t
            .split(' ')
            .filter((_, i) => i % 2 === 0)
            .join(' '),
        ),
        ms: 1,
      }),
    });
    channel.port1.start();
    channel.port2.start();
    return {
      postMessage: (m: unknown) => channel.port1.postMessage(m),
      addEventListener: (type: string, listener: (e: never) => void) =>
        channel.port1.addEventListener(type as 'message', listener as never),
      terminate: () => channel.port1.close(),
    } as unknown as Worker;
  };
  return { create, loads };
}

afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

function setUp(model = DEFAULT_LLMLINGUA_MODEL, fetchImpl?: typeof fetch) {
  const worker = channelWorker();
  let chosen = model;
  const state = new CompressionState({
    modelHost: () => 'https://hub.example/',
    model: () => chosen,
    client: new CompressionClient(worker.create),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  return { state, worker, choose: (m: string) => (chosen = m) };
}

describe('CompressionState', () => {
  it('goes idle -> loading -> ready, keeps the progress per file, and then compresses', async () => {
    const { state, worker } = setUp();
    expect(state.status).toBe('idle');
    expect(state.compressor()).toBeNull();
    const loading = state.load();
    expect(state.status).toBe('loading');
    await loading;
    expect(state.status).toBe('ready');
    expect(worker.loads).toEqual([DEFAULT_LLMLINGUA_MODEL]);
    expect(state.loadedRepo).toBe(DEFAULT_LLMLINGUA_MODEL);
    expect(state.progress).toEqual([
      { file: 'model.onnx', loadedBytes: 10, totalBytes: 10, percent: 100, status: 'done' },
    ]);
    expect(await state.compressor()!.compress(['a b c d e'], 0.5)).toEqual(['a c e']);
  });

  it('a failed load ends in error with the worker error code, and gives no compressor', async () => {
    const { state } = setUp('broken/model');
    await state.load();
    expect(state.status).toBe('error');
    expect(state.error).toMatchObject({ code: 'model-load-failed' });
    expect(state.error?.message).toContain('404');
    expect(state.compressor()).toBeNull();
  });

  it('gives no compressor once the user chose another model than the loaded one', async () => {
    const { state, choose } = setUp();
    await state.load();
    expect(state.compressor()).not.toBeNull();
    choose('other/llmlingua');
    expect(state.compressor()).toBeNull();
  });

  it('takes the size from the catalog, else from the host HEAD content-length', async () => {
    const known = setUp();
    await known.state.checkSize();
    expect(known.state.sizeBytes).toBe(compressionModelEntry(DEFAULT_LLMLINGUA_MODEL).sizeMB! * 1024 * 1024);

    const asked: { url: string; method: string | undefined }[] = [];
    const head = (async (url: string, init?: RequestInit) => {
      asked.push({ url, method: init?.method });
      return new Response(null, { status: 200, headers: { 'content-length': '4242' } });
    }) as typeof fetch;
    const custom = setUp('me/custom-llmlingua', head);
    await custom.state.checkSize();
    expect(custom.state.sizeBytes).toBe(4242);
    expect(asked).toEqual([
      {
        url: weightsUrl('https://hub.example/', compressionModelEntry('me/custom-llmlingua')),
        method: 'HEAD',
      },
    ]);

    const missing = setUp('me/missing', (async () => new Response(null, { status: 404 })) as typeof fetch);
    await missing.state.checkSize();
    expect(missing.state.sizeBytes).toBeNull();
  });
});
