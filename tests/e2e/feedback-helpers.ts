/** What the feedback specs do the way a person would: rate, improve, open the Feedback page, export. */
import { expect, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { workerCalls, type RecordedCall } from './worker-calls';

/** Rates an answer from the keyboard: Tab into the star group, arrows to the rating. */
export async function rate(answer: Locator, stars: number): Promise<void> {
  const first = answer.getByRole('radio', { name: '1 of 5' });
  await first.focus();
  await first.press('Space');
  for (let i = 1; i < stars; i++) await answer.page().keyboard.press('ArrowRight');
  await expect(answer.getByRole('radio', { name: `${stars} of 5` })).toBeChecked();
  // The stored rating comes back into the stars (filled up to it).
  await expect(answer.locator('.star.on')).toHaveCount(stars);
}

/** Opens "Improve…" on an answer, writes a comment and/or the wanted answer, saves. */
export async function improve(
  answer: Locator,
  text: { comment?: string; correction?: string },
): Promise<void> {
  await answer.getByTestId('feedback-toggle').click();
  const form = answer.getByTestId('feedback-form');
  if (text.comment !== undefined) await form.getByLabel('Comment (optional)').fill(text.comment);
  if (text.correction !== undefined)
    await form.getByLabel('Improve this answer: the answer you wanted').fill(text.correction);
  await form.getByRole('button', { name: 'Save feedback' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved to your feedback dataset.');
  await answer.getByTestId('feedback-toggle').click();
}

/** The Feedback page, once prompts are embedded (near duplicates merged). */
export async function openFeedback(page: Page, state: 'ready' | 'no-embedder' = 'ready'): Promise<void> {
  await page.goto('/#/feedback');
  await expect(page.getByTestId('curated-list')).toHaveAttribute('data-state', state, { timeout: 30_000 });
}

/** Presses an export button and returns the downloaded file's text. */
export async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
}

export { recordWorkerCalls } from './worker-calls';

/** What the chat worker was asked to generate from, oldest first. */
export async function generateCalls(page: Page): Promise<RecordedCall[]> {
  return workerCalls(page, 'generate');
}
