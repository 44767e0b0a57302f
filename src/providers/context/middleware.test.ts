import { describe, expect, it } from 'vitest';
import { wrapProvider } from '../middleware';
import type { ChatMessage, ChatProvider, GenerateRequest, StreamPart } from '../../core/provider';
import { contextPolicy } from './middleware';
import type { ContextBudgetResult } from './policy';

const finish: StreamPart = {
  type: 'finish',
  reason: 'stop',
  usage: { inputTokens: 3, outputTokens: 2 },
  timings: { timeToFirstTokenMs: 1, totalMs: 2, tokensPerSecond: null },
};

function recorder(): { inner: ChatProvider; seen: GenerateRequest[] } {
  const seen: GenerateRequest[] = [];
  return {
    seen,
    inner: {
      kind: 'transformers',
      label: 'Tiny',
      async *stream(r) {
        seen.push(r);
        yield finish;
      },
    },
  };
}

async function collect(p: ChatProvider, r: GenerateRequest): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of p.stream(r)) out.push(part);
  return out;
}

const perChar = (t: string) => Promise.resolve(t.length); // one token per character
const req = (messages: ChatMessage[], maxTokens = 16): GenerateRequest => ({
  messages,
  settings: { temperature: 0, topP: 1, maxTokens },
});

describe('contextPolicy middleware', () => {
  it('refuses, without calling the model, only when the system prompt plus the latest turn cannot fit', async () => {
    const { inner, seen } = recorder();
    const guarded = wrapProvider(inner, contextPolicy({ window: 100, name: 'Tiny', countTokens: perChar }));
    const parts = await collect(guarded, req([{ role: 'user', content: 'x'.repeat(200) }]));
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ type: 'error', error: { code: 'context-window-exceeded' } });
    if (parts[0]?.type === 'error')
      expect(parts[0].error.message).toContain("Tiny's context window (100 tokens)");
    expect(seen).toHaveLength(0);
  });

  it('trims the oldest turns of a conversation longer than the window instead of refusing it', async () => {
    const { inner, seen } = recorder();
    const fits: ContextBudgetResult[] = [];
    const guarded = wrapProvider(
      inner,
      contextPolicy({ window: 100, name: 'Tiny', countTokens: perChar, onFit: (f) => fits.push(f) }),
    );
    const messages: ChatMessage[] = [
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'a'.repeat(60) },
      { role: 'assistant', content: 'b'.repeat(60) },
      { role: 'user', content: 'latest' },
    ];
    const parts = await collect(guarded, req(messages));
    expect(parts).toEqual([finish]);
    expect(seen[0]!.messages.map((m) => m.content)).toEqual(['sys', 'latest']);
    expect(fits[0]!.trimmedCount).toBe(2);
  });

  it('shortens the answer limit to the room the window leaves', async () => {
    const { inner, seen } = recorder();
    const guarded = wrapProvider(inner, contextPolicy({ window: 100, name: 'Tiny', countTokens: perChar }));
    expect(await collect(guarded, req([{ role: 'user', content: 'x'.repeat(56) }], 2000))).toEqual([finish]);
    // 56 characters + 4 per message = 60 tokens: 40 left for the answer.
    expect(seen[0]!.settings.maxTokens).toBe(40);
  });

  it('uses the token estimate when no tokenizer is given', async () => {
    const { inner, seen } = recorder();
    const guarded = wrapProvider(inner, contextPolicy({ window: 100, name: 'Tiny' }));
    // 200 characters are 50 estimated tokens (+4): it fits, unlike with the per-character tokenizer.
    expect(await collect(guarded, req([{ role: 'user', content: 'x'.repeat(200) }], 1000))).toEqual([finish]);
    expect(seen[0]!.settings.maxTokens).toBe(46);
  });
});
