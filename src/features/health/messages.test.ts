import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../core/provider';
import { injectCoaching, pairTurns } from './messages';

describe('pairTurns', () => {
  it('pairs each answer with the question before it, skipping system messages and unanswered questions', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Q1' },
      { role: 'assistant', content: 'A1' },
      { role: 'user', content: 'Q2a' },
      { role: 'user', content: 'Q2b' },
      { role: 'assistant', content: 'A2' },
      { role: 'assistant', content: 'orphan' },
      { role: 'user', content: 'pending' },
    ];
    expect(pairTurns(messages)).toEqual([
      { user: 'Q1', assistant: 'A1', userIndex: 1, assistantIndex: 2 },
      { user: 'Q2a\n\nQ2b', assistant: 'A2', userIndex: 3, assistantIndex: 5 },
    ]);
  });
});

describe('injectCoaching', () => {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi' },
  ];

  it('appends the coaching to the existing system prompt without mutating the input', () => {
    const out = injectCoaching(messages, 'COACH');
    expect(out[0]).toEqual({ role: 'system', content: 'Be brief.\n\nCOACH' });
    expect(messages[0]!.content).toBe('Be brief.');
  });

  it('adds a system message when there is none', () => {
    expect(injectCoaching([{ role: 'user', content: 'Hi' }], 'COACH')).toEqual([
      { role: 'system', content: 'COACH' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('changes nothing when there is no coaching', () => {
    expect(injectCoaching(messages, null)).toEqual(messages);
    expect(injectCoaching(messages, '  ')).toEqual(messages);
  });
});
