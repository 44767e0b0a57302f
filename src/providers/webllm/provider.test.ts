import { describe, expect, it } from 'vitest';
import type { GenerateRequest, StreamPart } from '../../core/provider';
import { toWebLLMMessages, WebLLMProvider } from './provider';
import { FakeMLCEngine } from './testing/fake-engine';
import {
  ContextWindowSizeExceededError,
  DeviceLostError,
  WEBLLM_RAW_MESSAGES,
} from './testing/webllm-errors';

const settings = { temperature: 0.5, topP: 0.9, maxTokens: 64 };
const req = (over: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Say hello' },
  ],
  settings,
  ...over,
});

async function collect(
  it: AsyncIterable<StreamPart>,
  onPart?: (p: StreamPart, i: number) => void,
): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const p of it) {
    onPart?.(p, out.length);
    out.push(p);
  }
  return out;
}

const texts = (parts: StreamPart[]) =>
  parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text);

describe('WebLLMProvider streaming', () => {
  it('streams deltas in order, then one finish with usage and timings from usage.extra', async () => {
    const engine = new FakeMLCEngine({
      script: {
        chunks: ['Hel', 'lo', ', ', 'world'],
        usage: {
          prompt_tokens: 17,
          completion_tokens: 4,
          extra: { prefill_tokens_per_s: 321, decode_tokens_per_s: 45.5 },
        },
      },
    });
    const p = new WebLLMProvider({ engine, modelId: 'TinyLlama-1.1B-Chat-v1.0-q4f32_1-MLC' });
    expect(p.kind).toBe('webllm');
    const parts = await collect(p.stream(req()));
    expect(texts(parts)).toEqual(['Hel', 'lo', ', ', 'world']);
    expect(parts.filter((x) => x.type === 'finish')).toHaveLength(1);
    const fin = parts.at(-1)!;
    expect(fin.type).toBe('finish');
    if (fin.type !== 'finish') return;
    expect(fin.reason).toBe('stop');
    expect(fin.usage).toEqual({ inputTokens: 17, outputTokens: 4 });
    expect(fin.timings.tokensPerSecond).toBe(45.5);
    expect(fin.timings.prefillTokensPerSecond).toBe(321);
    expect(fin.timings.timeToFirstTokenMs).not.toBeNull();
    expect(fin.timings.totalMs).toBeGreaterThanOrEqual(fin.timings.timeToFirstTokenMs!);
  });

  it('sends the request WebLLM expects (stream, include_usage, sampling settings)', async () => {
    const engine = new FakeMLCEngine();
    await collect(new WebLLMProvider({ engine, modelId: 'm' }).stream(req()));
    expect(engine.requests[0]).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.5,
      top_p: 0.9,
      max_tokens: 64,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
    });
  });

  it('sends a seed only when the settings have one (WebLLM samples from it)', async () => {
    const engine = new FakeMLCEngine();
    const provider = new WebLLMProvider({ engine, modelId: 'm' });
    await collect(provider.stream(req({ settings: { ...settings, seed: 42 } })));
    await collect(provider.stream(req()));
    expect(engine.requests[0]).toMatchObject({ seed: 42 });
    expect(engine.requests[1]).not.toHaveProperty('seed');
  });

  it('computes usage and tokens/s when the engine sends no usage', async () => {
    let t = 0;
    const now = () => t;
    const engine = new FakeMLCEngine({ script: { chunks: ['a', 'b', 'c', 'd', 'e'], usage: null } });
    const p = new WebLLMProvider({ engine, modelId: 'm', now });
    const parts = await collect(p.stream(req()), () => {
      t += 100; // 100 ms per part
    });
    const fin = parts.at(-1)!;
    if (fin.type !== 'finish') throw new Error('no finish');
    expect(fin.usage.outputTokens).toBe(5);
    expect(fin.usage.inputTokens).toBe(Math.ceil('Be brief.'.length / 4) + Math.ceil('Say hello'.length / 4));
    // first token at t=0 (before the first onPart), end at t=500: 4 tokens in 0.5 s
    expect(fin.timings.timeToFirstTokenMs).toBe(0);
    expect(fin.timings.tokensPerSecond).toBeCloseTo(8);
  });

  it('maps finish reasons (length)', async () => {
    const engine = new FakeMLCEngine({ script: { chunks: ['a', 'b', 'c'] } });
    const parts = await collect(
      new WebLLMProvider({ engine, modelId: 'm' }).stream(req({ settings: { ...settings, maxTokens: 2 } })),
    );
    const fin = parts.at(-1)!;
    expect(fin.type === 'finish' && fin.reason).toBe('length');
    expect(texts(parts)).toEqual(['a', 'b']);
  });

  it('joins several system messages into one first message', () => {
    expect(
      toWebLLMMessages([
        { role: 'system', content: 'A' },
        { role: 'user', content: 'q' },
        { role: 'system', content: 'B' },
        { role: 'assistant', content: 'r' },
      ]),
    ).toEqual([
      { role: 'system', content: 'A\n\nB' },
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'r' },
    ]);
  });
});

describe('WebLLMProvider stop', () => {
  it('interrupts at once and reports aborted with the partial text', async () => {
    const engine = new FakeMLCEngine({
      script: { chunks: ['one ', 'two ', 'three ', 'four ', 'five'], delayMs: 30 },
    });
    const p = new WebLLMProvider({ engine, modelId: 'm' });
    const ac = new AbortController();
    let abortedAt = 0;
    let finishedAt = 0;
    const parts = await collect(p.stream(req({ signal: ac.signal })), (part) => {
      if (part.type === 'text-delta' && part.text === 'two ') {
        // Stop while the engine is in the middle of its next 30 ms step.
        setTimeout(() => {
          abortedAt = performance.now();
          ac.abort();
        }, 5);
      }
      if (part.type === 'finish') finishedAt = performance.now();
    });
    expect(engine.interruptCalls).toBe(1);
    expect(texts(parts)).toEqual(['one ', 'two ']);
    const fin = parts.at(-1)!;
    expect(fin.type).toBe('finish');
    if (fin.type !== 'finish') return;
    expect(fin.reason).toBe('aborted');
    expect(fin.usage.outputTokens).toBe(2);
    // Did not wait for the engine's pending step (30 ms).
    expect(finishedAt - abortedAt).toBeLessThan(20);
    // The engine's stream is closed in the background (releases WebLLM's lock).
    await new Promise((r) => setTimeout(r, 60));
    expect(engine.closedEarly + engine.completedStreams).toBe(1);
  });

  it('stops before the stream exists and when already aborted', async () => {
    const engine = new FakeMLCEngine({ script: { chunks: ['x'] } });
    const p = new WebLLMProvider({ engine, modelId: 'm' });
    const ac = new AbortController();
    ac.abort();
    const parts = await collect(p.stream(req({ signal: ac.signal })));
    expect(parts).toHaveLength(1);
    expect(parts[0]!.type === 'finish' && parts[0]!.reason).toBe('aborted');
    expect(engine.requests).toHaveLength(0);

    const slow = new FakeMLCEngine({ script: { chunks: ['x', 'y'], delayMs: 50 } });
    const ac2 = new AbortController();
    const it2 = new WebLLMProvider({ engine: slow, modelId: 'm' }).stream(req({ signal: ac2.signal }));
    setTimeout(() => ac2.abort(), 10); // during "prefill"
    const parts2 = await collect(it2);
    expect(texts(parts2)).toEqual([]);
    expect(parts2.at(-1)!.type === 'finish' && (parts2.at(-1) as { reason: string }).reason).toBe('aborted');
    expect(slow.interruptCalls).toBe(1);
  });

  it('interrupts the engine when the consumer stops iterating', async () => {
    const engine = new FakeMLCEngine({ script: { chunks: ['a', 'b', 'c', 'd'], delayMs: 5 } });
    for await (const part of new WebLLMProvider({ engine, modelId: 'm' }).stream(req())) {
      if (part.type === 'text-delta') break;
    }
    expect(engine.interruptCalls).toBe(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(engine.closedEarly).toBe(1);
  });

  it('a finish_reason "abort" from the engine is reported as aborted', async () => {
    const engine = new FakeMLCEngine({ script: { chunks: ['a', 'b', 'c'], delayMs: 5 } });
    const p = new WebLLMProvider({ engine, modelId: 'm' });
    // Interrupt the engine directly (e.g. another caller), not through our signal.
    const parts = await collect(p.stream(req()), (part) => {
      if (part.type === 'text-delta') engine.interruptGenerate();
    });
    const fin = parts.at(-1)!;
    expect(fin.type === 'finish' && fin.reason).toBe('aborted');
    expect(texts(parts)).toEqual(['a']);
  });
});

describe('WebLLMProvider errors', () => {
  const ctx = { suggestSmaller: (id: string) => `${id}-1k` };

  it('device lost mid-stream: keeps partial text, ends with one error part', async () => {
    for (const flattenErrors of [false, true]) {
      const engine = new FakeMLCEngine({
        flattenErrors,
        script: { chunks: ['a', 'b', 'c'], failAfter: { afterChunks: 2, error: new DeviceLostError() } },
      });
      const p = new WebLLMProvider({
        engine,
        modelId: 'Phi-3.5-mini-instruct-q4f16_1-MLC',
        errorContext: ctx,
      });
      const parts = await collect(p.stream(req()));
      expect(texts(parts)).toEqual(['a', 'b']);
      expect(parts.filter((x) => x.type === 'error' || x.type === 'finish')).toHaveLength(1);
      const last = parts.at(-1)!;
      if (last.type !== 'error') throw new Error('expected error');
      expect(last.error.code).toBe('device-lost');
      expect(last.error.details?.suggestedModelId).toBe('Phi-3.5-mini-instruct-q4f16_1-MLC-1k');
    }
  });

  it('context window exceeded at create (prefill) -> context-window-exceeded', async () => {
    const engine = new FakeMLCEngine({
      flattenErrors: true,
      script: { chunks: [], failOnCreate: new ContextWindowSizeExceededError(5000, 4096) },
    });
    const parts = await collect(new WebLLMProvider({ engine, modelId: 'm' }).stream(req()));
    expect(parts).toHaveLength(1);
    const e = parts[0]!;
    expect(e.type === 'error' && e.error.code).toBe('context-window-exceeded');
  });

  it('engine not loaded -> model-load-failed (reload), unknown -> generation-failed', async () => {
    const engine = new FakeMLCEngine({ loadedModelId: null });
    const parts = await collect(new WebLLMProvider({ engine, modelId: 'm' }).stream(req()));
    const e = parts[0]!;
    expect(e.type === 'error' && e.error.code).toBe('model-load-failed');
    expect(e.type === 'error' && e.error.details?.remedy).toBe('reload-engine');

    const weird = new FakeMLCEngine({
      script: { chunks: ['a'], failAfter: { afterChunks: 1, error: new Error('kaboom') } },
    });
    const parts2 = await collect(new WebLLMProvider({ engine: weird, modelId: 'm' }).stream(req()));
    const e2 = parts2.at(-1)!;
    expect(e2.type === 'error' && e2.error.code).toBe('generation-failed');
    expect(e2.type === 'error' && e2.error.message).toMatch(/kaboom/);
  });

  it('a raw string failure (as from the worker) -> mapped code', async () => {
    const engine = new FakeMLCEngine({
      script: {
        chunks: [],
        failOnCreate: WEBLLM_RAW_MESSAGES.unreachableIdb(
          'http://127.0.0.1:9/x/resolve/main/tensor-cache.json',
        ),
      },
    });
    const parts = await collect(new WebLLMProvider({ engine, modelId: 'm' }).stream(req()));
    expect(parts[0]!.type === 'error' && parts[0]!.error.code).toBe('network');
  });
});

describe('FakeMLCEngine', () => {
  it('reloads, reports progress and fails on demand like WebWorkerMLCEngine', async () => {
    const reports: string[] = [];
    const ok = new FakeMLCEngine({ loadedModelId: null, initProgressCallback: (r) => reports.push(r.text) });
    await ok.reload('TinyLlama');
    expect(ok.loadedModelId).toBe('TinyLlama');
    expect(reports.at(-1)).toMatch(/Finish loading/);
    const bad = new FakeMLCEngine({ flattenErrors: true, failOnReload: new DeviceLostError() });
    await expect(bad.reload('x')).rejects.toMatch(/^DeviceLostError: /);
  });
});
