import { expect, test } from './fixtures';
import {
  FLAKY_MODEL,
  addAndLoadModel,
  chooseBackend,
  openSettingsAndSetHost,
  setHubMode,
  waitForModelReady,
} from './helpers';

test.afterEach(async ({ request }) => {
  await setHubMode(request, { mode: 'normal', match: `${FLAKY_MODEL}/resolve/main/onnx/` });
});

test('a download cut mid-file shows a clear error, leaves nothing broken, and Retry succeeds', async ({
  page,
  request,
}) => {
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  // Only this test's model copy is affected, so tests running alongside are not.
  await setHubMode(request, { mode: 'cut', match: `${FLAKY_MODEL}/resolve/main/onnx/`, cutAfterBytes: 4096 });
  await addAndLoadModel(page, FLAKY_MODEL);
  const error = page.getByTestId('load-error');
  await expect(error).toBeVisible({ timeout: 60_000 });
  await expect(error).toContainText(/connection was cut|incomplete|Retry/i);
  // The model is not shown as stored on this device after a failed download of its weights.
  const entry = page.locator(`[data-testid="model-entry"][data-model="${FLAKY_MODEL}"]`);
  const stored = await page.evaluate(async (model) => {
    const open = indexedDB.open('tandem-models');
    const db: IDBDatabase = await new Promise((res, rej) => {
      open.onsuccess = () => res(open.result);
      open.onerror = () => rej(open.error);
    });
    const files: { file: string; size: number; data: Blob }[] = await new Promise((res) => {
      const req = db.transaction('files').objectStore('files').index('by-model').getAll(model);
      req.onsuccess = () => res(req.result);
    });
    return files.map((f) => ({ file: f.file, whole: f.size === f.data.size }));
  }, FLAKY_MODEL);
  expect(stored.some((f) => f.file.startsWith('onnx/'))).toBe(false);
  expect(stored.every((f) => f.whole)).toBe(true);

  await setHubMode(request, { mode: 'normal', match: `${FLAKY_MODEL}/resolve/main/onnx/` });
  await page.getByRole('button', { name: 'Retry' }).click();
  await waitForModelReady(page);
  await page.goto('/#/models');
  await expect(entry.getByText(/on this device/)).toBeVisible();
});

test('a model the host does not have gives a clear message', async ({ page }) => {
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  await addAndLoadModel(page, 'tandem-test/does-not-exist');
  await expect(page.getByTestId('load-error')).toContainText(/no file for tandem-test\/does-not-exist/i, {
    timeout: 30_000,
  });
});
