import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { abortError, isStorageFull } from '../../core/errors';
import type { ChatProvider, StreamPart } from '../../core/provider';
import type { ConversationRepository } from '../../platform/db/conversations';
import type { KeyValueRepository } from '../../platform/db/kv';
import { answerParts, scriptedChat } from './testing/scripted-chat';

/** Makes the repositories' writes fail as a full disk does while `disk.full` is set. */
function fillable(
  conversations: ConversationRepository,
  kv: KeyValueRepository,
  disk = { full: false },
): { full: boolean } {
  const refuse =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      disk.full ? Promise.reject(new DOMException('', 'QuotaExceededError')) : write(...args);
  conversations.putMessage = refuse(conversations.putMessage.bind(conversations));
  conversations.create = refuse(conversations.create.bind(conversations));
  kv.set = refuse(kv.set.bind(kv)) as KeyValueRepository['set'];
  return disk;
}

async function fullChat(script: StreamPart[][]) {
  const errors: unknown[] = [];
  const scripted = await scriptedChat(script, { onError: (e) => void errors.push(e) });
  const disk = fillable(scripted.conversations, scripted.kv);
  return { ...scripted, disk, errors };
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

describe('ChatState on a full disk', () => {
  it('Send keeps the text in the composer, stores nothing and says storage is full', async () => {
    const { chat, disk, errors, conversations } = await fullChat([answerParts('Hi.')]);
    disk.full = true;
    chat.draft = 'Keep me';
    await chat.send();
    expect(chat.draft).toBe('Keep me');
    expect(chat.messages).toEqual([]);
    expect(await conversations.list()).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(isStorageFull(errors[0])).toBe(true);
    expect(messageOf(errors[0])).toMatch(
      /^Could not save: storage is full\. .*still in the message box.*Models page/,
    );
  });

  it('Send in an open conversation keeps the text and adds no message', async () => {
    const { chat, disk, errors } = await fullChat([answerParts('First.')]);
    await chat.send('First question');
    expect(chat.messages).toHaveLength(2);
    disk.full = true;
    chat.draft = 'Second question';
    await chat.send();
    expect(chat.draft).toBe('Second question');
    expect(chat.messages).toHaveLength(2);
    expect(errors.map(isStorageFull)).toEqual([true]);
  });

  it('a draft that cannot be saved stays on screen and is reported once, not per keystroke', async () => {
    const { chat, disk, errors } = await fullChat([]);
    disk.full = true;
    chat.setDraft('a');
    await chat.flushDraft();
    chat.setDraft('ab');
    await chat.flushDraft();
    expect(chat.draft).toBe('ab');
    expect(errors).toHaveLength(1);
    expect(messageOf(errors[0])).toContain('Could not save: storage is full');
  });

  it('a stream whose text cannot be stored ends at once, interrupted, its text kept; sending works again', async () => {
    const disk = { full: false };
    let calls = 0;
    // A slow model: after its text it waits for more until it is stopped.
    const provider: ChatProvider = {
      kind: 'transformers',
      label: 'Local',
      async *stream({ signal }) {
        if (++calls > 1) {
          yield* answerParts('Again.');
          return;
        }
        yield { type: 'text-delta', text: 'Hello' };
        disk.full = true;
        yield { type: 'text-delta', text: ' world' };
        await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve()));
        throw abortError();
      },
    };
    const errors: unknown[] = [];
    const { chat, conversations, kv } = await scriptedChat([], {
      provider: () => ({ provider, model: { kind: 'transformers', id: 'local', label: 'Local' } }),
      onError: (e) => void errors.push(e),
    });
    fillable(conversations, kv, disk);
    await chat.send('Say hello');
    expect(chat.isStreaming).toBe(false);
    expect(chat.messages.at(-1)).toMatchObject({
      role: 'assistant',
      content: 'Hello world',
      status: 'interrupted',
    });
    expect(errors).toHaveLength(1);
    expect(messageOf(errors[0])).toMatch(/^Could not save: storage is full\. The answer was stopped/);
    disk.full = false;
    await chat.send('Once more');
    expect(chat.messages.at(-1)).toMatchObject({ content: 'Again.', status: 'complete' });
  });
});
