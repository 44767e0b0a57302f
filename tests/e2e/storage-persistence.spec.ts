/**
 * Storage that matters is asked to be kept (issue 14): Tandem asks the browser for persistent
 * storage once the first model is stored and at the 20th conversation, never at start, says why,
 * and warns when storage is nearly full. The browser's answers are watched (and the quota set)
 * through hooks on `navigator.storage` installed in the page by the test; the app is unchanged.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { putRaw, startConversation } from './storage-helpers';
import { TEST_MODEL, addAndLoadModel, chooseBackend, openSettingsAndSetHost } from './helpers';

interface StorageHooks {
  /** Reasons are not visible here: only when persist() was called, in order. */
  persistCalls: number;
  /** Set by the test: what `estimate()` answers (null: the browser's own answer). */
  estimate: { usage: number; quota: number } | null;
}

/** Wraps persist()/persisted() to count the requests, and lets the test set the estimate. */
async function hookStorage(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const hooks: StorageHooks = { persistCalls: 0, estimate: null };
    (window as unknown as { __storage: StorageHooks }).__storage = hooks;
    const storage = navigator.storage;
    const realEstimate = storage.estimate.bind(storage);
    let granted = false;
    // As a browser that has not granted persistence yet and grants it when asked.
    storage.persisted = async () => granted;
    storage.persist = async () => {
      hooks.persistCalls += 1;
      granted = true;
      return true;
    };
    storage.estimate = async () => hooks.estimate ?? realEstimate();
  });
}

const persistCalls = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { __storage: StorageHooks }).__storage.persistCalls);

test('persistent storage is asked for at the first model download, once, with the reason', async ({
  page,
}) => {
  await hookStorage(page);
  await page.goto('/#/chat');
  await expect(page.getByTestId('model-status')).toBeVisible();
  // Opening Tandem asks for nothing.
  expect(await persistCalls(page)).toBe(0);
  await expect(page.getByTestId('persist-notice')).toHaveCount(0);

  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  await addAndLoadModel(page, TEST_MODEL);
  const notice = page.getByTestId('persist-notice');
  await expect(notice).toContainText('is now stored on this device');
  await expect(notice).toContainText('will not be cleared when space runs low');
  await expect.poll(() => persistCalls(page)).toBe(1);
  await notice.getByRole('button', { name: 'OK' }).click();
  await expect(notice).toHaveCount(0);
  // Loading again in the same session does not ask again.
  await page.goto('/#/chat');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  expect(await persistCalls(page)).toBe(1);
});

test('persistent storage is asked for at the 20th conversation, not before', async ({ page }) => {
  await hookStorage(page);
  await page.goto('/#/chat');
  // 18 conversations are already stored (as after weeks of use); the 19th is made by the user.
  const now = Date.now();
  await putRaw(
    page,
    'tandem',
    'conversations',
    Array.from({ length: 18 }, (_, i) => ({
      id: `c_earlier${i}`,
      title: `Earlier chat ${i + 1}`,
      createdAt: now - 1000 * (i + 1),
      updatedAt: now - 1000 * (i + 1),
    })),
  );
  await page.reload();
  await startConversation(page, 'The nineteenth question');
  await expect(page.getByTestId('conversation-item')).toHaveCount(19);
  expect(await persistCalls(page)).toBe(0);
  await expect(page.getByTestId('persist-notice')).toHaveCount(0);

  await startConversation(page, 'The twentieth question');
  await expect(page.getByTestId('conversation-item')).toHaveCount(20);
  await expect(page.getByTestId('persist-notice')).toContainText('You now have 20 conversations');
  expect(await persistCalls(page)).toBe(1);
});

test('near the quota a warning says how full storage is and what to delete; it goes when space is freed', async ({
  page,
}) => {
  await hookStorage(page);
  await page.goto('/#/chat');
  await expect(page.getByTestId('model-status')).toBeVisible();
  await expect(page.getByTestId('quota-warning')).toHaveCount(0);

  // Storage fills up to 95% while the user works; the next conversation checks it.
  await page.evaluate(() => {
    (window as unknown as { __storage: StorageHooks }).__storage.estimate = {
      usage: 9.5e9,
      quota: 10e9,
    };
  });
  await startConversation(page, 'One more question');
  const warning = page.getByTestId('quota-warning');
  await expect(warning).toContainText('Storage is 95% full');
  await expect(warning).toContainText('Delete models you no longer use (Models page)');
  await expect(warning).toContainText('export a backup first');

  // Space freed (89%): the warning is gone after the next check, and at start it is not shown.
  await page.evaluate(() => {
    (window as unknown as { __storage: StorageHooks }).__storage.estimate = {
      usage: 8.9e9,
      quota: 10e9,
    };
  });
  await startConversation(page, 'And another');
  await expect(warning).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('conversation-item')).toHaveCount(2);
  await expect(warning).toHaveCount(0);
});

test('a nearly full browser is warned about as soon as Tandem opens', async ({ page }) => {
  await hookStorage(page);
  await page.addInitScript(() => {
    (window as unknown as { __storage: StorageHooks }).__storage.estimate = {
      usage: 9.2e9,
      quota: 10e9,
    };
  });
  await page.goto('/#/chat');
  await expect(page.getByTestId('quota-warning')).toContainText('Storage is 92% full');
});
