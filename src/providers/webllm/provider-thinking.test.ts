import { describe, expect, it } from 'vitest';
import type { GenerateRequest, StreamPart } from '../../core/provider';
import { isThinkingModel, WebLLMProvider } from './provider';
import { FakeMLCEngine } from './testing/fake-engine';

const settings = { temperature: 0.5, topP: 0.9, maxTokens: 64 };
const req = (): GenerateRequest => ({ messages: [{ role: 'user', content: 'Say hello' }], settings });

async function collect(it: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const p of it) out.push(p);
  return out;
}

const texts = (parts: StreamPart[]) =>
  parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text);

describe('WebLLMProvider and thinking models', () => {
  it('streams <think>…</think> as thinking, the rest as the answer', async () => {
    const engine = new FakeMLCEngine({ script: { chunks: ['<thi', 'nk>Let me see.</th', 'ink>\n\nHi!'] } });
    const p = new WebLLMProvider({ engine, modelId: 'Qwen3-1.7B-q4f32_1-MLC' });
    const parts = await collect(p.stream(req()));
    const thinking = parts.flatMap((x) => (x.type === 'thinking-delta' ? [x.text] : [])).join('');
    expect(thinking).toBe('Let me see.');
    expect(texts(parts).join('')).toBe('Hi!');
  });

  it("sends WebLLM's enable_thinking=false only to thinking families, only when switched off", async () => {
    const engine = new FakeMLCEngine({ script: { chunks: ['ok'] } });
    const off = { ...req(), settings: { ...req().settings, thinking: false } };
    await collect(new WebLLMProvider({ engine, modelId: 'Qwen3-1.7B-q4f32_1-MLC' }).stream(off));
    await collect(new WebLLMProvider({ engine, modelId: 'Qwen3-1.7B-q4f32_1-MLC' }).stream(req()));
    await collect(
      new WebLLMProvider({ engine, modelId: 'TinyLlama-1.1B-Chat-v1.0-q4f32_1-MLC' }).stream(off),
    );
    expect(engine.requests.map((r) => r.extra_body)).toEqual([
      { enable_thinking: false },
      undefined,
      undefined,
    ]);
    expect(isThinkingModel('Qwen3-4B-q4f16_1-MLC')).toBe(true);
    expect(isThinkingModel('Qwen3.5-4B-q4f16_1-MLC')).toBe(false);
  });
});
