/**
 * A model file of the right size with wrong bytes (what the hub stand-in's old slow mode left, or a
 * bad disk): Verify / repair finds it by the sha256 the host gives (X-Linked-Etag), says it is
 * damaged and offers a re-download; damaged embedding files are named by the health strip and by
 * Metrics → Health checks alike, and the re-download brings scoring back (issue 28, major 4).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  TEST_ENCODER,
  TEST_MODEL,
  lastAnswer,
  sendMessage,
  setHealthModel,
  setUpLocalModel,
  waitForModelReady,
} from './helpers';

/** Flips bytes in the middle of a model's stored ONNX file, keeping its size; returns the file. */
async function flipStoredBytes(page: Page, model: string): Promise<{ file: string; sha256: string | null }> {
  return page.evaluate(async (model) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('tandem-models');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    type Rec = { key: string; file: string; data: Blob; size: number; sha256?: string };
    const all = await new Promise<Rec[]>((resolve) => {
      const get = db.transaction('files').objectStore('files').index('by-model').getAll(model);
      get.onsuccess = () => resolve(get.result as Rec[]);
    });
    const record = all.find((r) => r.file.endsWith('.onnx'));
    if (!record) throw new Error(`no stored ONNX file for ${model}`);
    const bytes = new Uint8Array(await record.data.arrayBuffer());
    const from = Math.floor(bytes.length / 2);
    for (let i = from; i < Math.min(bytes.length, from + 64); i++) bytes[i] = bytes[i]! ^ 0xff;
    const data = new Blob([bytes]);
    const store = db.transaction('files', 'readwrite').objectStore('files');
    await new Promise((resolve) => (store.put({ ...record, data, size: data.size }).onsuccess = resolve));
    db.close();
    return { file: record.file, sha256: record.sha256 ?? null };
  }, model);
}

test('a chat model file with flipped bytes: Verify names it damaged, and Re-download fetches it again', async ({
  page,
}) => {
  await setUpLocalModel(page);
  const damaged = await flipStoredBytes(page, TEST_MODEL);
  // The host's sha256 was recorded when the file arrived.
  expect(damaged.sha256).toMatch(/^[0-9a-f]{64}$/);

  await page.goto('/#/models');
  const card = page.locator(`[data-testid="model-entry"][data-model="${TEST_MODEL}"]`);
  await card.getByRole('button', { name: 'Verify / repair' }).click();
  const result = page.getByTestId('verify-result');
  await expect(result).toHaveAttribute('data-damaged', 'true');
  await expect(result).toContainText(
    `were damaged: their bytes do not match the host's sha256 (${damaged.file})`,
  );
  await expect(result).toContainText('re-download them');

  await result.getByRole('button', { name: 'Re-download' }).click();
  await expect(card.getByTestId('load-info')).toHaveAttribute('data-downloaded', /^[1-9]/, {
    timeout: 60_000,
  });
  await page.goto('/#/models');
  await card.getByRole('button', { name: 'Verify / repair' }).click();
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-damaged', 'false');
  await expect(page.getByTestId('verify-result')).toContainText(
    'stored files are whole (sizes and sha256 checked',
  );
});

test('damaged embedding model files: the health strip and Metrics → Health checks both say re-download, and it works', async ({
  page,
}) => {
  await setUpLocalModel(page);
  await setHealthModel(page, TEST_ENCODER);
  await flipStoredBytes(page, TEST_ENCODER);

  // A new session loads the embedding model from this device: its files no longer match.
  await page.reload();
  await waitForModelReady(page);
  await sendMessage(page, 'Is health still scored?');
  await lastAnswer(page);
  const strip = page.getByTestId('message-assistant').first().getByTestId('health-strip');
  await expect(strip).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(strip.getByTestId('health-error')).toContainText("the embedding model's files are damaged", {
    ignoreCase: true,
  });
  await expect(strip.getByTestId('health-error')).toContainText('re-download them');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Metrics' }).click();
  const embedding = page.locator('[data-testid="health-checks"] [data-component="embedding-model"]');
  await expect(embedding).toHaveAttribute('data-up', 'false');
  await expect(embedding).toContainText('files are damaged');
  await expect(embedding.getByRole('button', { name: 'Re-download it' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
  await strip.getByRole('button', { name: 'Re-download the embedding model' }).click();
  await expect(strip).toHaveAttribute('data-state', 'scored', { timeout: 60_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Metrics' }).click();
  await expect(embedding).toHaveAttribute('data-up', 'true');
});
