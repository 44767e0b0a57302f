/**
 * The storage notice (issue 28, major 1): said once, while true, in true words. A browser that
 * refuses persistent storage is simulated by hooks on `navigator.storage` (installed in the page
 * by the test; the app is unchanged). A stored model is what puts data at risk: the notice names
 * it after it arrived (never "is being downloaded" long after), OK keeps it away in later
 * sessions, and only a new model brings it back. On a phone it sits below the conversation.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  EVAL_MODEL,
  TEST_MODEL,
  addAndLoadModel,
  chooseBackend,
  openSettingsAndSetHost,
  waitForModelReady,
} from './helpers';

/** A browser that has not kept Tandem's data and says no when asked; counts the requests. */
async function refusePersistence(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __persistCalls: number };
    w.__persistCalls = 0;
    navigator.storage.persisted = async () => false;
    navigator.storage.persist = async () => {
      w.__persistCalls += 1;
      return false;
    };
  });
}

const persistCalls = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { __persistCalls: number }).__persistCalls);

async function loadFirstModel(page: Page): Promise<void> {
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  await addAndLoadModel(page, TEST_MODEL);
  await waitForModelReady(page);
}

test.describe('desktop', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('the notice names the stored model once; OK keeps it away on every page and in the next session, a new model brings it back', async ({
    page,
  }) => {
    await refusePersistence(page);
    await page.goto('/#/chat');
    await expect(page.getByTestId('model-status')).toBeVisible();
    await expect(page.getByTestId('persist-notice')).toHaveCount(0);

    await loadFirstModel(page);
    const notice = page.getByTestId('persist-notice');
    // True words, after the fact: the model is stored; nothing claims a download still runs.
    await expect(notice).toContainText('is now stored on this device');
    await expect(notice).toContainText('it said no');
    await expect(notice).not.toContainText('being downloaded');
    await expect(page.getByTestId('persist-notice')).toHaveCount(1);
    await notice.getByRole('button', { name: 'OK' }).click();
    await expect(notice).toHaveCount(0);

    // A new session: the stored model loads again and the browser is asked again (it says no
    // again), but nothing new is at risk, so nothing is said.
    await page.reload();
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', {
      timeout: 60_000,
    });
    await expect.poll(() => persistCalls(page)).toBe(1);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Models', 'Evaluate', 'Feedback', 'Metrics', 'Settings', 'Chat']) {
      await nav.getByRole('link', { name }).click();
      await expect(page.getByRole('heading', { level: 1, name })).toBeAttached();
      await expect(notice).toHaveCount(0);
    }

    // Another model stored: something new is at risk, and the notice names it.
    await addAndLoadModel(page, EVAL_MODEL);
    await expect(notice).toContainText('is now stored on this device', { timeout: 60_000 });
    await expect(notice).toContainText('it said no');
  });
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('on a phone the notice sits below the conversation and the message box, not above them', async ({
    page,
  }) => {
    await refusePersistence(page);
    await loadFirstModel(page);
    const notice = page.getByTestId('persist-notice');
    await expect(notice).toContainText('is now stored on this device');
    const list = (await page.getByTestId('message-list').boundingBox())!;
    const composer = (await page.getByLabel('Message').boundingBox())!;
    const box = (await notice.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(list.y + list.height - 1);
    expect(box.y).toBeGreaterThanOrEqual(composer.y + composer.height - 1);
    // Still on screen, whole, and short.
    expect(box.y + box.height).toBeLessThanOrEqual(844 + 1);
    expect(box.height).toBeLessThan(140);
    await notice.getByRole('button', { name: 'OK' }).click();
    await expect(notice).toHaveCount(0);
  });
});
