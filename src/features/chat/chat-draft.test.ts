import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConversationRepository } from '../../platform/db/conversations';
import { KeyValueRepository } from '../../platform/db/kv';
import { openAppDb } from '../../platform/db/schema';
import { ChatState } from './chat.svelte';

/** A chat on "new", and another conversation `id` whose stored draft is "an old draft". */
async function chat(): Promise<{ chat: ChatState; id: string }> {
  const db = await openAppDb(`chat-draft-${Math.random()}`);
  const kv = new KeyValueRepository(db);
  const conversations = new ConversationRepository(db);
  const state = new ChatState({
    conversations,
    kv,
    provider: () => {
      throw new Error('no model in this test');
    },
    generation: () => ({ temperature: 0, topP: 1, maxTokens: 8 }),
    systemPrompt: () => '',
    onError: () => undefined,
    onNotice: () => undefined,
  });
  const { id } = await conversations.create('Earlier');
  await kv.set(`draft:${id}`, 'an old draft');
  await state.init();
  await state.newConversation();
  return { chat: state, id };
}

describe('ChatState drafts', () => {
  it('text typed while a conversation is opening is kept, not replaced by its stored draft', async () => {
    const { chat: state, id } = await chat();
    const opening = state.open(id);
    state.setDraft('typed at once');
    await opening;
    expect(state.draft).toBe('typed at once');
  });

  it('opening a conversation with no typing in between shows its stored draft', async () => {
    const { chat: state, id } = await chat();
    await state.open(id);
    expect(state.draft).toBe('an old draft');
  });
});
