import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { TabChannel } from '../../platform/tabs/channel';
import { TandemError } from '../../core/errors';
import type { ScriptedChat } from './testing/scripted-chat';
import { answerParts, scriptedChat } from './testing/scripted-chat';
import { DELETED_ELSEWHERE } from './chat-sync';
import type { ChatDependencies } from './chat-types';
import type { ChatProvider } from '../../core/provider';

let n = 0;

interface Tab extends ScriptedChat {
  notices: string[];
  channel: TabChannel;
}

/**
 * Two tabs of one profile: two ChatStates on two connections to one database; each tells the
 * other what it stored over one BroadcastChannel, as services.ts wires them (unless `deaf`:
 * then B hears nothing, as when a notice has not arrived yet).
 */
async function twoTabs(
  options: { deaf?: boolean; providerB?: ChatDependencies['provider'] } = {},
): Promise<{ a: Tab; b: Tab }> {
  const dbName = `two-tabs-${n}`;
  const channelName = `two-tabs-channel-${n++}`;
  const tab = async (name: string, hears: boolean, provider?: ChatDependencies['provider']): Promise<Tab> => {
    const notices: string[] = [];
    const scripted = await scriptedChat(
      (i) => answerParts(`Answer ${i + 1} from ${name}`),
      { onNotice: (message) => void notices.push(message), ...(provider ? { provider } : {}) },
      dbName,
    );
    const channel = new TabChannel(new BroadcastChannel(channelName), `tab_${name}`);
    scripted.conversations.onChange = (notice) => channel.post(notice);
    if (hears) channel.on((notice) => void scripted.chat.sync.apply(notice));
    return { ...scripted, notices, channel };
  };
  const a = await tab('a', true);
  const b = await tab('b', !options.deaf, options.providerB);
  return { a, b };
}

/** A asks `question` in a new conversation; B opens it (deaf: as after a reload of B). */
async function bothOn(a: Tab, b: Tab, question: string, deaf = false): Promise<string> {
  await a.chat.send(question);
  const id = a.chat.activeId!;
  if (deaf) await b.chat.init();
  await vi.waitFor(() => expect(b.chat.conversations.map((c) => c.id)).toContain(id));
  await b.chat.open(id);
  return id;
}

describe('two tabs in step', () => {
  it('a conversation deleted in tab A leaves tab B, with a notice, keeping the typed text', async () => {
    const { a, b } = await twoTabs();
    const id = await bothOn(a, b, 'Plan a trip');
    expect(b.chat.messages.map((m) => m.content)).toEqual(['Plan a trip', 'Answer 1 from a']);
    b.chat.setDraft('Half a thought');

    await a.chat.remove(id);

    await vi.waitFor(() => expect(b.chat.activeId).toBeNull());
    expect(b.chat.messages).toEqual([]);
    expect(b.chat.conversations).toEqual([]);
    expect(b.chat.draft).toBe('Half a thought');
    expect(b.notices.join(' ')).toContain(DELETED_ELSEWHERE);
  });

  it('a send into a conversation deleted in another tab is refused: nothing stored, the text kept', async () => {
    const { a, b } = await twoTabs({ deaf: true });
    const id = await bothOn(a, b, 'Plan a trip', true);
    await a.chat.remove(id);
    // B has not heard: it still shows the conversation and sends into it.
    expect(b.chat.activeId).toBe(id);
    b.chat.setDraft('Are you still there?');
    await b.chat.send();

    expect(b.notices.join(' ')).toContain(DELETED_ELSEWHERE);
    expect(b.chat.draft).toBe('Are you still there?');
    expect(b.chat.activeId).toBeNull();
    expect(b.seen).toHaveLength(0);
    // No orphan: the refused write left no message anywhere.
    expect(await b.db.getAll('messages')).toEqual([]);
    expect(await b.db.count('conversations')).toBe(0);
  });

  it('an answer streaming in tab B stops when tab A deletes its conversation; nothing is left behind', async () => {
    let aborted = false;
    // B's model: one word, then it waits until it is stopped.
    const hanging: ChatProvider = {
      kind: 'transformers',
      label: 'Local',
      async *stream({ signal }) {
        yield { type: 'text-delta', text: 'Thinking' };
        await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve()));
        aborted = true;
      },
    };
    const { a, b } = await twoTabs({
      providerB: () => ({ provider: hanging, model: { kind: 'transformers', id: 'local', label: 'Local' } }),
    });
    const id = await bothOn(a, b, 'Plan a trip');
    const sending = b.chat.send('A long question');
    await vi.waitFor(() => expect(b.chat.isStreaming).toBe(true));

    await a.chat.remove(id);
    await sending;

    expect(aborted).toBe(true);
    expect(b.chat.isStreaming).toBe(false);
    expect(b.chat.activeId).toBeNull();
    expect(b.notices.join(' ')).toContain(DELETED_ELSEWHERE);
    expect(await b.db.getAll('messages')).toEqual([]);
  });

  it('a message sent in tab A appears in tab B without a reload', async () => {
    const { a, b } = await twoTabs();
    await bothOn(a, b, 'First');
    await a.chat.send('Second');
    await vi.waitFor(() =>
      expect(b.chat.messages.map((m) => m.content)).toEqual([
        'First',
        'Answer 1 from a',
        'Second',
        'Answer 2 from a',
      ]),
    );
    expect(b.chat.messages.at(-1)?.status).toBe('complete');
  });

  it("a question sent in tab B follows tab A's turns, and the model sees them, even unheard", async () => {
    const { a, b } = await twoTabs({ deaf: true });
    await bothOn(a, b, 'First', true);
    await a.chat.send('From A');
    // B heard nothing: its screen ends at the first answer, but storage has A's turn.
    expect(b.chat.messages.map((m) => m.content)).toEqual(['First', 'Answer 1 from a']);
    await b.chat.send('From B');

    expect(b.seen.at(-1)?.map((m) => m.content)).toEqual([
      'First',
      'Answer 1 from a',
      'From A',
      'Answer 2 from a',
      'From B',
    ]);
    expect(b.chat.messages.map((m) => m.content)).toEqual([
      'First',
      'Answer 1 from a',
      'From A',
      'Answer 2 from a',
      'From B',
      'Answer 1 from b',
    ]);
    // One chain: B's question hangs under A's answer, not beside A's question.
    const stored = await b.conversations.messages(b.chat.activeId!);
    const fromB = stored.find((m) => m.content === 'From B')!;
    expect(stored.find((m) => m.id === fromB.parentId)?.content).toBe('Answer 2 from a');
  });

  it('a rename in tab A shows in tab B', async () => {
    const { a, b } = await twoTabs();
    const id = await bothOn(a, b, 'Plan a trip');
    await a.chat.rename(id, 'Lisbon');
    await vi.waitFor(() => expect(b.chat.conversations.find((c) => c.id === id)?.title).toBe('Lisbon'));
  });

  it('a send after a newer tab closed the database is refused with the reload notice, the text kept', async () => {
    const closed = 'Tandem was updated in another tab: reload.';
    const notices: string[] = [];
    const { chat, seen } = await scriptedChat(() => answerParts('never'), {
      storageClosed: () => closed,
      onNotice: (message) => void notices.push(message),
      onError: (error) => {
        throw error instanceof TandemError ? error : new Error(String(error));
      },
    });
    chat.setDraft('Still typing');
    await chat.flushDraft();
    await chat.send();
    expect(notices).toEqual([closed]);
    expect(chat.draft).toBe('Still typing');
    expect(seen).toHaveLength(0);
    expect(chat.conversations).toEqual([]);
  });
});
