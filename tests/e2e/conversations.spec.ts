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

test('without a model Send is disabled with the reason, and nothing is stored', async ({ page }) => {
  await page.goto('/#/chat');
  await expect(page.getByTestId('composer-reason')).toContainText('Send needs a model');
  await page.getByLabel('Message').fill('Plan a trip to Lisbon');
  await expect(page.getByRole('button', { name: 'Send' })).toBeDisabled();
  await page.getByLabel('Message').press('Enter');
  // The draft is kept, no conversation with a failed answer was made.
  await expect(page.getByLabel('Message')).toHaveValue('Plan a trip to Lisbon');
  await expect(page.getByTestId('message-user')).toHaveCount(0);
  await expect(page.getByTestId('conversation-item')).toHaveCount(0);
});

test('new, rename, search and delete with undo; all of it survives a reload', async ({ page }) => {
  await setUpLocalModel(page);
  await startConversation(page, 'Plan a trip to Lisbon');
  await startConversation(page, 'Recipe for bread');
  await expect(page.getByTestId('conversation-item')).toHaveCount(2);

  await page.getByRole('button', { name: 'Rename Recipe for bread' }).click();
  await page.getByLabel('New title').fill('Sourdough');
  await page.getByLabel('New title').press('Enter');
  await expect(page.getByTestId('conversation-item').filter({ hasText: 'Sourdough' })).toHaveCount(1);

  await page.getByLabel('Search conversations').fill('lisb');
  await expect(page.getByTestId('conversation-item')).toHaveCount(1);
  await expect(page.getByTestId('conversation-item')).toHaveText(/Plan a trip to Lisbon/);
  await page.getByLabel('Search conversations').fill('');

  await page.getByRole('button', { name: 'Delete Sourdough' }).click();
  await expect(page.getByTestId('conversation-item')).toHaveCount(1);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('conversation-item')).toHaveCount(2);

  await page.reload();
  await expect(page.getByTestId('conversation-item')).toHaveCount(2);
  await page.getByRole('button', { name: 'Sourdough', exact: true }).click();
  await expect(page.getByTestId('message-user').locator('.plain')).toHaveText('Recipe for bread');

  await page.getByRole('button', { name: 'Delete Sourdough' }).click();
  await expect(page.getByTestId('conversation-item')).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId('conversation-item')).toHaveCount(1);
});

test('every place of the app is reachable and says honestly what works', async ({ page }) => {
  await page.goto('/');
  for (const name of ['Models', 'Evaluate', 'Metrics', 'Settings', 'Chat']) {
    const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
    await link.click();
    await expect(link).toHaveAttribute('aria-current', 'page');
  }
  // The Evaluate workbench (loaded on first visit) offers its configuration file and run.
  await page.goto('/#/evaluate');
  await expect(page.getByLabel('Configuration file')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run evaluation' })).toBeDisabled();
});
