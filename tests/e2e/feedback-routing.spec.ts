/**
 * Routing that learns from ratings, with the fake Claude server: off by default; once on, a
 * kind whose local answers were rated low (mean ≤ 2.5 over ≥ 5) goes to Claude with the reason
 * in the label; resetting what routing learned sends it local again.
 */
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { configureClaude, messageRequests, useFakeClaude } from './claude-helpers';
import { rate } from './feedback-helpers';
import { FEEDBACK_ENCODER, sendMessage, setHealthModel, setUpLocalModel, settledAnswer } from './helpers';

const fake = useFakeClaude();

async function helloRoute(page: Page): Promise<string | null> {
  await sendMessage(page, 'hello');
  const answer = await settledAnswer(page);
  return answer.getByTestId('route-label').getAttribute('data-target');
}

test('low ratings flip a kind to Claude with the reason shown; reset restores it', async ({ page }) => {
  await setUpLocalModel(page);
  await setHealthModel(page, FEEDBACK_ENCODER);
  await configureClaude(page, fake().url, { strategy: 'hybrid' });
  await page.goto('/#/chat');
  for (let i = 0; i < 5; i++) {
    expect(await helloRoute(page)).toBe('local');
    await rate(page.getByTestId('message-assistant').last(), 1);
  }
  // Learning is off by default: still local after five ratings of 1.
  expect(await helloRoute(page)).toBe('local');
  expect(messageRequests(fake())).toHaveLength(0);

  await page.goto('/#/feedback');
  const estimates = page.getByTestId('quality-estimates');
  await expect(estimates.locator('tr[data-category="greeting"] td').nth(2)).toHaveText('1.0');
  await expect(estimates.locator('tr[data-category="greeting"] td').nth(3)).toHaveText('5');
  await page.getByLabel('Learn from ratings (hybrid strategy)').check();
  await expect(estimates.locator('tr[data-category="greeting"] td').nth(4)).toHaveText('Claude');

  await page.goto('/#/chat');
  await sendMessage(page, 'hello');
  const flipped = await settledAnswer(page);
  const label = flipped.getByTestId('route-label');
  await expect(label).toHaveAttribute('data-target', 'claude');
  await expect(label).toHaveText('Claude: greeting, local answers to greeting were rated 1.0/5');
  expect(messageRequests(fake())).toHaveLength(1);

  await page.goto('/#/feedback');
  await page.getByRole('button', { name: 'Reset what routing learned' }).click();
  await expect(page.getByText('Reset: ratings from now on count; your dataset is unchanged.')).toBeVisible();
  await expect(estimates).toContainText('No rated local answers since the last reset.');
  await page.goto('/#/chat');
  expect(await helloRoute(page)).toBe('local');
  expect(messageRequests(fake())).toHaveLength(1);
});
