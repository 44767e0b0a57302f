/**
 * Models whose weights live in ONNX external-data files (the Hub's layout for big models), with
 * the generated tiny chat model in both shapes: one `model_quantized.onnx_data` file, and two
 * chunks (`…onnx_data`, `…onnx_data_1`). They download with progress into IndexedDB, survive a
 * cut connection (the stored graph alone does not count as a downloaded model; loading again
 * a failed chunk no longer hangs the load) and load and answer with the network cut.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  addAndLoadModel,
  chooseBackend,
  lastAnswer,
  openSettingsAndSetHost,
  sendMessage,
  setHubMode,
  waitForModelReady,
} from './helpers';
import { HUB_URL } from './ports';

const EXTERNAL = 'tandem-test/tiny-chat-external';
const CHUNKED = 'tandem-test/tiny-chat-chunked';
const GREETING = "Hello from Tandem's tiny test model";

test.use({ serviceWorkers: 'allow' });

test.afterEach(async ({ request }) => {
  await setHubMode(request, {
    mode: 'normal',
    match: `${EXTERNAL}/resolve/main/onnx/model_quantized.onnx_data`,
  });
  await setHubMode(request, { mode: 'normal', match: `${EXTERNAL}/resolve/main/onnx/` });
});

async function storedFiles(page: Page, model: string): Promise<string[]> {
  return page.evaluate(async (id) => {
    const open = indexedDB.open('tandem-models');
    const db: IDBDatabase = await new Promise((res, rej) => {
      open.onsuccess = () => res(open.result);
      open.onerror = () => rej(open.error);
    });
    const files: { file: string; size: number; data: Blob }[] = await new Promise((res) => {
      const req = db.transaction('files').objectStore('files').index('by-model').getAll(id);
      req.onsuccess = () => res(req.result);
    });
    db.close();
    // Only whole files count (the data's size is the recorded one).
    return files.filter((f) => f.data.size === f.size).map((f) => f.file);
  }, model);
}

const entryOf = (page: Page, model: string) =>
  page.locator(`[data-testid="model-entry"][data-model="${model}"]`);

test('one external-data file: downloads with progress into IndexedDB and answers', async ({
  page,
  request,
}) => {
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  // Slow enough to see the download under way.
  await setHubMode(request, {
    mode: 'slow',
    match: `${EXTERNAL}/resolve/main/onnx/`,
    bytesPerSecond: 60_000,
  });
  await addAndLoadModel(page, EXTERNAL);
  await expect(page.getByTestId('download-percent')).toHaveText(/\d+%/, { timeout: 30_000 });
  await expect(page.getByTestId('download-bytes')).toContainText(/ of /);
  await waitForModelReady(page);
  const files = await storedFiles(page, EXTERNAL);
  expect(files).toEqual(
    expect.arrayContaining(['onnx/model_quantized.onnx', 'onnx/model_quantized.onnx_data']),
  );
  await sendMessage(page, 'Hi there');
  expect(await lastAnswer(page)).toContain(GREETING);
});

test('two chunks: download, load and answer, then load and answer again with the network cut', async ({
  page,
  context,
}) => {
  // First visit: the service worker installs and takes the page (as offline.spec.ts does).
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  await addAndLoadModel(page, CHUNKED);
  await waitForModelReady(page);
  expect(await storedFiles(page, CHUNKED)).toEqual(
    expect.arrayContaining([
      'onnx/model_quantized.onnx',
      'onnx/model_quantized.onnx_data',
      'onnx/model_quantized.onnx_data_1',
    ]),
  );
  await page.goto('/#/models');
  await expect(entryOf(page, CHUNKED).getByText(/on this device/)).toBeVisible();
  await page.goto('/#/chat');
  await sendMessage(page, 'Hello while online');
  expect(await lastAnswer(page)).toContain(GREETING);

  await context.setOffline(true);
  await page.reload();
  // The selected model loads by itself from IndexedDB (its manifest says it is whole).
  await waitForModelReady(page);
  await sendMessage(page, 'And hello while offline');
  expect(await lastAnswer(page)).toContain(GREETING);
  const reach = await page.evaluate(
    (url) =>
      fetch(url).then(
        () => 'reached',
        () => 'failed',
      ),
    `${HUB_URL}__requests`,
  );
  expect(reach).toBe('failed');
});

test('a chunk the host fails ends the load with an error instead of hanging, and the model stays partial until a load completes it', async ({
  page,
  request,
}) => {
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  const second = `${EXTERNAL}/resolve/main/onnx/model_quantized.onnx_data`;
  await setHubMode(request, { mode: 'fail500', match: second });
  await addAndLoadModel(page, EXTERNAL);
  await expect(page.getByTestId('load-error')).toBeVisible({ timeout: 60_000 });
  expect(await storedFiles(page, EXTERNAL)).not.toContain('onnx/model_quantized.onnx_data');
  await page.goto('/#/models');
  await expect(entryOf(page, EXTERNAL).getByTestId('partial')).toBeVisible();

  await setHubMode(request, { mode: 'normal', match: second });
  await entryOf(page, EXTERNAL).getByRole('button', { name: 'Resume download & load' }).click();
  await waitForModelReady(page);
  expect(await storedFiles(page, EXTERNAL)).toContain('onnx/model_quantized.onnx_data');
  await page.goto('/#/models');
  await expect(entryOf(page, EXTERNAL).getByTestId('partial')).toHaveCount(0);
});
