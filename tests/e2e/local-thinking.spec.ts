/**
 * A local model's `<think>…</think>` reasoning (the scripted test model's "ponder" answer, run by
 * the real transformers.js pipeline in the worker) streams into the collapsed Thinking section,
 * never into the answer text.
 */
import { expect, test } from './fixtures';
import { sendMessage, settledAnswer, setUpLocalModel } from './helpers';

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
