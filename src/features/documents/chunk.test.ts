import { describe, expect, it } from 'vitest';
import { chunkText } from './chunk';

/** One token per word: chunk sizes can be checked by hand. */
const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

describe('chunking by tokens', () => {
  it('cuts at the token limit with the overlap asked for', () => {
    const text = 'w1 w2 w3 w4 w5 w6 w7 w8 w9 w10';
    const chunks = chunkText(text, { maxTokens: 4, overlapTokens: 1, count: words });
    expect(chunks.map((c) => c.text)).toEqual(['w1 w2 w3 w4', 'w4 w5 w6 w7', 'w7 w8 w9 w10']);
    expect(chunks.map((c) => c.tokens)).toEqual([4, 4, 4]);
    expect(chunks.every((c) => text.slice(c.start, c.end) === c.text)).toBe(true);
    expect(chunks.map((c) => c.index)).toEqual([0, 1, 2]);
  });

  it('with no overlap every word is in exactly one chunk', () => {
    const text = Array.from({ length: 23 }, (_, i) => `w${i}`).join(' ');
    const chunks = chunkText(text, { maxTokens: 5, overlapTokens: 0, count: words });
    expect(chunks.map((c) => c.text).join(' ')).toBe(text);
    expect(Math.max(...chunks.map((c) => c.tokens))).toBe(5);
  });

  it('ends a chunk at a sentence end when one is near the limit', () => {
    const text = 'a b c d e f. g h i j k l';
    const chunks = chunkText(text, { maxTokens: 8, overlapTokens: 0, count: words });
    expect(chunks[0]!.text).toBe('a b c d e f.');
    expect(chunks[1]!.text).toBe('g h i j k l');
  });

  it('cuts a word longer than a chunk by characters', () => {
    const long = 'x'.repeat(100);
    const chunks = chunkText(`start ${long} end`, { maxTokens: 10, overlapTokens: 0 });
    expect(chunks.every((c) => c.tokens <= 10)).toBe(true);
    expect(chunks.map((c) => c.text.replace(/\s/g, '')).join('')).toBe(`start${long}end`);
  });

  it('counts with the app estimate by default, and an empty text has no chunks', () => {
    const chunks = chunkText('abcd '.repeat(500), { maxTokens: 100, overlapTokens: 10 });
    expect(chunks.every((c) => c.tokens <= 100)).toBe(true);
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunkText('   \n ')).toEqual([]);
  });
});
