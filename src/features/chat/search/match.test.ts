import { describe, expect, it } from 'vitest';
import { matchMessage, NewestHits, queryWords, snippetAround } from './match';

const msg = (id: string, content: unknown, extra: Record<string, unknown> = {}) => ({
  id,
  conversationId: 'c1',
  role: 'assistant',
  content,
  createdAt: 10,
  ...extra,
});

describe('search inside messages', () => {
  it('matches when every word is in the text, in any case and order', () => {
    const words = queryWords('  Sourdough STARTER ');
    expect(words).toEqual(['sourdough', 'starter']);
    expect(matchMessage(msg('m1', 'Feed the starter before baking sourdough.'), words)).toMatchObject({
      conversationId: 'c1',
      messageId: 'm1',
      role: 'assistant',
    });
    expect(matchMessage(msg('m2', 'Sourdough needs time.'), words)).toBeNull();
  });

  it('ignores records that are not messages with text (damaged or system ones)', () => {
    const words = ['x'];
    expect(matchMessage(null, words)).toBeNull();
    expect(matchMessage(msg('m1', 42), words)).toBeNull();
    expect(matchMessage(msg('m1', 'x', { role: 'system' }), words)).toBeNull();
    expect(matchMessage({ content: 'x' }, words)).toBeNull();
    expect(matchMessage(msg('m1', 'x'), [])).toBeNull();
  });

  it('snippets show the text around the first word, shortened with ellipses', () => {
    const text = `${'a '.repeat(100)}needle ${'b '.repeat(200)}`;
    const snippet = snippetAround(text, 'needle');
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('needle');
    expect(snippet.length).toBeLessThanOrEqual(202);
  });

  it('keeps only the newest hits, newest first', () => {
    const newest = new NewestHits(2);
    for (const t of [5, 1, 9, 3]) newest.add(matchMessage(msg(`m${t}`, 'x', { createdAt: t }), ['x'])!);
    expect(newest.hits.map((h) => h.messageId)).toEqual(['m9', 'm5']);
  });
});
