/**
 * Two small things from issue 28's walk-through: Escape closes the "Improve…" form (focus back on
 * its button, the answer left alone), and the curated list reads as words: "1 example", and a
 * code answer without its Markdown fences.
 */
import { expect, test } from './fixtures';
import { openFeedback, rate } from './feedback-helpers';
import { sendMessage, setUpLocalModel, settledAnswer } from './helpers';

test('Escape closes Improve…; the curated list says "1 example" and shows no Markdown marks', async ({
  page,
}) => {
  await setUpLocalModel(page);
  await sendMessage(page, 'Show me some code');
  const answer = await settledAnswer(page);
  await expect(answer.locator('pre')).toHaveCount(1);

  const toggle = answer.getByTestId('feedback-toggle');
  await toggle.click();
  const form = answer.getByTestId('feedback-form');
  await form.getByLabel('Comment (optional)').fill('half written');
  await form.getByLabel('Comment (optional)').press('Escape');
  await expect(form).toHaveCount(0);
  await expect(toggle).toBeFocused();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(answer).toHaveAttribute('data-status', 'complete');

  await rate(answer, 5);
  await openFeedback(page, 'no-embedder');
  await expect(page.getByTestId('curated-summary')).toContainText('1 example (rating ≥');
  await expect(page.getByTestId('curated-summary')).toContainText('0 duplicates merged');
  const example = page.getByTestId('curated-example');
  await expect(example).toHaveCount(1);
  await expect(example).toContainText('Here is some TypeScript: function add(a: number, b: number)');
  await expect(example).not.toContainText('```');
});
