import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { TandemError } from '../../core/errors';
import type { StoredMessage } from '../../core/stored';
import type { TabNotice } from '../tabs/notices';
import { ConversationRepository } from './conversations';
import { openAppDb } from './schema';

/** Two tabs: two connections to one database, each with its repository. */
async function twoTabs(): Promise<{ a: ConversationRepository; b: ConversationRepository; name: string }> {
  const name = `conversations-${Math.random()}`;
  return {
    a: new ConversationRepository(await openAppDb(name)),
    b: new ConversationRepository(await openAppDb(name)),
    name,
  };
}

function message(conversationId: string, id = 'm_1'): StoredMessage {
  return {
    id,
    conversationId,
    parentId: null,
    role: 'user',
    content: 'Are you still there?',
    createdAt: 1,
    status: 'complete',
  };
}

describe('ConversationRepository and a second tab', () => {
  it('refuses a message into a conversation another tab deleted: nothing written, no notice sent', async () => {
    const { a, b, name } = await twoTabs();
    const conversation = await a.create('Plan a trip');
    await b.putMessage(message(conversation.id, 'm_before'));
    await a.delete(conversation.id);
    const sent: TabNotice[] = [];
    b.onChange = (notice) => void sent.push(notice);

    const error = await b.putMessage(message(conversation.id)).then(
      () => null,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(TandemError);
    expect((error as TandemError).code).toBe('conversation-missing');
    const db = await openAppDb(name);
    expect(await db.getAll('messages')).toEqual([]);
    expect(await db.getAll('conversations')).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('tells the other tabs what each write changed', async () => {
    const { a } = await twoTabs();
    const sent: TabNotice[] = [];
    a.onChange = (notice) => void sent.push(notice);
    const c = await a.create('First');
    await a.update(c.id, { title: 'Renamed' });
    await a.putMessage(message(c.id));
    const deleted = await a.delete(c.id);
    await a.restore(deleted!);
    expect(sent).toEqual([
      { kind: 'conversation-created', conversationId: c.id },
      { kind: 'conversation-changed', conversationId: c.id },
      { kind: 'message-changed', conversationId: c.id, messageId: 'm_1' },
      { kind: 'conversation-deleted', conversationId: c.id },
      { kind: 'conversation-created', conversationId: c.id },
    ]);
    // Nothing changed, nothing said.
    sent.length = 0;
    await a.update('c_missing', { title: 'Nobody' });
    expect(await a.delete('c_missing')).toBeUndefined();
    expect(sent).toEqual([]);
  });

  it('writes a scored turn in one transaction: both messages or, for a deleted conversation, neither', async () => {
    const { a, b } = await twoTabs();
    const c = await a.create('Scored');
    const sent: TabNotice[] = [];
    a.onChange = (notice) => void sent.push(notice);
    await a.putMessages([message(c.id, 'm_q'), { ...message(c.id, 'm_a'), role: 'assistant', createdAt: 2 }]);
    expect((await b.messages(c.id)).map((m) => m.id)).toEqual(['m_q', 'm_a']);
    expect(sent.map((n) => n.kind)).toEqual(['message-changed', 'message-changed']);

    await b.delete(c.id);
    const error = await a
      .putMessages([message(c.id, 'm_q2'), message(c.id, 'm_a2')])
      .catch((e: unknown) => e);
    expect((error as TandemError).code).toBe('conversation-missing');
    expect(await b.messages(c.id)).toEqual([]);
    await expect(a.putMessages([message(c.id), message('other')])).rejects.toThrow(/one conversation/);
  });
});
