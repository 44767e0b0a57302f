/**
 * The local-model owner end to end: the cached selected model loads by itself on start whichever
 * backend runs it (WebLLM included), and the offline check names the embedding model health needs.
 */
import { expect, test } from './fixtures';
import { HUB_URL } from './ports';
import {
  TEST_ENCODER,
  WEBLLM_BROKEN_ID,
  WEBLLM_BROKEN_MODEL,
  addBrokenWebLLMRecord,
  openSettingsAndSetHost,
  setHealthModel,
} from './helpers';
import { markWebLLMWeightsStored } from './webllm-helpers';

test('a cached WebLLM model loads by itself when the app starts', async ({ page }) => {
  await openSettingsAndSetHost(page);
  await addBrokenWebLLMRecord(page);
  const entry = page.locator(`[data-testid="webllm-entry"][data-model="${WEBLLM_BROKEN_ID}"]`);
  await expect(entry).toBeVisible({ timeout: 30_000 });
  // Choosing it once makes it the selected WebLLM model (its library is broken, so the load fails).
  await entry.getByRole('button', { name: /load/i }).click();
  await expect(page.getByTestId('webllm-error')).toBeVisible({ timeout: 60_000 });
  await markWebLLMWeightsStored(page, `${HUB_URL}${WEBLLM_BROKEN_MODEL}/resolve/main/tensor-cache.json`);

  // A fresh start on the chat page, no visit to Models: the app loads the selected WebLLM model itself.
  await page.goto('/#/chat');
  await page.reload();
  const status = page.getByTestId('model-status');
  await expect(status).toHaveAttribute('data-backend', 'webllm');
  await expect(status).toHaveAttribute('data-status', 'error', { timeout: 60_000 });
  await expect(status).toContainText(/not a WebAssembly file/i);
});

test('the offline check lists the embedding model health needs until it is on this device', async ({
  page,
}) => {
  await openSettingsAndSetHost(page);
  await page.goto('/#/models');
  const item = page.locator('[data-testid="offline-panel"] li', { hasText: 'Embedding model' });
  // Health is on by default with all-MiniLM-L6-v2, which is not downloaded.
  await expect(item).toHaveAttribute('data-state', 'missing');
  await expect(item).toContainText('Xenova/all-MiniLM-L6-v2');
  await expect(page.getByTestId('offline-summary')).toContainText('Embedding model');

  // Once the chosen embedding model is loaded, it is on this device.
  await setHealthModel(page, TEST_ENCODER);
  await page.goto('/#/models');
  await expect(item).toHaveAttribute('data-state', 'ok');
  await expect(item).toContainText(TEST_ENCODER);
  await expect(page.getByTestId('offline-summary')).not.toContainText('Embedding model');

  // Prompt-only health needs no embedding model, whatever is stored.
  await page.goto('/#/settings');
  await page.getByLabel('Health mode').selectOption('prompt-only');
  await expect(page.getByLabel('Health mode')).toHaveValue('prompt-only');
  await page.goto('/#/models');
  await expect(item).toHaveAttribute('data-state', 'not-configured');
});
