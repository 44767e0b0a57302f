/**
 * WebLLM in the real browser: the real `@mlc-ai/web-llm` module in the app's real worker,
 * pointed (through the "own model record" setting) at a record the local hub serves whose
 * model library is not WebAssembly. A real WebLLM model cannot run here (no compiled library,
 * no weights), so the failure path is what is tested end to end.
 */
import { expect, test } from './fixtures';
import {
  WEBLLM_BROKEN_ID as BROKEN_ID,
  WEBLLM_BROKEN_MODEL,
  addBrokenWebLLMRecord as addBrokenRecord,
  hubRequests,
  openSettingsAndSetHost,
  requestsFor,
} from './helpers';

test('a WebLLM model with a broken library fails with a clear error and offers the transformers.js backend', async ({
  page,
  request,
}) => {
  await openSettingsAndSetHost(page);
  await addBrokenRecord(page);
  const entry = page.locator(`[data-testid="webllm-entry"][data-model="${BROKEN_ID}"]`);
  await expect(entry).toBeVisible({ timeout: 30_000 });
  await entry.getByRole('button', { name: /load/i }).click();

  // The error shows on the card that was pressed, in view.
  const error = entry.getByTestId('webllm-error');
  await expect(error).toBeVisible({ timeout: 60_000 });
  await expect(error).toBeInViewport();
  // Only remedies that can work: nothing was stored, so there are no files to delete.
  await expect(entry.getByRole('button', { name: 'Delete its files' })).toHaveCount(0);
  await expect(error).toHaveAttribute('data-code', 'model-load-failed');
  await expect(error).toContainText(/model library .* not a WebAssembly file/i);

  // WebLLM really ran: it fetched the record's config and then its library from the hub.
  const paths = requestsFor(await hubRequests(request), WEBLLM_BROKEN_MODEL).map((r) => r.path);
  expect(paths).toContain(`/${WEBLLM_BROKEN_MODEL}/resolve/main/mlc-chat-config.json`);
  expect(paths).toContain(`/${WEBLLM_BROKEN_MODEL}/resolve/main/broken-model-lib.wasm`);

  // The way forward: switch to the transformers.js CPU backend with one click.
  await page.getByRole('button', { name: /Use the transformers\.js CPU \(WASM\) backend/ }).click();
  await expect(page.getByLabel('Backend')).toHaveValue('wasm');
  await expect(page.getByTestId('load-panel')).toBeVisible();
});

test('the hardware panel shows the SwiftShader adapter as a fallback adapter without shader-f16', async ({
  page,
}) => {
  await page.goto('/#/models');
  // Hardware details are folded away below the models; a person opens them.
  await page.getByText('Hardware details').click();
  const panel = page.getByTestId('hardware-panel');
  await expect(panel.getByTestId('hw-webgpu')).toHaveText('available');
  await expect(panel.getByTestId('hw-adapter')).toContainText('google');
  await expect(panel.getByTestId('hw-adapter')).toContainText('swiftshader');
  await expect(panel.getByTestId('hw-fallback')).toContainText('yes');
  await expect(panel.getByTestId('hw-f16')).toContainText('no');
  await expect(panel.getByTestId('hw-max-buffer')).toContainText('1073741824');
  await expect(panel.getByTestId('hw-max-binding')).toContainText('1073741824');
  await expect(panel.getByTestId('hw-threads')).toHaveText(/\d+/);
  await expect(panel.getByTestId('isolation')).toContainText(/yes|no/);
  // Without shader-f16 the WebLLM list offers q4f32 variants only, labelled as slow on a software GPU.
  const entries = page.getByTestId('webllm-entry');
  await expect(entries.first()).toBeVisible({ timeout: 30_000 });
  const ids = await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-model') ?? ''));
  expect(ids.length).toBeGreaterThan(3);
  expect(ids.every((id) => id.includes('q4f32'))).toBe(true);
  const tiny = page.locator('[data-testid="webllm-entry"][data-model^="TinyLlama-1.1B-Chat"]');
  await expect(tiny.getByTestId('fit')).not.toHaveAttribute('data-fit', 'fits');
  await expect(tiny.getByTestId('fit')).toContainText(/software fallback/i);
});
