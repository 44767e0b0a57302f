import { describe, expect, it } from 'vitest';
import type { Conversation, StoredMessage } from '../core/stored';
import { visibleMessages } from './visible-messages';

const message = (id: string, parentId: string | null, createdAt: number): StoredMessage => ({
  id,
  conversationId: 'c1',
  parentId,
  role: parentId === null || parentId.startsWith('a') ? 'user' : 'assistant',
  content: id,
  createdAt,
  status: 'complete',
});

// A question edited once: u1 -> a1 and its sibling u2 -> a2 (the newer branch).
const all = [message('u1', null, 1), message('a1', 'u1', 2), message('u2', null, 3), message('a2', 'u2', 4)];
const conversation = (branches: Record<string, string>): Conversation =>
  ({ id: 'c1', title: 't', createdAt: 0, updatedAt: 0, branches }) as Conversation;

describe('visibleMessages', () => {
  it('a closed conversation reads as its stored branch choice, never every branch in time order', async () => {
    let reads = 0;
    const read = visibleMessages(() => ({ activeId: null, messages: [] }), {
      messages: async () => {
        reads++;
        return all;
      },
      get: async () => conversation({ '': 'u1' }),
    });
    expect((await read('c1')).map((m) => m.id)).toEqual(['u1', 'a1']);
    expect(reads).toBe(1);
  });

  it('without a stored choice the newest branch is the one shown', async () => {
    const read = visibleMessages(() => ({ activeId: 'other', messages: [] }), {
      messages: async () => all,
      get: async () => conversation({}),
    });
    expect((await read('c1')).map((m) => m.id)).toEqual(['u2', 'a2']);
  });

  it('the open conversation is what the chat holds: no storage read', async () => {
    const held = [all[0]!, all[1]!];
    const read = visibleMessages(() => ({ activeId: 'c1', messages: held }), {
      messages: async () => {
        throw new Error('read storage');
      },
      get: async () => {
        throw new Error('read storage');
      },
    });
    expect(await read('c1')).toBe(held);
  });
});
