/** Direct IndexedDB access for the storage tests: seed damaged records, read records back. */
import type { Download, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { setUpClaudeChat, startConversation as startAnsweredConversation } from './ux-helpers';

/** Puts raw records into a store of a database, bypassing the app (as damage would). */
export async function putRaw(page: Page, db: string, store: string, records: unknown[]): Promise<void> {
  await page.evaluate(
    async ({ db, store, records }) => {
      const open = indexedDB.open(db);
      const handle = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = handle.transaction(store, 'readwrite');
      for (const r of records) tx.objectStore(store).put(r);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      handle.close();
    },
    { db, store, records },
  );
}

/** Every record of a store, sorted by key, as JSON-safe values (typed arrays as arrays). */
export async function readStore(page: Page, store: string, db = 'tandem'): Promise<unknown[]> {
  return page.evaluate(
    async ({ db, store }) => {
      const open = indexedDB.open(db);
      const handle = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const req = handle.transaction(store).objectStore(store).getAll();
      const all = await new Promise<unknown[]>((resolve, reject) => {
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      handle.close();
      return JSON.parse(
        JSON.stringify(all, (_k, v: unknown) => (v instanceof Float32Array ? Array.from(v) : v)),
      ) as unknown[];
    },
    { db, store },
  );
}

/** Pages whose Claude (the test run's fake server) is set up to answer. */
const answering = new WeakSet<Page>();

/**
 * Starts a conversation whose question is answered (Send needs a model, so the first call sets
 * up Claude through the test run's fake server).
 */
export async function startConversation(page: Page, text: string): Promise<void> {
  if (!answering.has(page)) {
    await setUpClaudeChat(page);
    answering.add(page);
  }
  await startAnsweredConversation(page, text);
}

export async function downloadText(download: Download): Promise<string> {
  const path = await download.path();
  return readFile(path, 'utf8');
}

/** Empties the profile: deletes the app's database from a page away from the app (no connection holds it open). */
export async function emptyProfile(page: Page): Promise<void> {
  await page.goto('/favicon.svg');
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const del = indexedDB.deleteDatabase('tandem');
        del.onsuccess = () => resolve();
        del.onerror = () => reject(del.error);
      }),
  );
}
