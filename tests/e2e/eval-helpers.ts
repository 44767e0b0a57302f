/** The Evaluate page as a person uses it, plus reads of what it stored in IndexedDB. */
import type { Download, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { expect } from './fixtures';

/** Loads a configuration through the file input, as a person picking a file would. */
export async function loadConfiguration(page: Page, config: unknown, name = 'eval.json'): Promise<void> {
  await page.getByLabel('Configuration file').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(typeof config === 'string' ? config : JSON.stringify(config)),
  });
}

export interface StoredResponse {
  model: string;
  taskKey: string;
  status: string;
  judgeStatus: string;
  text: string;
}

/** Every workbench response stored in IndexedDB (all evaluations). */
export async function storedResponses(page: Page): Promise<StoredResponse[]> {
  return page.evaluate(
    () =>
      new Promise<StoredResponse[]>((resolve, reject) => {
        const open = indexedDB.open('tandem');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('evalResponses').objectStore('evalResponses').getAll();
          get.onsuccess = () => {
            db.close();
            resolve(get.result as StoredResponse[]);
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

export async function downloadedText(download: Download): Promise<string> {
  return readFile((await download.path())!, 'utf8');
}

/** Clicks an export button and returns the file's name and text. */
export async function exportResults(
  page: Page,
  format: 'JSON' | 'CSV',
): Promise<{ name: string; text: string }> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: `Export results (${format})` }).click();
  const download = await downloading;
  return { name: download.suggestedFilename(), text: await downloadedText(download) };
}

/** Waits for the selected (newest) evaluation to reach a status. */
export async function expectEvaluationStatus(page: Page, status: string, timeout = 60_000): Promise<void> {
  await expect(page.getByTestId('evaluation-item').first()).toHaveAttribute('data-status', status, {
    timeout,
  });
}
