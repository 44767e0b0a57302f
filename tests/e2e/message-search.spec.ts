/**
 * Search inside messages (issue 28): the conversation search finds words in message text, not
 * only titles, in a worker; a hit opens its conversation at that message.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { setUpLocalModel, settledAnswer } from './helpers';

async function startConversation(page: Page, text: string): Promise<void> {
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByLabel('Message').fill(text);
  await page.getByLabel('Message').press('Enter');
  await expect(page.getByTestId('message-user').last().locator('.plain')).toHaveText(text);
  await settledAnswer(page);
}

test('a word inside a message is found and its hit opens the conversation at that message', async ({
  page,
}) => {
  await setUpLocalModel(page);
  await startConversation(page, 'Plan a trip to Lisbon');
  await page.getByLabel('Message').fill('Also pack the zebracorn umbrella for the rain');
  await page.getByLabel('Message').press('Enter');
  await settledAnswer(page);
  await startConversation(page, 'Recipe for bread');

  const search = page.getByLabel('Search conversations');
  await search.fill('ZEBRACORN umbrella');
  const hits = page.getByTestId('message-hits');
  await expect(hits.getByRole('heading')).toHaveText('In messages (1)');
  const hit = hits.getByTestId('message-hit');
  await expect(hit).toHaveCount(1);
  await expect(hit).toContainText('Plan a trip to Lisbon');
  await expect(hit).toContainText('You: Also pack the zebracorn umbrella');
  await hit.click();
  const found = page.locator('[data-found]');
  await expect(found).toHaveAttribute('data-testid', 'message-user');
  await expect(found).toContainText('zebracorn');
  await expect(found).toBeInViewport();

  // Words in no message say so; clearing the field hides the section.
  await search.fill('quokka');
  await expect(hits).toContainText('No message matches.');
  await search.fill('');
  await expect(hits).toHaveCount(0);
  await expect(page.locator('.conversations li.active')).toContainText('Plan a trip to Lisbon');
});
