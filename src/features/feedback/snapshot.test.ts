import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../core/stored';
import { conversationUpTo } from './snapshot';

const m = (
  id: string,
  parentId: string | null,
  role: 'user' | 'assistant',
  createdAt: number,
): StoredMessage => ({
  id,
  conversationId: 'c',
  parentId,
  role,
  content: `text of ${id}`,
  createdAt,
  status: 'complete',
});

describe('conversationUpTo', () => {
  it('a rated answer carries the branch that led to it, not the branch its question replaced', () => {
    // Q1 -> A1, then Q1 edited (Q1b, a sibling) -> A1b, then Q2 on the new branch -> A2.
    const stored = [
      m('q1', null, 'user', 1),
      m('a1', 'q1', 'assistant', 2),
      m('q1b', null, 'user', 3),
      m('a1b', 'q1b', 'assistant', 4),
      m('q2', 'a1b', 'user', 5),
      m('a2', 'q2', 'assistant', 6),
    ];
    const contents = (answer: StoredMessage) =>
      conversationUpTo(answer, stored, 'Be brief.').map((x) => x.content);
    expect(contents(stored[5]!)).toEqual([
      'Be brief.',
      'text of q1b',
      'text of a1b',
      'text of q2',
      'text of a2',
    ]);
    expect(contents(stored[1]!)).toEqual(['Be brief.', 'text of q1', 'text of a1']);
  });
});
