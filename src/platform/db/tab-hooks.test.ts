import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { TandemError } from '../../core/errors';
import { UPDATED_IN_ANOTHER_TAB } from '../tabs/status-text';
import { ConversationRepository } from './conversations';
import { KeyValueRepository } from './kv';
import { KV } from './kv-keys';
import { APP_DB_VERSION, openAppDb } from './schema';

describe('the app database and other tabs', () => {
  it('a newer tab upgrading closes this connection: the hook hears it, every write says reload', async () => {
    const name = `tab-hooks-${Math.random()}`;
    const onVersionChange = vi.fn();
    const db = await openAppDb(name, 8, { onVersionChange });
    const conversations = new ConversationRepository(db);
    const kv = new KeyValueRepository(db);
    const kept = await conversations.create('Kept');

    // The newer tab: version 9, upgraded as soon as this tab lets go.
    const newer = await openAppDb(name, 9);
    expect(onVersionChange).toHaveBeenCalledTimes(1);

    const refused = (promise: Promise<unknown>): Promise<unknown> =>
      promise.then(
        () => null,
        (e) => e,
      );
    for (const attempt of [
      refused(kv.set(KV.draft(kept.id), 'typed after the upgrade')),
      refused(conversations.create('Another')),
      refused(conversations.list()),
    ]) {
      const error = await attempt;
      expect(error).toBeInstanceOf(TandemError);
      expect((error as TandemError).code).toBe('database-closed');
      expect((error as TandemError).message).toBe(UPDATED_IN_ANOTHER_TAB);
    }
    // The newer tab has everything, and nothing half-written from this one.
    expect((await newer.getAll('conversations')).map((c) => c.title)).toEqual(['Kept']);
    expect(await newer.getAll('kv')).toEqual([]);
    newer.close();
  });

  it('an upgrade an older tab holds up says so (onBlocked), and goes on once that tab lets go', async () => {
    const name = `tab-hooks-blocked-${Math.random()}`;
    (await openAppDb(name, APP_DB_VERSION - 1)).close();
    // An older tab that does not close on versionchange (an old release, or a busy one).
    const older = await openDB(name, APP_DB_VERSION - 1);
    const onBlocked = vi.fn();
    const opening = openAppDb(name, APP_DB_VERSION, { onBlocked });
    await vi.waitFor(() => expect(onBlocked).toHaveBeenCalledTimes(1));
    older.close();
    const db = await opening;
    expect(db.version).toBe(APP_DB_VERSION);
    db.close();
  });
});
