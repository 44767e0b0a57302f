import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ChatProvider, StreamPart } from '../../core/provider';
import type { StoredMessage } from '../../core/stored';
import { CONTINUE_PROMPT, INTERRUPTED_MARK, NO_ANSWER, canContinue, historyForModel } from './chat-history';
import { answerParts, scriptedChat } from './testing/scripted-chat';

const msg = (id: string, role: StoredMessage['role'], content: string, patch: Partial<StoredMessage> = {}) =>
  ({
    id,
    conversationId: 'c1',
    role,
    content,
    createdAt: Number(id.slice(1)),
    status: 'complete',
    ...patch,
  }) as StoredMessage;

describe('historyForModel: interrupted and empty answers', () => {
  it('an interrupted answer a later turn follows is sent with the mark', () => {
    const history = historyForModel('', [
      msg('m1', 'user', 'Tell a story'),
      msg('m2', 'assistant', 'Once upon', { status: 'interrupted' }),
      msg('m3', 'user', 'Go on'),
    ]);
    expect(history).toEqual([
      { role: 'user', content: 'Tell a story' },
      { role: 'assistant', content: `Once upon\n\n${INTERRUPTED_MARK}` },
      { role: 'user', content: 'Go on' },
    ]);
  });

  it('an interrupted answer that is last is sent as it is (it is being continued)', () => {
    const history = historyForModel('', [
      msg('m1', 'user', 'Tell a story'),
      msg('m2', 'assistant', 'Once upon', { status: 'interrupted' }),
    ]);
    expect(history.at(-1)).toEqual({ role: 'assistant', content: 'Once upon' });
  });

  it('never sends two user turns in a row: an empty or interrupted-before-text answer stands in', () => {
    for (const answer of [
      msg('m2', 'assistant', '', { status: 'interrupted' }),
      msg('m2', 'assistant', '', { status: 'error' }),
      msg('m2', 'assistant', '', { status: 'stopped' }),
    ]) {
      const history = historyForModel('sys', [msg('m1', 'user', 'A'), answer, msg('m3', 'user', 'B')]);
      expect(history.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
      expect([INTERRUPTED_MARK, NO_ANSWER]).toContain(history[2]!.content);
    }
  });

  it('an interrupted or stopped answer with text can be continued; an empty stopped one, an error cannot', () => {
    expect(canContinue(msg('m2', 'assistant', 'x', { status: 'interrupted' }))).toBe(true);
    expect(canContinue(msg('m2', 'assistant', 'x', { status: 'stopped' }))).toBe(true);
    expect(canContinue(msg('m2', 'assistant', '', { status: 'stopped' }))).toBe(false);
    expect(canContinue(msg('m2', 'assistant', 'x', { status: 'error' }))).toBe(false);
    expect(canContinue(msg('m2', 'assistant', 'x', { finishReason: 'length' }))).toBe(true);
  });
});

describe('ChatState: interrupted answers, deleted conversations', () => {
  it('Continue completes an interrupted answer in place, the model sees its exact text', async () => {
    const { chat, conversations, seen } = await scriptedChat([answerParts(' there was a fox.')]);
    const c = await conversations.create('Story');
    // A conversation is a tree: the answer hangs under its question.
    await conversations.putMessage(
      msg('m1', 'user', 'Tell a story', { conversationId: c.id, parentId: null }),
    );
    await conversations.putMessage(
      msg('m2', 'assistant', 'Once upon a time', {
        conversationId: c.id,
        status: 'interrupted',
        parentId: 'm1',
      }),
    );
    await chat.open(c.id);
    await chat.continueAnswer();
    expect(chat.messages).toHaveLength(2);
    expect(chat.messages.at(-1)).toMatchObject({
      id: 'm2',
      status: 'complete',
      content: 'Once upon a time there was a fox.',
    });
    expect(seen[0]!.slice(-2)).toEqual([
      { role: 'assistant', content: 'Once upon a time' },
      { role: 'user', content: CONTINUE_PROMPT },
    ]);
  });

  it('deleting a conversation while it streams stops the stream and writes nothing into it', async () => {
    let aborted = false;
    let started!: () => void;
    const streaming = new Promise<void>((resolve) => (started = resolve));
    const provider: ChatProvider = {
      kind: 'transformers',
      label: 'Local',
      async *stream({ signal }): AsyncIterable<StreamPart> {
        yield { type: 'text-delta', text: 'first words' };
        started();
        await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve()));
        aborted = signal?.aborted ?? false;
        yield { type: 'text-delta', text: ' after the delete' };
      },
    };
    const notices: string[] = [];
    const { chat, db } = await scriptedChat([], {
      provider: () => ({ provider, model: { kind: 'transformers', id: 'local', label: 'Local' } }),
      onNotice: (text) => void notices.push(text),
    });
    const sending = chat.send('Hello');
    await streaming;
    const id = chat.activeId!;
    await chat.remove(id);
    await sending;
    expect(aborted).toBe(true);
    expect(chat.isStreaming).toBe(false);
    const orphans = (await db.getAll('messages')).filter((m) => m.conversationId === id);
    expect(orphans).toEqual([]);
    expect(await db.get('conversations', id)).toBeUndefined();
    // One notice: the deletion with its Undo, not a second one about the refused write.
    expect(notices).toEqual([expect.stringMatching(/^Deleted/)]);
  });

  it('a message sent into a conversation deleted elsewhere is refused, with a notice, the text kept', async () => {
    const notices: string[] = [];
    const { chat, conversations, db } = await scriptedChat([answerParts('Hi')], {
      onNotice: (text) => void notices.push(text),
    });
    const c = await conversations.create('Gone soon');
    await chat.open(c.id);
    chat.setDraft('my long question');
    await conversations.delete(c.id); // another tab deletes it
    await chat.send();
    expect(chat.draft).toBe('my long question');
    expect(notices.at(-1)).toMatch(/deleted.*text is kept/i);
    expect(await db.getAll('messages')).toEqual([]);
    expect(chat.activeId).toBeNull();
  });
});
