import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { ChatState } from './chat.svelte';
import { answerParts, scriptedChat } from './testing/scripted-chat';

const texts = (chat: ChatState): string[] => chat.messages.map((m) => m.content);

describe('ChatState: edit and branch', () => {
  it('editing twice keeps three branches; each shows its own answers, and a reload shows the one chosen', async () => {
    const { chat, seen, conversations, kv } = await scriptedChat((n) => answerParts(`answer ${n}`));
    await chat.send('first');
    await chat.send('question v1');
    const v1 = chat.messages.at(-2)!.id;
    await chat.editMessage(v1, 'question v2');
    // The model saw the edited question after the first turn, not the old one.
    expect(seen[2]!.map((m) => m.content)).toEqual(['first', 'answer 0', 'question v2']);
    const v2 = chat.messages.at(-2)!.id;
    await chat.editMessage(v2, 'question v3');
    expect(texts(chat)).toEqual(['first', 'answer 0', 'question v3', 'answer 3']);
    const v3 = chat.messages.at(-2)!.id;
    expect(chat.tree.siblings(v3)).toMatchObject({ index: 2, count: 3 });
    expect(chat.tree.siblings(chat.messages[0]!.id)).toBeNull();

    chat.tree.switchBranch(v3, -1);
    expect(texts(chat)).toEqual(['first', 'answer 0', 'question v2', 'answer 2']);
    chat.tree.switchBranch(v2, -1);
    expect(texts(chat)).toEqual(['first', 'answer 0', 'question v1', 'answer 1']);

    // Once the choice is stored, a fresh state on the same database (a reload) shows it.
    await vi.waitFor(async () =>
      expect((await conversations.get(chat.activeId!))?.branches).toEqual(chat.tree.branches),
    );
    const again = new ChatState({ ...chatDeps(chat), conversations, kv });
    await again.init();
    expect(texts(again)).toEqual(['first', 'answer 0', 'question v1', 'answer 1']);
    expect(again.tree.all).toHaveLength(8);
  });

  it('regenerate keeps the old answer as a branch and answers the same question', async () => {
    const { chat, seen } = await scriptedChat((n) => answerParts(`answer ${n}`));
    await chat.send('hello');
    const old = chat.messages.at(-1)!;
    await chat.regenerate();
    expect(texts(chat)).toEqual(['hello', 'answer 1']);
    expect(seen[1]!.map((m) => m.content)).toEqual(['hello']);
    const fresh = chat.messages.at(-1)!;
    expect(fresh.parentId).toBe(old.parentId);
    chat.tree.switchBranch(fresh.id, -1);
    expect(texts(chat)).toEqual(['hello', 'answer 0']);
  });

  it('an edit of something that is not a user message on screen does nothing', async () => {
    const { chat, seen } = await scriptedChat((n) => answerParts(`answer ${n}`));
    await chat.send('hello');
    await chat.editMessage(chat.messages.at(-1)!.id, 'not mine');
    await chat.editMessage('ghost', 'x');
    await chat.editMessage(chat.messages[0]!.id, '   ');
    expect(seen).toHaveLength(1);
    expect(chat.tree.all).toHaveLength(2);
  });
});

/** The dependencies a ChatState was made with (the scripted provider), to build another on the same data. */
function chatDeps(chat: ChatState): ConstructorParameters<typeof ChatState>[0] {
  return (chat as unknown as { deps: ConstructorParameters<typeof ChatState>[0] }).deps;
}
