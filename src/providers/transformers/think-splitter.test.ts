import { describe, expect, it } from 'vitest';
import { promptOpensThinking, ThinkSplitter } from './think-splitter';

/** Feeds the chunks and joins the parts by type, in order of first appearance. */
function run(chunks: string[], startInThinking = false) {
  const s = new ThinkSplitter({ startInThinking });
  const parts = [...chunks.flatMap((c) => s.push(c)), ...s.end()];
  const join = (type: string) =>
    parts
      .filter((p) => p.type === type)
      .map((p) => p.text)
      .join('');
  return { parts, thinking: join('thinking-delta'), answer: join('text-delta') };
}

describe('ThinkSplitter', () => {
  it('puts the <think> block into thinking and the rest into the answer', () => {
    const r = run(['<think>\nThe user greets me.\n</think>\n\nHello! How can I help?']);
    expect(r.thinking).toBe('The user greets me.\n');
    expect(r.answer).toBe('Hello! How can I help?');
    expect(r.parts.map((p) => p.type)).toEqual(['thinking-delta', 'text-delta']);
  });

  it('finds tags split over chunks, one character at a time', () => {
    const text = '<think>Plan: add 2 and 2.</think>The answer is 4.';
    const r = run([...text]);
    expect(r.thinking).toBe('Plan: add 2 and 2.');
    expect(r.answer).toBe('The answer is 4.');
  });

  it('streams the reasoning as it comes, not only once the block closes', () => {
    const s = new ThinkSplitter();
    expect(s.push('<think>first ')).toEqual([{ type: 'thinking-delta', text: 'first ' }]);
    expect(s.push('second')).toEqual([{ type: 'thinking-delta', text: 'second' }]);
    expect(s.push('</thi')).toEqual([]);
    expect(s.push('nk>done')).toEqual([{ type: 'text-delta', text: 'done' }]);
  });

  it('starts inside the block when the template opened it', () => {
    const r = run(['Reasoning here.', '</think>', '\nAnswer.'], true);
    expect(r.thinking).toBe('Reasoning here.');
    expect(r.answer).toBe('Answer.');
  });

  it('leaves text without tags, and a "<" that is no tag, in the answer', () => {
    expect(run(['a < b and ', '<b>bold</b>']).answer).toBe('a < b and <b>bold</b>');
    expect(run(['x <thi']).answer).toBe('x <thi'); // an unfinished tag at the end is text
    expect(run(['no tags at all']).thinking).toBe('');
  });

  it('handles an empty block (thinking switched off by the template)', () => {
    const r = run(['<think>\n\n</think>\n\nJust the answer.']);
    expect(r.thinking).toBe('');
    expect(r.answer).toBe('Just the answer.');
  });
});

describe('promptOpensThinking', () => {
  it('is true when the prompt ends inside an open <think> block', () => {
    expect(promptOpensThinking('<|im_start|>assistant\n<think>\n')).toBe(true);
    expect(promptOpensThinking('<|im_start|>assistant\n<think>\n\n</think>\n\n')).toBe(false);
    expect(promptOpensThinking('<|im_start|>assistant\n')).toBe(false);
  });
});
