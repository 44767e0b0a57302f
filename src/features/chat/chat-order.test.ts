import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerParts, scriptedChat } from './testing/scripted-chat';

const answer = answerParts('Paris');

afterEach(() => vi.restoreAllMocks());

describe('ChatState message order', () => {
  it('a question and its answer made in the same millisecond are stored in order', async () => {
    // A fast machine (or fake-indexeddb) creates both in one millisecond: freeze the clock.
    vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
    const { chat, conversations } = await scriptedChat(() => answer);
    for (const question of ['first', 'second', 'third']) await chat.send(question);
    const stored = await conversations.messages(chat.activeId!);
    expect(stored.map((m) => `${m.role}:${m.content}`)).toEqual([
      'user:first',
      'assistant:Paris',
      'user:second',
      'assistant:Paris',
      'user:third',
      'assistant:Paris',
    ]);
  });
});
