import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../types';
import { estimateTokens, fitToContext } from './context-budget';

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
});
