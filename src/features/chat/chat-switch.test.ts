import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ConversationRepository } from '../../platform/db/conversations';
import type { ChatState } from './chat.svelte';
import { answerParts, scriptedChat } from './testing/scripted-chat';

/** A chat with one answered conversation open, as after a first question. */
async function answeredChat(): Promise<{
  chat: ChatState;
  conversations: ConversationRepository;
  first: string;
}> {
  const { chat, conversations } = await scriptedChat(() => answerParts('An answer'));
  await chat.send('The first question');
  const first = chat.activeId;
  if (!first) throw new Error('the first question made no conversation');
  return { chat, conversations, first };
}

describe('ChatState switching conversations', () => {
  it('a message sent while New chat is still opening starts the new conversation and is answered', async () => {
    const { chat, conversations, first } = await answeredChat();
    // New chat is pressed and the message sent before the switch has finished (a fast typist,
    // or a busy machine): nothing may go to the old conversation, and the answer must come.
    const opening = chat.newConversation();
    await chat.send('The second question');
    await opening;

    expect(chat.activeId).not.toBe(first);
    const stored = await conversations.messages(chat.activeId ?? '');
    expect(stored.map((m) => [m.role, m.content])).toEqual([
      ['user', 'The second question'],
      ['assistant', 'An answer'],
    ]);
    expect(chat.messages.map((m) => m.content)).toEqual(['The second question', 'An answer']);
    expect((await conversations.messages(first)).map((m) => m.content)).toEqual([
      'The first question',
      'An answer',
    ]);
    expect((await conversations.list()).map((c) => c.title).sort()).toEqual([
      'The first question',
      'The second question',
    ]);
  });

  it('a message sent while another conversation opens goes to that conversation, after its history', async () => {
    const { chat, conversations, first } = await answeredChat();
    await chat.newConversation();
    await chat.send('Elsewhere');
    const opening = chat.open(first);
    await chat.send('A follow-up');
    await opening;

    expect(chat.activeId).toBe(first);
    expect((await conversations.messages(first)).map((m) => m.content)).toEqual([
      'The first question',
      'An answer',
      'A follow-up',
      'An answer',
    ]);
    expect(chat.messages.map((m) => m.content)).toEqual([
      'The first question',
      'An answer',
      'A follow-up',
      'An answer',
    ]);
  });
});
