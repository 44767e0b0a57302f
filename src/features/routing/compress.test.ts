import { describe, expect, it } from 'vitest';
import { HashEmbedder } from '../health/testing/hash-embedder';
import type { ChatMessage } from '../../core/provider';
import { chunkText, compressContext, lexicalRelevance } from './compress';
import { estimateMessagesTokens, estimateTokens, formatTokens } from '../../core/tokens';

const filler = (topic: string, n: number): string =>
  Array.from({ length: n }, (_, i) => `Sentence ${i} is about ${topic} and nothing else at all.`).join(' ');

const history: ChatMessage[] = [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: `Tell me about gardening. ${filler('tomato gardening soil', 20)}` },
  { role: 'assistant', content: filler('tomato gardening soil', 25) },
  { role: 'user', content: `Now about my car. ${filler('car insurance premium', 20)}` },
  { role: 'assistant', content: filler('car insurance premium', 25) },
  { role: 'user', content: `And football. ${filler('football league match', 20)}` },
  { role: 'assistant', content: filler('football league match', 25) },
  { role: 'user', content: 'How can I lower my car insurance premium?' },
];

describe('tokens', () => {
  it('estimates chars/4 and formats counts', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateMessagesTokens([{ content: 'abcd' }, { content: '' }])).toBe(1 + 4 + 4);
    expect(formatTokens(3200)).toBe('3,200');
  });
});

describe('compressContext', () => {
  it('returns everything unchanged within the budget', async () => {
    const r = await compressContext(history, { budgetTokens: 100_000 });
    expect(r).toMatchObject({ method: 'none', droppedMessages: 0, overBudget: false });
    expect(r.messages).toEqual(history);
    expect(r.tokensAfter).toBe(r.tokensBefore);
  });

  it.each([
    ['lexical', undefined],
    ['embedding', new HashEmbedder()],
  ] as const)('keeps system, latest question and the relevant messages (%s)', async (method, embedder) => {
    const r = await compressContext(history, { budgetTokens: 600, embedder: embedder ?? null });
    expect(r.method).toBe(method);
    expect(r.tokensBefore).toBe(estimateMessagesTokens(history));
    expect(r.tokensAfter).toBeLessThanOrEqual(600);
    expect(r.tokensAfter).toBeLessThan(r.tokensBefore);
    expect(r.messages[0]).toEqual(history[0]);
    expect(r.messages[r.messages.length - 1]).toEqual(history[history.length - 1]);
    const kept = r.messages.map((m) => m.content).join('\n');
    expect(kept).toContain('car insurance');
    expect(kept).not.toContain('football');
    expect(r.droppedMessages).toBeGreaterThan(0);
  });

  it('cuts inside a long pasted message, marking the gaps', async () => {
    const pasted = [
      filler('weather report', 10),
      filler('quarterly revenue growth', 3),
      filler('office plants', 10),
    ].join('\n\n');
    const r = await compressContext(
      [
        { role: 'user', content: pasted },
        { role: 'assistant', content: 'Noted.' },
        { role: 'user', content: 'What was said about quarterly revenue growth?' },
      ],
      { budgetTokens: 120, chunkTokens: 40 },
    );
    const first = r.messages[0]!.content;
    expect(first).toContain('quarterly revenue growth');
    expect(first).toContain('…');
    expect(first).not.toContain('office plants');
  });

  it('keeps the context of a short follow-up', async () => {
    const r = await compressContext(
      [
        ...history,
        { role: 'assistant', content: filler('car insurance premium', 5) },
        { role: 'user', content: 'why?' },
      ],
      {
        budgetTokens: 400,
      },
    );
    expect(r.messages.map((m) => m.content).join('\n')).toContain('car insurance');
    expect(r.messages[r.messages.length - 1]!.content).toBe('why?');
  });

  it('falls back to lexical when the embedder fails, and reports over budget', async () => {
    const broken = {
      embed: async () => {
        throw new Error('no model');
      },
    };
    const r = await compressContext(history, { budgetTokens: 600, embedder: broken });
    expect(r.method).toBe('lexical');
    const tiny = await compressContext(history, { budgetTokens: 5 });
    expect(tiny.overBudget).toBe(true);
    expect(tiny.messages.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('helpers: lexical relevance and chunking', () => {
    expect(lexicalRelevance('car insurance premium', 'my car insurance went up')).toBeCloseTo(2 / 3);
    expect(lexicalRelevance('the a of', 'anything')).toBe(0);
    const chunks = chunkText(filler('x', 30), 50);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) expect(estimateTokens(c)).toBeLessThanOrEqual(60);
  });
});
