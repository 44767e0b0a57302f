import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConversationRepository } from './conversations';
import { QuarantineRepository } from './quarantine';
import { openAppDb } from './schema';
import { interruptStaleStreams, repairAtStartup } from './startup-recovery';
import { heldStreamIds, holdStreamLock } from './stream-locks';
import type { StoredMessage } from '../../core/stored';

let n = 0;
const freshDb = () => openAppDb(`startup-recovery-test-${n++}`);

function message(id: string, patch: Partial<StoredMessage> = {}): StoredMessage {
  return {
    id,
    conversationId: 'c1',
    role: 'assistant',
    content: 'half an answ',
    createdAt: 2,
    status: 'streaming',
    ...patch,
  };
}

describe('startup recovery', () => {
  it('an answer left streaming by a crash becomes interrupted, its text kept', async () => {
    const db = await freshDb();
    await db.put('conversations', { id: 'c1', title: 'T', createdAt: 1, updatedAt: 1 });
    await db.put('messages', message('m1'));
    await db.put('messages', message('m2', { status: 'complete', content: 'done' }));
    expect(await repairAtStartup(db, new QuarantineRepository(db), new Set())).toEqual({
      interrupted: 1,
      orphans: 0,
    });
    const repo = new ConversationRepository(db);
    const [first, second] = await repo.messages('c1');
    expect(first).toMatchObject({ id: 'm1', status: 'interrupted', content: 'half an answ' });
    expect(second).toMatchObject({ id: 'm2', status: 'complete' });
  });

  it('an answer another live tab is streaming (its lock is held) is left alone', async () => {
    const db = await freshDb();
    await db.put('conversations', { id: 'c1', title: 'T', createdAt: 1, updatedAt: 1 });
    await db.put('messages', message('m1'));
    await db.put('messages', message('m2'));
    expect(await interruptStaleStreams(db, new Set(['m1']))).toBe(1);
    expect((await db.get('messages', 'm1'))?.status).toBe('streaming');
    expect((await db.get('messages', 'm2'))?.status).toBe('interrupted');
  });

  it('messages whose conversation is gone are set aside in quarantine, the rest stay', async () => {
    const db = await freshDb();
    await db.put('conversations', { id: 'c1', title: 'T', createdAt: 1, updatedAt: 1 });
    await db.put('messages', message('m1', { status: 'complete' }));
    await db.put('messages', message('m2', { conversationId: 'c_gone', status: 'complete' }));
    const quarantine = new QuarantineRepository(db);
    expect(await repairAtStartup(db, quarantine, new Set())).toEqual({ interrupted: 0, orphans: 1 });
    expect(await db.get('messages', 'm2')).toBeUndefined();
    const set = await quarantine.list();
    expect(set).toHaveLength(1);
    expect(set[0]).toMatchObject({ store: 'messages', key: 'm2' });
    expect(set[0]!.reason).toMatch(/orphan.*c_gone/);
    expect(await db.get('messages', 'm1')).toBeDefined();
  });

  it('without navigator.locks, holding is a no-op and nothing reads as held', async () => {
    expect(typeof (globalThis as { navigator?: { locks?: unknown } }).navigator?.locks).toBe('undefined');
    const release = holdStreamLock('m1');
    expect(await heldStreamIds()).toEqual(new Set());
    release();
  });
});
