import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { APP_DB_VERSION, openAppDb } from './schema';
import type { StoredMessage } from '../../core/stored';

const message = (
  id: string,
  conversationId: string,
  createdAt: number,
  extra: object = {},
): StoredMessage => ({
  id,
  conversationId,
  role: id.startsWith('u') ? 'user' : 'assistant',
  content: `text of ${id}`,
  createdAt,
  status: 'complete',
  ...extra,
});

describe('database version 8: conversations become trees', () => {
  it('turns each linear conversation of a version-7 database into a chain that reads as before', async () => {
    const name = `tree-${Math.random()}`;
    const v7 = await openAppDb(name, 7);
    await v7.put('conversations', { id: 'c1', title: 'One', createdAt: 1, updatedAt: 9 });
    await v7.put('conversations', { id: 'c2', title: 'Two', createdAt: 1, updatedAt: 9 });
    // Written out of order, and two with the same creation time (ordered by id, as the index is).
    for (const m of [
      message('a2', 'c1', 40),
      message('u1', 'c1', 10),
      message('u2', 'c1', 30),
      message('a1', 'c1', 20),
      message('u9', 'c2', 5),
      message('a9x', 'c2', 7),
      message('a9y', 'c2', 7),
    ]) {
      await v7.put('messages', m);
    }
    expect(v7.objectStoreNames.contains('documents')).toBe(false);
    v7.close();

    const db = await openAppDb(name, APP_DB_VERSION);
    const all = await db.getAll('messages');
    const parent = Object.fromEntries(all.map((m) => [m.id, m.parentId]));
    expect(parent).toEqual({ u1: null, a1: 'u1', u2: 'a1', a2: 'u2', u9: null, a9x: 'u9', a9y: 'a9x' });
    // Nothing else changed.
    expect(all.find((m) => m.id === 'a2')).toEqual({ ...message('a2', 'c1', 40), parentId: 'u2' });
    expect(await db.get('conversations', 'c1')).toEqual({
      id: 'c1',
      title: 'One',
      createdAt: 1,
      updatedAt: 9,
    });

    expect([...db.transaction('documents').store.indexNames]).toEqual(['by-conversation']);
    expect([...db.transaction('documentChunks').store.indexNames]).toEqual(['by-document']);
    db.close();
  });

  it('keeps a parent a message already names (the step may run on data written by a tree-aware build)', async () => {
    const name = `tree-kept-${Math.random()}`;
    const v7 = await openAppDb(name, 7);
    await v7.put('conversations', { id: 'c', title: 'T', createdAt: 1, updatedAt: 1 });
    await v7.put('messages', message('u1', 'c', 1, { parentId: null }));
    await v7.put('messages', message('a1', 'c', 2, { parentId: 'u1' }));
    await v7.put('messages', message('a1b', 'c', 3, { parentId: 'u1' }));
    await v7.put('messages', message('u2', 'c', 4));
    v7.close();
    const db = await openAppDb(name);
    const parent = Object.fromEntries((await db.getAll('messages')).map((m) => [m.id, m.parentId]));
    expect(parent).toEqual({ u1: null, a1: 'u1', a1b: 'u1', u2: 'a1b' });
    db.close();
  });

  it('a version-1 database reaches version 8 with its messages chained', async () => {
    const name = `tree-v1-${Math.random()}`;
    const v1 = await openAppDb(name, 1);
    await v1.put('conversations', { id: 'c', title: 'Old', createdAt: 1, updatedAt: 1 });
    const raw = (m: StoredMessage): Omit<StoredMessage, 'status'> => {
      const { status: _status, ...rest } = m;
      return rest;
    };
    await v1.put('messages', raw(message('u1', 'c', 1)) as StoredMessage);
    await v1.put('messages', raw(message('a1', 'c', 2)) as StoredMessage);
    v1.close();
    const db = await openAppDb(name);
    const a1 = await db.get('messages', 'a1');
    expect(a1).toMatchObject({ parentId: 'u1', status: 'complete' });
    db.close();
  });
});
