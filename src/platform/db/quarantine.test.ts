import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConversationRepository } from './conversations';
import { KeyValueRepository } from './kv';
import { QuarantineRepository } from './quarantine';
import { openAppDb } from './schema';

let n = 0;
const freshDb = () => openAppDb(`quarantine-test-${n++}`);

describe('quarantine', () => {
  it('a bad message is set aside, the rest of the conversation loads', async () => {
    const db = await freshDb();
    await db.put('conversations', { id: 'c1', title: 'T', createdAt: 1, updatedAt: 1 });
    await db.put('messages', {
      id: 'm1',
      conversationId: 'c1',
      role: 'user',
      content: 'hi',
      createdAt: 1,
      status: 'complete',
    });
    await db.put('messages', {
      id: 'm2',
      conversationId: 'c1',
      role: 'assistant',
      content: null,
      createdAt: 2,
      status: 'complete',
    } as never);
    const quarantine = new QuarantineRepository(db);
    const repo = new ConversationRepository(db, quarantine);
    expect((await repo.messages('c1')).map((m) => m.id)).toEqual(['m1']);
    const set = await quarantine.list();
    expect(set).toHaveLength(1);
    expect(set[0]).toMatchObject({ store: 'messages', key: 'm2' });
    expect(set[0]!.reason).toMatch(/content/);
    expect((set[0]!.record as { id: string }).id).toBe('m2');
    // Moved, not copied: the store no longer has it, and reading again sets nothing more aside.
    expect(await db.get('messages', 'm2')).toBeUndefined();
    await repo.messages('c1');
    expect(await quarantine.list()).toHaveLength(1);
  });

  it('a bad conversation is left out of the list and kept in quarantine', async () => {
    const db = await freshDb();
    await db.put('conversations', { id: 'good', title: 'G', createdAt: 1, updatedAt: 5 });
    await db.put('conversations', { id: 'bad', title: 42, createdAt: 1, updatedAt: 1 } as never);
    await db.put('conversations', { id: 'noupdated', title: 'N', createdAt: 1 } as never);
    const quarantine = new QuarantineRepository(db);
    const list = await new ConversationRepository(db, quarantine).list();
    expect(list.map((c) => c.id)).toEqual(['good']);
    expect((await quarantine.list()).map((q) => q.key).sort()).toEqual(['bad', 'noupdated']);
  });

  it('a bad kv value reads as missing and is kept; a bad settings field is repaired with a notice', async () => {
    const db = await freshDb();
    const quarantine = new QuarantineRepository(db);
    const kv = new KeyValueRepository(db, quarantine);
    const repairs: string[] = [];
    kv.onRepaired = (r) => repairs.push(...r.fields);
    await kv.set('activeConversation', { id: 1 });
    await kv.set('settings', { customModels: 'x', systemPrompt: 'mine' });
    expect(await kv.get('activeConversation')).toBeUndefined();
    expect(await kv.get('settings')).toMatchObject({ customModels: [], systemPrompt: 'mine' });
    expect(repairs).toEqual(['customModels']);
    const set = await quarantine.list();
    expect(set.map((q) => q.key).sort()).toEqual(['activeConversation', 'settings']);
    // The repaired settings were written back; the original is in quarantine.
    expect((await db.get('kv', 'settings'))?.value).toMatchObject({ customModels: [] });
    expect(set.find((q) => q.key === 'settings')?.record).toMatchObject({ value: { customModels: 'x' } });
  });

  it('clear deletes the quarantined records only', async () => {
    const db = await freshDb();
    const quarantine = new QuarantineRepository(db);
    await db.put('conversations', { id: 'good', title: 'G', createdAt: 1, updatedAt: 5 });
    await quarantine.setAside([{ store: 'kv', key: 'k', record: 1, reason: 'r' }]);
    await quarantine.clear();
    expect(await quarantine.list()).toEqual([]);
    expect(await db.count('conversations')).toBe(1);
  });

  it('the quarantine migration adds the store to a version 2 database and keeps its data', async () => {
    const name = `migration-${n++}`;
    const v2 = await openAppDb(name, 2);
    await v2.put('conversations', { id: 'c', title: 'kept', createdAt: 1, updatedAt: 1 });
    v2.close();
    const v3 = await openAppDb(name, 3);
    expect(v3.objectStoreNames.contains('quarantine')).toBe(true);
    expect((await v3.get('conversations', 'c'))?.title).toBe('kept');
  });
});
