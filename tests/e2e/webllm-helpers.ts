import type { Page } from '@playwright/test';

/**
 * Stores what WebLLM's own cache check looks for (the model's tensor-cache.json, here with no
 * shards) in WebLLM's IndexedDB cache, as a finished download leaves it.
 */
export async function markWebLLMWeightsStored(page: Page, url: string): Promise<void> {
  await page.evaluate(async (key) => {
    const open = indexedDB.open('webllm/model', 1);
    open.onupgradeneeded = () => {
      if (!open.result.objectStoreNames.contains('urls'))
        open.result.createObjectStore('urls', { keyPath: 'url' });
    };
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise((resolve, reject) => {
      const tx = db.transaction('urls', 'readwrite');
      tx.objectStore('urls').put({ url: key, data: { records: [] } });
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, url);
}
