/**
 * The real WebLLM worker protocol end to end, in Node: WebLLM's `WebWorkerMLCEngine` client on
 * the page side, our `TandemWebLLMHandler` (WebLLM's handler) on the worker side, with the fake
 * engine inside it and a structured-clone loopback instead of a Worker.
 */
import { WebWorkerMLCEngine, type MLCEngine } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../core/provider';
import { TandemWebLLMHandler } from './engine-host';
import { WebLLMProvider } from './provider';
import { FakeMLCEngine, type FakeEngineOptions } from './testing/fake-engine';
import { DeviceLostError } from './testing/webllm-errors';

function connect(options: FakeEngineOptions) {
  const fake = new FakeMLCEngine({ ...options, loadedModelId: null });
  const handler = new TandemWebLLMHandler();
  handler.engine = fake as unknown as MLCEngine;
  const worker: { onmessage: ((msg: unknown) => void) | null; postMessage: (msg: unknown) => void } = {
    onmessage: null,
    postMessage: (msg) => setTimeout(() => handler.onmessage(structuredClone(msg))),
  };
  handler.postMessage = (msg: unknown) => setTimeout(() => worker.onmessage?.(structuredClone(msg)));
  const client = new WebWorkerMLCEngine(worker);
  return { fake, client };
}

async function collect(it: AsyncIterable<StreamPart>, onPart?: (p: StreamPart) => void) {
  const out: StreamPart[] = [];
  for await (const p of it) {
    onPart?.(p);
    out.push(p);
  }
  return out;
}

const request = {
  messages: [{ role: 'user' as const, content: 'hi' }],
  settings: { temperature: 0.7, topP: 0.95, maxTokens: 32 },
};

describe('WebWorkerMLCEngine + TandemWebLLMHandler + fake engine', () => {
  it('streams through the real client with usage', async () => {
    const { client } = connect({ script: { chunks: ['a', 'b', 'c'] } });
    await client.reload('m');
    const parts = await collect(new WebLLMProvider({ engine: client, modelId: 'm' }).stream(request));
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text)).toEqual([
      'a',
      'b',
      'c',
    ]);
    const fin = parts.at(-1)!;
    expect(fin.type === 'finish' && fin.usage.outputTokens).toBe(3);
    expect(fin.type === 'finish' && fin.timings.tokensPerSecond).toBe(42);
  });

  it('stop reaches the worker (interruptGenerate) and the stream is closed there', async () => {
    const { client, fake } = connect({ script: { chunks: ['a', 'b', 'c', 'd', 'e', 'f'], delayMs: 20 } });
    await client.reload('m');
    const ac = new AbortController();
    const parts = await collect(
      new WebLLMProvider({ engine: client, modelId: 'm' }).stream({ ...request, signal: ac.signal }),
      (p) => {
        if (p.type === 'text-delta' && p.text === 'b') ac.abort();
      },
    );
    expect(parts.at(-1)!.type === 'finish' && (parts.at(-1) as { reason: string }).reason).toBe('aborted');
    await new Promise((r) => setTimeout(r, 120));
    expect(fake.interruptCalls).toBe(1);
    expect(fake.closedEarly + fake.completedStreams).toBe(1);
    // The engine is free again: a second request completes.
    const again = await collect(new WebLLMProvider({ engine: client, modelId: 'm' }).stream(request));
    expect(again.at(-1)!.type).toBe('finish');
  });

  it('errors cross as SerializedError objects, not strings, and map on the page', async () => {
    const { client } = connect({
      script: { chunks: ['a', 'b'], failAfter: { afterChunks: 1, error: new DeviceLostError() } },
    });
    await client.reload('Phi-3.5-mini-instruct-q4f16_1-MLC');
    const parts = await collect(
      new WebLLMProvider({
        engine: client,
        modelId: 'Phi-3.5-mini-instruct-q4f16_1-MLC',
        errorContext: { suggestSmaller: (id) => `${id}-1k` },
      }).stream(request),
    );
    const last = parts.at(-1)!;
    if (last.type !== 'error') throw new Error('expected an error part');
    expect(last.error.code).toBe('device-lost');
    expect(last.error.details?.suggestedModelId).toBe('Phi-3.5-mini-instruct-q4f16_1-MLC-1k');

    const failing = connect({ failOnReload: new DeviceLostError() });
    const rejection = await failing.client.reload('x').then(
      () => null,
      (e: unknown) => e,
    );
    expect(typeof rejection).toBe('object');
    expect(rejection).toMatchObject({ code: 'device-lost', details: { webllmError: 'DeviceLostError' } });
  });
});
