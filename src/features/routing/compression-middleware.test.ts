import { describe, expect, it } from 'vitest';
import type { TextCompressor } from '../compression';
import type { OperationInput } from '../../core/operations';
import { wrapProvider } from '../../providers/middleware';
import type { ChatProvider, GenerateRequest, StreamPart } from '../../core/provider';
import { compression } from './compression-middleware';

const finish: StreamPart = {
  type: 'finish',
  reason: 'stop',
  usage: { inputTokens: 3, outputTokens: 2 },
  timings: { timeToFirstTokenMs: 1, totalMs: 2, tokensPerSecond: null },
};
const request: GenerateRequest = {
  messages: [{ role: 'user', content: 'hello' }],
  settings: { temperature: 0, topP: 1, maxTokens: 16 },
};
async function collect(provider: ChatProvider, req: GenerateRequest = request): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of provider.stream(req)) parts.push(part);
  return parts;
}
function recorder(): { inner: ChatProvider; seen: GenerateRequest[] } {
  const seen: GenerateRequest[] = [];
  return {
    seen,
    inner: {
      kind: 'claude',
      label: 'c',
      async *stream(req) {
        seen.push(req);
        yield finish;
      },
    },
  };
}
const filler = 'Unrelated notes about gardening, tomatoes and the weather in spring. '.repeat(40);
const long = [
  { role: 'user' as const, content: filler },
  { role: 'assistant' as const, content: filler },
  { role: 'user' as const, content: 'What is the capital of France?' },
];

describe('compression middleware', () => {
  it('sends a compressed context and reports the tokens saved', async () => {
    const seen: GenerateRequest[] = [];
    const inner: ChatProvider = {
      kind: 'claude',
      label: 'c',
      async *stream(req) {
        seen.push(req);
        yield finish;
      },
    };
    const filler = 'Unrelated notes about gardening, tomatoes and the weather in spring. '.repeat(40);
    const messages = [
      { role: 'user' as const, content: filler },
      { role: 'assistant' as const, content: filler },
      { role: 'user' as const, content: 'What is the capital of France?' },
    ];
    const parts = await collect(wrapProvider(inner, compression({ budgetTokens: 200 })), {
      ...request,
      messages,
    });
    const notice = parts[0];
    expect(notice?.type).toBe('notice');
    if (notice?.type !== 'notice') return;
    expect(notice.notice.kind).toBe('compression');
    expect(notice.notice.tokensAfter!).toBeLessThan(notice.notice.tokensBefore!);
    expect(seen[0]!.messages.at(-1)!.content).toBe('What is the capital of France?');
    expect(seen[0]!.messages.length).toBeLessThan(messages.length);
  });
});

describe('compression middleware with LLMLingua-2', () => {
  it('compresses the older context with the model and shows what was sent', async () => {
    const { inner, seen } = recorder();
    const halve: TextCompressor = {
      compress: (texts) => Promise.resolve(texts.map((t) => t.slice(0, Math.floor(t.length / 2)))),
    };
    const parts = await collect(
      wrapProvider(inner, compression({ budgetTokens: 10_000, model: { compressor: halve, rate: 0.5 } })),
      {
        ...request,
        messages: long,
      },
    );
    expect(parts[0]).toMatchObject({ type: 'notice', notice: { kind: 'compression' } });
    if (parts[0]?.type !== 'notice') return;
    expect(parts[0].notice.text).toContain('LLMLingua-2');
    expect(parts[0].notice.detail).toBeTruthy();
    expect(seen[0]!.messages.at(-1)!.content).toBe('What is the capital of France?');
  });

  it('falls back to the lexical method, saying so, when the model is not loaded', async () => {
    const { inner } = recorder();
    const parts = await collect(wrapProvider(inner, compression({ budgetTokens: 200, model: null })), {
      ...request,
      messages: long,
    });
    expect(parts[0]).toMatchObject({ type: 'notice' });
    if (parts[0]?.type !== 'notice') return;
    expect(parts[0].notice.text).toContain('LLMLingua-2 is not loaded: lexical method used');
  });

  it('sends a short context unchanged, with no notice', async () => {
    const { inner, seen } = recorder();
    expect(await collect(wrapProvider(inner, compression({ budgetTokens: 200 })))).toEqual([finish]);
    expect(seen[0]!.messages).toEqual(request.messages);
  });
});

describe('compression middleware measurements', () => {
  it('records one operation per compression, with the tokens before and after', async () => {
    const { inner } = recorder();
    const ops: OperationInput[] = [];
    await collect(
      wrapProvider(inner, compression({ budgetTokens: 200, onOperation: (op) => ops.push(op) })),
      {
        ...request,
        messages: long,
      },
    );
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({
      kind: 'compression',
      detail: 'lexical',
      backend: 'lexical',
      status: 'ok',
    });
    expect(ops[0]!.tokensOut!).toBeLessThan(ops[0]!.tokensIn!);
  });

  it('records a failed LLMLingua-2 run as an error, then the lexical run that replaced it', async () => {
    const { inner } = recorder();
    const ops: OperationInput[] = [];
    const broken: TextCompressor = { compress: () => Promise.reject(new Error('worker gone')) };
    const parts = await collect(
      wrapProvider(
        inner,
        compression({
          budgetTokens: 200,
          model: { compressor: broken, rate: 0.5 },
          onOperation: (op) => ops.push(op),
        }),
      ),
      { ...request, messages: long },
    );
    expect(ops.map((op) => [op.detail, op.status])).toEqual([
      ['llmlingua2', 'error'],
      ['lexical', 'ok'],
    ]);
    expect(ops[0]).toMatchObject({ modelId: 'llmlingua-2', errorCode: 'compression-failed' });
    if (parts[0]?.type !== 'notice') throw new Error('expected a notice');
    expect(parts[0].notice.text).toContain('LLMLingua-2 failed: lexical method used');
  });

  it('does not take a failing answer for a failed compression', async () => {
    const ops: OperationInput[] = [];
    let calls = 0;
    const failing: ChatProvider = {
      kind: 'claude',
      label: 'c',
      // eslint-disable-next-line require-yield
      async *stream() {
        calls++;
        throw new Error('answer failed');
      },
    };
    const halve: TextCompressor = {
      compress: (texts) => Promise.resolve(texts.map((t) => t.slice(0, Math.floor(t.length / 2)))),
    };
    const wrapped = wrapProvider(
      failing,
      compression({
        budgetTokens: 10_000,
        model: { compressor: halve, rate: 0.5 },
        onOperation: (op) => ops.push(op),
      }),
    );
    await expect(collect(wrapped, { ...request, messages: long })).rejects.toThrow('answer failed');
    // One request, one successful LLMLingua-2 measurement: no lexical retry of the same answer.
    expect(calls).toBe(1);
    expect(ops.map((op) => [op.detail, op.status])).toEqual([['llmlingua2', 'ok']]);
  });
});
