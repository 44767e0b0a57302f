/**
 * A GGUF model offline after one online visit: llama.cpp's wasm is cached by the service worker on
 * first use, the model's file is in IndexedDB, so a reload with the network cut loads it by itself
 * and answers the same greedy text, making no request.
 */
import { expect, test } from './fixtures';
import { STORIES_FILE, STORIES_REPO } from '../fixtures/models/gguf-fixtures';
import { GREEDY_CONTINUATION, loadGguf, readyInChat, setGeneration } from './gguf-helpers';
import {
  lastAnswer,
  openSettingsAndSetHost,
  recordLeakedRequests,
  sendMessage,
  setHealthModel,
  TEST_ENCODER,
} from './helpers';

test.use({ serviceWorkers: 'allow' });

test('after one online visit a GGUF model reloads and answers with the network cut, making no request', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await openSettingsAndSetHost(page);
  // Health's encoder on this device too, so the offline turn is scored without the network.
  await setHealthModel(page, TEST_ENCODER);
  await setGeneration(page, 0, 32);
  await loadGguf(page, STORIES_REPO, STORIES_FILE);
  await readyInChat(page);
  await sendMessage(page, 'Once upon a time');
  expect(await lastAnswer(page)).toContain(GREEDY_CONTINUATION);
  // The offline check says when llama.cpp's wasm has been kept.
  await page.goto('/#/models');
  const runtime = page.locator('[data-testid="offline-panel"] li', { hasText: 'GGUF runtime' });
  await expect(async () => {
    await page.getByRole('button', { name: 'Check again' }).click();
    await expect(runtime).toHaveAttribute('data-state', 'ok', { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId('offline-summary')).toHaveAttribute('data-ready', 'true');

  await context.setOffline(true);
  const leaks = recordLeakedRequests(context);
  await page.reload();
  await readyInChat(page);
  await page.getByRole('button', { name: 'New chat' }).click();
  await sendMessage(page, 'Once upon a time');
  expect(await lastAnswer(page)).toContain(GREEDY_CONTINUATION);
  await expect(page.getByTestId('health-strip').last()).toHaveAttribute('data-state', 'scored', {
    timeout: 60_000,
  });
  const origin = new URL(page.url()).origin;
  expect(
    leaks.stop().filter((u) => !(u.startsWith(`${origin}/`) && u.endsWith('(net::ERR_ABORTED)'))),
  ).toEqual([]);
});
