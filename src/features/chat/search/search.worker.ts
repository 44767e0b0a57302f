/// <reference lib="webworker" />
/**
 * Search inside messages, off the page's thread: the worker reads the messages store itself
 * with a cursor (100,000 messages never cross to the page) and returns the newest matches.
 * Records are read as untrusted: only string fields are used, and only as text.
 */
import type { IDBPDatabase } from 'idb';
import { openAppDb, type TandemDB } from '../../../platform/db/schema';
import { serveRpc } from '../../../platform/rpc/server';
import { matchMessage, NewestHits, queryWords } from './match';
import type { MessageSearchMethods } from './protocol';

let db: Promise<IDBPDatabase<TandemDB>> | null = null;

serveRpc<MessageSearchMethods>(self, {
  search: async ({ query, limit }) => {
    const words = queryWords(query);
    const newest = new NewestHits(Math.max(1, Math.min(100, limit)));
    if (words.length === 0) return { hits: [], scanned: 0 };
    const open = await (db ??= openAppDb());
    let scanned = 0;
    let cursor = await open.transaction('messages').store.openCursor();
    while (cursor) {
      scanned += 1;
      const hit = matchMessage(cursor.value, words);
      if (hit) newest.add(hit);
      cursor = await cursor.continue();
    }
    return { hits: newest.hits, scanned };
  },
});
