/**
 * A local model's `<think>…</think>` reasoning (the scripted test model's "ponder" answer, run by
 * the real transformers.js pipeline in the worker) streams into the collapsed Thinking section,
 * never into the answer text; and the conversation's "Think before answering" switch reaches the
 * model's chat template (Qwen3's `enable_thinking`), so with it off the answer comes without reasoning.
 */
import { expect, test } from './fixtures';
import { sendMessage, settledAnswer, setUpLocalModel, waitForModelReady } from './helpers';

const REASONING = 'The user asked me to ponder. I will think it over, then answer briefly.';
const ANSWER = 'After some thought: the answer is 42.';

test('a local thinking answer: reasoning folded under Thinking, the answer apart', async ({ page }) => {
  await setUpLocalModel(page);
  await sendMessage(page, 'Please ponder the question.');
  const message = await settledAnswer(page);
  // The answer as rendered (the Thinking section has its own text, below).
  const text = (await message.locator('.markdown').first().innerText()).trim();
  expect(text).toBe(ANSWER);
  expect(text).not.toContain('<think>');
  const thinking = message.getByTestId('thinking');
  await expect(thinking).toHaveCount(1);
  // Collapsed until opened.
  await expect(thinking).not.toHaveAttribute('open', '');
  await thinking.locator('summary').click();
  await expect(thinking).toContainText(REASONING);
});

test('with "Think before answering" off the model answers without reasoning; on again, it thinks', async ({
  page,
}) => {
  await setUpLocalModel(page);
  await sendMessage(page, 'Please ponder the question.');
  await expect((await settledAnswer(page)).getByTestId('thinking')).toHaveCount(1);

  const settings = page.getByTestId('conversation-settings');
  await settings.locator('summary').click();
  const toggle = settings.getByLabel('Think before answering');
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await settings.getByRole('button', { name: 'Save for this conversation' }).click();
  await expect(settings).toContainText('Saved');

  await sendMessage(page, 'Please ponder the question.');
  const plain = await settledAnswer(page);
  expect((await plain.locator('.markdown').first().innerText()).trim()).toBe(ANSWER);
  await expect(plain.getByTestId('thinking')).toHaveCount(0);

  // Stored with the conversation: a reload keeps it off.
  await page.reload();
  await waitForModelReady(page);
  await settings.locator('summary').click();
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await settings.getByRole('button', { name: 'Save for this conversation' }).click();
  await expect(settings).toContainText('Saved');
  await sendMessage(page, 'Please ponder the question.');
  const thought = await settledAnswer(page);
  await expect(thought.getByTestId('thinking')).toHaveCount(1);
  await thought.getByTestId('thinking').locator('summary').click();
  await expect(thought.getByTestId('thinking')).toContainText(REASONING);
});
