import { describe, expect, it } from 'vitest';
import { latestPrompt, selectExamples, withExamples } from './memory';

const vec = (...xs: number[]): Float32Array => new Float32Array(xs);
const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

const candidates = [
  { id: 'a', prompt: 'alpha one', answer: 'short', vector: vec(1, 0) },
  { id: 'b', prompt: 'alpha two', answer: 'a much longer answer of many words here', vector: vec(0.9, 0.1) },
  { id: 'c', prompt: 'alpha three', answer: 'tiny', vector: vec(0.8, 0.3) },
  { id: 'd', prompt: 'unrelated', answer: 'x', vector: vec(0, 1) },
];

describe('few-shot example selection', () => {
  it('takes the k most similar above the floor', () => {
    const used = selectExamples(vec(1, 0), candidates, {
      k: 2,
      floor: 0.5,
      budgetTokens: 100,
      countTokens: words,
    });
    expect(used.map((e) => e.id)).toEqual(['a', 'b']);
    expect(used[0]!.similarity).toBeCloseTo(1);
    const floor = selectExamples(vec(1, 0), candidates, {
      k: 9,
      floor: 0.5,
      budgetTokens: 100,
      countTokens: words,
    });
    expect(floor.map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });

  it('stays within the token budget, skipping an example that does not fit for a smaller one', () => {
    // a: 3 tokens, b: 10, c: 3. Budget 7: a fits, b does not, c does.
    const used = selectExamples(vec(1, 0), candidates, {
      k: 3,
      floor: 0.5,
      budgetTokens: 7,
      countTokens: words,
    });
    expect(used.map((e) => e.id)).toEqual(['a', 'c']);
    expect(used.reduce((n, e) => n + e.tokens, 0)).toBeLessThanOrEqual(7);
    expect(
      selectExamples(vec(1, 0), candidates, { k: 3, floor: 0.5, budgetTokens: 2, countTokens: words }),
    ).toEqual([]);
  });

  it('puts the examples after the system prompt and before the conversation', () => {
    const messages = [
      { role: 'system' as const, content: 'S' },
      { role: 'user' as const, content: 'new question' },
    ];
    const used = selectExamples(vec(1, 0), candidates, {
      k: 1,
      floor: 0.5,
      budgetTokens: 100,
      countTokens: words,
    });
    expect(withExamples(messages, used)).toEqual([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'alpha one' },
      { role: 'assistant', content: 'short' },
      { role: 'user', content: 'new question' },
    ]);
    expect(withExamples(messages.slice(1), used)[0]).toEqual({ role: 'user', content: 'alpha one' });
    expect(withExamples(messages, [])).toEqual(messages);
    expect(latestPrompt(messages)).toBe('new question');
  });
});
