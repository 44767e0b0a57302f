import { expect, test } from './fixtures';
import { sendMessage, setMaxTokens, setUpLocalModel, settledAnswer, stopLongLocalAnswer } from './helpers';

test('an answer cut at the token limit says so, and Continue carries it on in the same message', async ({
  page,
}) => {
  await setUpLocalModel(page);
  await setMaxTokens(page, 24);
  await sendMessage(page, 'Please write something long');
  const answer = await settledAnswer(page);
  await expect(answer.getByTestId('cut-mark')).toHaveText('cut at the 24-token limit');
  const before = (await answer.locator('.markdown').innerText()).trim();
  expect(before.length).toBeGreaterThan(10);

  await answer.getByRole('button', { name: 'Continue' }).click();
  const continued = await settledAnswer(page);
  // Still one answer, which now starts with the cut text and goes on.
  await expect(page.getByTestId('message-assistant')).toHaveCount(1);
  await expect(continued.locator('.markdown')).not.toHaveText(before);
  const after = (await continued.locator('.markdown').innerText()).trim();
  expect(after.startsWith(before.slice(0, -1))).toBe(true);
  expect(after.length).toBeGreaterThan(before.length);
  // A reload keeps the continued text.
  await page.reload();
  await expect(page.getByTestId('message-assistant').locator('.markdown')).toHaveText(after);
});

test('a finished answer is not marked as cut and offers no Continue', async ({ page }) => {
  await setUpLocalModel(page);
  await sendMessage(page, 'Hi there');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.getByTestId('cut-mark')).toHaveCount(0);
  await expect(answer.getByRole('button', { name: 'Continue' })).toHaveCount(0);
});

test('an answer stopped with Stop offers Continue, which carries it on in the same message', async ({
  page,
}) => {
  const answer = await stopLongLocalAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'stopped');
  const before = (await answer.locator('.markdown').innerText()).trim();
  await answer.getByRole('button', { name: 'Continue' }).click();
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 60_000 });
  await expect(page.getByTestId('message-assistant')).toHaveCount(1);
  const after = (await answer.locator('.markdown').innerText()).trim();
  expect(after.startsWith(before.slice(0, -1))).toBe(true);
  expect(after.length).toBeGreaterThan(before.length);
});
