/**
 * One real model, two engines, same answer (issue 22): the real stories260K model as its GGUF
 * in llama.cpp (wllama) and converted to ONNX (tests/fixtures/models/gguf-to-onnx.ts) in
 * transformers.js, both in this Chromium, both greedy on the same prompt, give the same text.
 * The ONNX copy has no chat template, so transformers.js runs it as a text-completion model, as
 * llama.cpp does the GGUF.
 */
import { expect, test } from './fixtures';
import { STORIES_FILE, STORIES_ONNX_REPO, STORIES_REPO } from '../fixtures/models/gguf-fixtures';
import { GREEDY_CONTINUATION, loadGguf, readyInChat, setGeneration } from './gguf-helpers';
import { addAndLoadModel, chooseBackend, lastAnswer, openSettingsAndSetHost, sendMessage } from './helpers';

test('greedy decoding of the real model gives the same text in llama.cpp and in transformers.js', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  await setGeneration(page, 0, 32);

  await loadGguf(page, STORIES_REPO, STORIES_FILE);
  await readyInChat(page);
  await sendMessage(page, 'Once upon a time');
  const llamaCpp = await lastAnswer(page);
  expect(llamaCpp).toContain(GREEDY_CONTINUATION);

  await addAndLoadModel(page, STORIES_ONNX_REPO);
  // Its card says what kind of model it is once loaded.
  await expect(
    page
      .locator(`[data-testid="model-entry"][data-model="${STORIES_ONNX_REPO}"]`)
      .getByTestId('text-completion'),
  ).toContainText('continues the text', { timeout: 60_000 });
  await page.goto('/#/chat');
  const status = page.getByTestId('model-status');
  await expect(status).toHaveAttribute('data-backend', 'transformers', { timeout: 60_000 });
  await expect(status).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await page.getByRole('button', { name: 'New chat' }).click();
  await sendMessage(page, 'Once upon a time');
  const transformers = await lastAnswer(page);
  expect(transformers).toBe(llamaCpp);
});
