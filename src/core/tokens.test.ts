import { describe, expect, it } from 'vitest';
import {
  estimateMessagesTokens,
  estimateTokens,
  estimateTokensFromChars,
  formatTokens,
  MESSAGE_OVERHEAD_TOKENS,
} from './tokens';

describe('token estimate', () => {
  it('is about four characters per token, rounded up, and 0 for nothing', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abc')).toBe(1);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('x'.repeat(400))).toBe(100);
  });

  it('gives the same count from a length as from the text', () => {
    for (const n of [0, 1, 4, 5, 399, 400])
      expect(estimateTokensFromChars(n)).toBe(estimateTokens('y'.repeat(n)));
  });

  it('adds the chat template overhead per message', () => {
    const messages = [{ content: 'x'.repeat(40) }, { content: '' }];
    expect(estimateMessagesTokens(messages)).toBe(10 + 2 * MESSAGE_OVERHEAD_TOKENS);
  });

  it('formats with a fixed locale', () => {
    expect(formatTokens(3200.4)).toBe('3,200');
  });
});
