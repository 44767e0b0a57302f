/**
 * The model manager with generated models from the local hub: download progress, a cut
 * connection and resume (completed files are not fetched again), verify/repair, delete and
 * storage, a real quota error (CDP quota override), and one engine across two tabs.
 * Every test uses its own alias of the test model (`match` on it), so suites running alongside
 * are not disturbed.
 */
import { chromium, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HUB_URL } from './ports';
import {
  MODELS_TEST_MODEL,
  addAndLoadModel,
  chooseBackend,
  hubRequests,
  openSettingsAndSetHost,
  requestsFor,
  setHubMode,
  waitForModelReady,
} from './helpers';

const MODEL = MODELS_TEST_MODEL;
const entryOf = (page: Page) => page.locator(`[data-testid="model-entry"][data-model="${MODEL}"]`);

test.afterEach(async ({ request }) => {
  await setHubMode(request, { mode: 'normal', match: `${MODEL}/resolve/main/onnx/` });
});

async function storedFiles(page: Page): Promise<{ file: string; size: number }[]> {
  return page.evaluate(async (model) => {
    const open = indexedDB.open('tandem-models');
    const db: IDBDatabase = await new Promise((res, rej) => {
      open.onsuccess = () => res(open.result);
      open.onerror = () => rej(open.error);
    });
    const files: { file: string; size: number }[] = await new Promise((res) => {
      const req = db.transaction('files').objectStore('files').index('by-model').getAll(model);
      req.onsuccess = () => res(req.result);
    });
    db.close();
    return files.map((f) => ({ file: f.file, size: f.size }));
  }, MODEL);
}

test('a download shows bytes, percent, speed and time left, and can be cancelled', async ({
  page,
  request,
}) => {
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  // Slow enough (the 259 KB weights take ~32 s) that the download is still running when the stats are read,
  // also on a loaded machine; Cancel ends it early.
  await setHubMode(request, { mode: 'slow', match: `${MODEL}/resolve/main/onnx/`, bytesPerSecond: 8_000 });
  await addAndLoadModel(page, MODEL);
  const stats = page.getByTestId('download-stats');
  await expect(stats).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('download-speed')).toHaveText(/\d+(\.\d+)? (B|KB|MB)\/s/, {
    timeout: 30_000,
  });
  await expect(page.getByTestId('download-eta')).toHaveText(/\d+ s left|\d+ min \d+ s left/);
  await expect(page.getByTestId('download-percent')).toHaveText(/\d+%/);
  await expect(page.getByTestId('download-bytes')).toContainText(/ of /);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('download-stats')).toBeHidden();
  // Nothing half-downloaded was kept for the weights: a weights file is stored whole (it finished
  // before Cancel, on a loaded machine, and is kept for the next load) or not at all.
  for (const f of (await storedFiles(page)).filter((x) => x.file.startsWith('onnx/'))) {
    const head = await request.head(`${HUB_URL}${MODEL}/resolve/main/${f.file}`);
    expect(f.size, `${f.file} is kept whole or not at all`).toBe(Number(head.headers()['content-length']));
  }
});

test('after a cut connection, loading again fetches only the missing files; verify/repair removes a damaged file', async ({
  page,
  request,
}) => {
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  await setHubMode(request, { mode: 'cut', match: `${MODEL}/resolve/main/onnx/`, cutAfterBytes: 8192 });
  await addAndLoadModel(page, MODEL);
  await expect(page.getByTestId('load-error')).toBeVisible({ timeout: 60_000 });
  const kept = await storedFiles(page);
  // Which small files finished before the cut depends on timing (they load in parallel);
  // config.json is always first.
  expect(kept.map((f) => f.file)).toContain('config.json');
  expect(kept.some((f) => f.file.startsWith('onnx/'))).toBe(false);

  await setHubMode(request, { mode: 'normal', match: `${MODEL}/resolve/main/onnx/` });
  const before = requestsFor(await hubRequests(request), MODEL).length;
  // Resume after a closed tab: reload the page, then load again.
  await page.reload();
  await page.goto('/#/models');
  await entryOf(page).getByRole('button', { name: /load/i }).click();
  await waitForModelReady(page);
  const resumed = requestsFor(await hubRequests(request), MODEL)
    .slice(before)
    .filter((r) => r.method === 'GET');
  const files = resumed.map((r) => r.path.replace(`/${MODEL}/resolve/main/`, ''));
  expect(files).toContain('onnx/model_quantized.onnx');
  for (const done of kept) expect(files).not.toContain(done.file);

  // Damage a stored file the way an old interrupted write could (short data, matching size).
  await page.evaluate(async (model) => {
    const open = indexedDB.open('tandem-models');
    const db: IDBDatabase = await new Promise((res) => (open.onsuccess = () => res(open.result)));
    const key = `${model}/resolve/main/onnx/model_quantized.onnx`;
    const store = db.transaction('files', 'readwrite').objectStore('files');
    const rec = await new Promise<{ data: Blob; size: number }>((res) => {
      const r = store.get(key);
      r.onsuccess = () => res(r.result);
    });
    const short = rec.data.slice(0, 1000);
    await new Promise((res) => {
      const w = store.put({ ...rec, data: short, size: short.size });
      w.onsuccess = res;
    });
    db.close();
  }, MODEL);
  await page.goto('/#/models');
  await entryOf(page).getByRole('button', { name: 'Verify / repair' }).click();
  await expect(page.getByTestId('verify-result')).toContainText(
    '1 file(s) were incomplete (onnx/model_quantized.onnx)',
  );
  expect((await storedFiles(page)).some((f) => f.file.startsWith('onnx/'))).toBe(false);
});

test('delete frees the space and shows how much; the offline check names what is missing', async ({
  page,
}) => {
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  await addAndLoadModel(page, MODEL);
  await waitForModelReady(page);
  await page.goto('/#/models');
  const entry = entryOf(page);
  await expect(entry.getByText(/on this device/)).toBeVisible();
  await expect(entry.getByTestId('model-facts')).toContainText('transformers.js');
  await expect(entry.getByTestId('fit')).toBeVisible();
  await expect(page.getByTestId('offline-summary')).toContainText('Not offline ready');
  await expect(page.getByTestId('offline-summary')).not.toContainText('Chat model');

  const stored = (await storedFiles(page)).reduce((n, f) => n + f.size, 0);
  expect(stored).toBeGreaterThan(200_000);
  await entry.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('freed')).toContainText(/freed \d+(\.\d+)? KB/);
  await expect(page.getByTestId('storage-used')).toContainText('transformers.js models: 0 B');
  expect(await storedFiles(page)).toEqual([]);
  await expect(entry.getByText(/on this device/)).toBeHidden();
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(page.getByTestId('offline-summary')).toContainText('Chat model');

  await page.getByRole('button', { name: 'Keep my models' }).click();
  await expect(page.getByTestId('persist-result')).toContainText(/Granted|Not granted/);
});

test('a download that exceeds the storage quota says so clearly and removes its partial files', async ({
  baseURL,
}, testInfo) => {
  // A real quota error: Chromium applies a CDP quota override to IndexedDB only for an on-disk
  // profile (measured: in Playwright's default in-memory context IndexedDB writes ignore it).
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'tandem-quota-')), {
    executablePath: testInfo.project.use.launchOptions?.executablePath,
    args: testInfo.project.use.launchOptions?.args,
    baseURL,
    serviceWorkers: 'block',
  });
  try {
    const page = await context.newPage();
    const origin = new URL(baseURL!).origin;
    const cdp = await context.newCDPSession(page);
    // Set before the origin first uses storage (the quota is read once per origin). Room for
    // the app database and the small JSON files, not for the 220 KB weights.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 120_000 });
    await openSettingsAndSetHost(page);
    await chooseBackend(page, 'wasm');
    await addAndLoadModel(page, MODEL);
    const error = page.getByTestId('load-error');
    await expect(error).toBeVisible({ timeout: 60_000 });
    await expect(error).toHaveAttribute('data-code', 'quota-exceeded');
    await expect(error).toContainText(/Not enough storage/);
    await expect(error).toContainText(/partial download .* was removed/);
    expect(await storedFiles(page)).toEqual([]);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  } finally {
    await context.close();
  }
});

test('a second tab does not load a second engine, says the model runs elsewhere, and can take over', async ({
  page,
  context,
}) => {
  await context.addInitScript(() => {
    const Original = window.Worker;
    (window as unknown as { __llmWorkers: number }).__llmWorkers = 0;
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (options?.name === 'tandem-llm') (window as unknown as { __llmWorkers: number }).__llmWorkers++;
      }
    };
  });
  const workers = (p: Page) => p.evaluate(() => (window as unknown as { __llmWorkers: number }).__llmWorkers);

  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  await addAndLoadModel(page, MODEL);
  await waitForModelReady(page);
  expect(await workers(page)).toBe(1);

  // The second tab would load the cached model on start; it must not.
  const second = await context.newPage();
  await second.goto('/#/chat');
  const banner = second.getByTestId('engine-elsewhere');
  await expect(banner).toContainText('runs in another Tandem tab', { timeout: 30_000 });
  expect(await workers(second)).toBe(0);
  await expect(second.getByTestId('model-status')).toHaveAttribute('data-status', 'elsewhere');

  await banner.getByRole('button', { name: 'Use it here' }).click();
  await expect(second.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', {
    timeout: 60_000,
  });
  expect(await workers(second)).toBe(1);
  await expect(page.getByTestId('engine-elsewhere')).toContainText('Another Tandem tab took over');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'elsewhere');
});

test('per-conversation generation settings are stored on the conversation; the context meter shows the window', async ({
  page,
}) => {
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  await addAndLoadModel(page, MODEL);
  await waitForModelReady(page);
  const box = page.getByLabel('Message');
  await box.fill('Hello');
  await box.press('Enter');
  await expect(page.getByTestId('message-assistant').last()).not.toHaveAttribute('data-status', 'streaming', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('context-used')).toContainText(/of 2,048 tokens used \(512/);

  await page.getByText('Generation settings').click();
  await page.getByLabel('Conversation system prompt').fill('Answer like a pirate.');
  await page.getByLabel('Max tokens').fill('64');
  await page.getByLabel('Temperature').fill('0.2');
  await page.getByRole('button', { name: 'Save for this conversation' }).click();
  await expect(page.getByTestId('context-used')).toContainText(/of 2,048 tokens used \(64 kept/);

  const stored = await page.evaluate(async () => {
    const open = indexedDB.open('tandem');
    const db: IDBDatabase = await new Promise((res) => (open.onsuccess = () => res(open.result)));
    const all: { settings?: unknown }[] = await new Promise((res) => {
      const r = db.transaction('conversations').objectStore('conversations').getAll();
      r.onsuccess = () => res(r.result);
    });
    db.close();
    return all.map((c) => c.settings);
  });
  expect(stored).toEqual([
    { systemPrompt: 'Answer like a pirate.', temperature: 0.2, topP: 0.95, maxTokens: 64 },
  ]);

  await page.reload();
  await waitForModelReady(page);
  await page.getByText('Generation settings').click();
  await expect(page.getByLabel('Max tokens')).toHaveValue('64');
  await expect(page.getByLabel('Conversation system prompt')).toHaveValue('Answer like a pirate.');
});
