/**
 * Offline after one online visit, on each backend. The CPU runtime is precached; onnxruntime's
 * WebGPU build and the WebLLM library are cached by the service worker when first used, so a
 * reload with the network cut must still run them, making no request.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  WEBLLM_BROKEN_ID,
  WEBLLM_BROKEN_MODEL,
  addBrokenWebLLMRecord,
  lastAnswer,
  openSettingsAndSetHost,
  recordLeakedRequests,
  sendMessage,
  setHealthModel,
  setUpLocalModel,
  TEST_ENCODER,
  waitForModelReady,
} from './helpers';
import { HUB_URL } from './ports';
import { markWebLLMWeightsStored } from './webllm-helpers';

test.use({ serviceWorkers: 'allow' });

/** First visit: the service worker installs, precaches and takes the page. */
async function firstVisit(page: Page): Promise<void> {
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

/** One answer while online, scored by health. */
async function chatOnline(page: Page): Promise<void> {
  await sendMessage(page, 'Hello while online');
  await lastAnswer(page);
  await expect(page.getByTestId('conversation-item')).toHaveCount(1);
  await expect(page.getByTestId('health-strip').first()).toHaveAttribute('data-state', 'scored', {
    timeout: 60_000,
  });
}

/**
 * Cuts the network, records every request from now on (page, workers, service worker), reloads.
 * A request of the app's own origin that the reload aborted (e.g. the page being left was still
 * loading the logo) never reached a network; every other request counts.
 */
async function reloadOffline(page: Page, context: BrowserContext): Promise<{ stop: () => string[] }> {
  await context.setOffline(true);
  const leaks = recordLeakedRequests(context);
  await page.reload();
  const origin = new URL(page.url()).origin;
  return {
    stop: () => leaks.stop().filter((u) => !(u.startsWith(`${origin}/`) && u.endsWith('(net::ERR_ABORTED)'))),
  };
}

async function chatOffline(page: Page): Promise<void> {
  await expect(
    page
      .getByRole('heading', { name: 'Private chat on your own device' })
      .or(page.getByTestId('message-user')),
  ).toBeVisible();
  await page.getByTestId('conversation-item').first().getByRole('button').first().click();
  await expect(page.getByTestId('message-user').first().locator('.plain')).toHaveText('Hello while online');
  await waitForModelReady(page);
  await sendMessage(page, 'And hello while offline');
  expect(await lastAnswer(page)).toContain("Hello from Tandem's tiny test model");
  // Health scores the offline turn too (its encoder comes from IndexedDB): the last thing the app
  // does for this answer, so every request it would make has been made by then.
  await expect(page.getByTestId('health-strip').last()).toHaveAttribute('data-state', 'scored', {
    timeout: 60_000,
  });
}

for (const backend of ['wasm', 'webgpu'] as const) {
  test(`after one online visit the app reloads and chats with the network cut, making no request (${backend})`, async ({
    page,
    context,
  }) => {
    await firstVisit(page);
    await setUpLocalModel(page, { backend });
    // Health's embedding model is on this device too, so health scores offline as well.
    await setHealthModel(page, TEST_ENCODER);
    await page.goto('/#/chat');
    await chatOnline(page);
    if (backend === 'webgpu') {
      // The WebGPU build is not precached: the offline check says when it has been kept.
      await page.goto('/#/models');
      const item = page.locator('[data-testid="offline-panel"] li', { hasText: 'GPU runtime' });
      await expect(async () => {
        await page.getByRole('button', { name: 'Check again' }).click();
        await expect(item).toHaveAttribute('data-state', 'ok', { timeout: 2_000 });
      }).toPass({ timeout: 60_000 });
      await page.goto('/#/chat');
    }
    const leaks = await reloadOffline(page, context);
    await chatOffline(page);
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-device', backend);
    expect(leaks.stop()).toEqual([]);
    // The network really was cut.
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
}

test('after WebLLM was used once, its library runs offline from the service worker cache', async ({
  page,
  context,
}) => {
  await firstVisit(page);
  await openSettingsAndSetHost(page);
  await addBrokenWebLLMRecord(page);
  const entry = page.locator(`[data-testid="webllm-entry"][data-model="${WEBLLM_BROKEN_ID}"]`);
  await expect(entry).toBeVisible({ timeout: 30_000 });
  // The first use loads WebLLM (page and worker parts); this record's model library is broken.
  await entry.getByRole('button', { name: /load/i }).click();
  await expect(page.getByTestId('webllm-error')).toContainText(/not a WebAssembly file/i, {
    timeout: 60_000,
  });
  await markWebLLMWeightsStored(page, `${HUB_URL}${WEBLLM_BROKEN_MODEL}/resolve/main/tensor-cache.json`);
  await page.goto('/#/chat');

  const leaks = await reloadOffline(page, context);
  // Offline, the app loads the selected WebLLM model by itself: WebLLM's code comes from the
  // service worker and reads the model's library from its own cache, so it fails exactly as
  // online (a missing library would fail to import instead).
  const status = page.getByTestId('model-status');
  await expect(status).toHaveAttribute('data-backend', 'webllm');
  await expect(status).toHaveAttribute('data-status', 'error', { timeout: 60_000 });
  await expect(status).toContainText(/not a WebAssembly file/i);
  expect(leaks.stop()).toEqual([]);
});
