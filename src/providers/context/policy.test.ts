import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../core/provider';
import { estimateTokens } from '../../core/tokens';
import { fitToContext, fitToContextCounted } from './policy';

const words = (n: number) => 'x'.repeat(n * 4); // n tokens with the chars/4 estimate
const m = (role: ChatMessage['role'], tokens: number, tag = ''): ChatMessage => ({
  role,
  content: tag + words(tokens).slice(tag.length),
});

describe('fitToContext', () => {
  it('keeps everything when it fits, and reports the meter numbers', () => {
    const messages = [m('system', 10), m('user', 20), m('assistant', 30), m('user', 5)];
    const r = fitToContext({ messages, contextWindow: 1000, maxOutputTokens: 100, perMessageOverhead: 0 });
    expect(r.messages).toEqual(messages);
    expect(r.trimmedCount).toBe(0);
    expect(r.usedTokens).toBe(65);
    expect(r.windowTokens).toBe(1000);
    expect(r.reservedOutputTokens).toBe(100);
    expect(r.promptBudgetTokens).toBe(900);
    expect(r.fits).toBe(true);
  });

  it('trims the oldest whole turns, keeping the system prompt and the latest user message', () => {
    const messages = [
      m('system', 50, 'S'),
      m('user', 100, 'U1'),
      m('assistant', 100, 'A1'),
      m('user', 100, 'U2'),
      m('assistant', 100, 'A2'),
      m('user', 100, 'U3'),
    ];
    // budget 512 - 112 = 400: S(50) + U3(100) fixed, room for one more turn (U2+A2 = 200).
    const r = fitToContext({ messages, contextWindow: 512, maxOutputTokens: 112, perMessageOverhead: 0 });
    expect(r.messages.map((x) => x.content.slice(0, 2))).toEqual(['Sx', 'U2', 'A2', 'U3']);
    expect(r.trimmedCount).toBe(2);
    expect(r.usedTokens).toBe(350);
    expect(r.fits).toBe(true);
  });

  it('never starts the history with an orphan assistant reply', () => {
    const messages = [
      m('user', 10, 'U1'),
      m('assistant', 10, 'A1'),
      m('assistant', 10, 'A1b'),
      m('user', 10, 'U2'),
    ];
    const r = fitToContext({ messages, contextWindow: 40, maxOutputTokens: 10, perMessageOverhead: 0 });
    expect(r.messages.map((x) => x.content.slice(0, 2))).toEqual(['U2']);
    expect(r.trimmedCount).toBe(3);
  });

  it('says when even the system prompt and the latest message do not fit', () => {
    const r = fitToContext({
      messages: [m('system', 300), m('user', 300)],
      contextWindow: 512,
      maxOutputTokens: 64,
      perMessageOverhead: 0,
    });
    expect(r.fits).toBe(false);
    expect(r.messages).toHaveLength(2);
    expect(r.usedTokens).toBe(600);
  });

  it('caps the output reservation at half the window', () => {
    const r = fitToContext({ messages: [m('user', 10)], contextWindow: 1024, maxOutputTokens: 4096 });
    expect(r.reservedOutputTokens).toBe(512);
    expect(r.promptBudgetTokens).toBe(512);
  });

  it('uses an injected token counter and the per-message overhead', () => {
    const count = (t: string) => t.split(' ').length;
    const r = fitToContext({
      messages: [{ role: 'user', content: 'one two three' }],
      contextWindow: 100,
      maxOutputTokens: 10,
      countTokens: count,
      perMessageOverhead: 2,
    });
    expect(r.usedTokens).toBe(5);
    expect(estimateTokens('abcdefgh')).toBe(2);
  });

  it('trims a conversation far longer than the window instead of refusing it', () => {
    const messages = [m('system', 20, 'S')];
    for (let i = 0; i < 50; i++) messages.push(m('user', 100, `U${i}`), m('assistant', 100, `A${i}`));
    messages.push(m('user', 30, 'UL'));
    const r = fitToContext({ messages, contextWindow: 1024, maxOutputTokens: 200, perMessageOverhead: 0 });
    expect(r.fits).toBe(true);
    expect(r.messages[0]!.content.startsWith('S')).toBe(true);
    expect(r.messages.at(-1)!.content.startsWith('UL')).toBe(true);
    expect(r.usedTokens).toBeLessThanOrEqual(r.promptBudgetTokens);
    // The newest turns are the ones kept.
    expect(r.messages.at(-2)!.content.startsWith('A49')).toBe(true);
    expect(r.trimmedCount).toBe(messages.length - r.messages.length);
  });

  it('keeps a latest turn larger than the prompt budget, shortening the answer to the room left', () => {
    const r = fitToContext({
      messages: [m('system', 100), m('user', 50), m('assistant', 50), m('user', 800)],
      contextWindow: 1024,
      maxOutputTokens: 512,
      perMessageOverhead: 0,
    });
    expect(r.fits).toBe(true);
    expect(r.trimmedCount).toBe(2);
    expect(r.usedTokens).toBe(900);
    expect(r.answerTokens).toBe(124);
  });

  it('refuses only when the system prompt plus the latest turn fill the window', () => {
    const at = (latest: number) =>
      fitToContext({
        messages: [m('system', 24), m('user', 500), m('user', latest)],
        contextWindow: 1024,
        maxOutputTokens: 100,
        perMessageOverhead: 0,
      });
    expect(at(999).fits).toBe(true);
    expect(at(999).answerTokens).toBe(1);
    expect(at(1000).fits).toBe(false);
  });

  it('keeps the asked answer limit when the window has room for it', () => {
    const r = fitToContext({ messages: [m('user', 10)], contextWindow: 1000, maxOutputTokens: 200 });
    expect(r.answerTokens).toBe(200);
  });
});

describe('fitToContextCounted', () => {
  it('counts with the model tokenizer (asynchronous), each distinct text once', async () => {
    const seen: string[] = [];
    const count = (t: string) => {
      seen.push(t);
      return Promise.resolve(t.length); // one token per character
    };
    const messages: ChatMessage[] = [
      { role: 'user', content: 'x'.repeat(300) },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'x'.repeat(300) },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'y'.repeat(300) },
    ];
    const r = await fitToContextCounted({
      messages,
      contextWindow: 500,
      maxOutputTokens: 64,
      perMessageOverhead: 0,
      countTokens: count,
    });
    expect(seen).toHaveLength(3);
    // The estimate (75 tokens each) would keep everything; the tokenizer trims the oldest turns.
    expect(r.messages.map((x) => x.content.slice(0, 1))).toEqual(['y']);
    expect(r.usedTokens).toBe(300);
  });

  it('falls back to the estimate when the tokenizer fails', async () => {
    const r = await fitToContextCounted({
      messages: [{ role: 'user', content: 'x'.repeat(40) }],
      contextWindow: 100,
      maxOutputTokens: 10,
      perMessageOverhead: 0,
      countTokens: () => Promise.reject(new Error('worker gone')),
    });
    expect(r.usedTokens).toBe(10);
  });
});
