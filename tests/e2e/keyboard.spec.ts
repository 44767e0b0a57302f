import { expect, test } from './fixtures';
import { sendMessage, setMaxTokens, setUpLocalModel } from './helpers';
import { setUpClaudeChat, startConversation } from './ux-helpers';

test.use({ viewport: { width: 1280, height: 800 } });

test('the first Tab stop is a skip link to the message box, then the navigation', async ({ page }) => {
  await page.goto('/#/chat');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the message box' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Tandem home' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }),
  ).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Message')).toBeFocused();
  // Elsewhere it skips to the page's content.
  await page.goto('/#/settings');
  await page.reload();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
});

test('Escape stops the answer being written', async ({ page }) => {
  await setUpLocalModel(page);
  await setMaxTokens(page, 2000);
  await sendMessage(page, 'Please write something long');
  const answer = page.getByTestId('message-assistant').last();
  await expect(answer).toContainText('Paragraph 2.');
  await expect(page.getByLabel('Message')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(answer).toHaveAttribute('data-status', 'stopped');
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
});

test('rename: Escape and a click elsewhere keep the old title; Enter saves; focus stays on the conversation', async ({
  page,
}) => {
  await setUpClaudeChat(page);
  await startConversation(page, 'Recipe for bread');
  const items = page.getByTestId('conversation-item');

  await page.getByRole('button', { name: 'Rename Recipe for bread' }).click();
  await page.getByLabel('New title').fill('Sourdough');
  await page.keyboard.press('Escape');
  await expect(items).toHaveText(['Recipe for bread']);
  await expect(page.getByRole('button', { name: 'Recipe for bread', exact: true })).toBeFocused();

  await page.getByRole('button', { name: 'Rename Recipe for bread' }).click();
  await page.getByLabel('New title').fill('Sourdough');
  await page.getByTestId('message-list').click();
  await expect(items).toHaveText(['Recipe for bread']);

  await page.getByRole('button', { name: 'Rename Recipe for bread' }).click();
  await page.getByLabel('New title').fill('Sourdough');
  await page.keyboard.press('Enter');
  await expect(items).toHaveText(['Sourdough']);
  await expect(page.getByRole('button', { name: 'Sourdough', exact: true })).toBeFocused();
});

test('delete puts focus on Undo, the toast stays while focused, Undo restores and focuses the conversation', async ({
  page,
}) => {
  await page.clock.install();
  await setUpClaudeChat(page);
  await startConversation(page, 'Plan a trip to Lisbon');
  await startConversation(page, 'Recipe for bread');
  const items = page.getByTestId('conversation-item');
  await expect(items).toHaveCount(2);

  await page.getByRole('button', { name: 'Delete Recipe for bread' }).focus();
  await page.keyboard.press('Enter');
  await expect(items).toHaveCount(1);
  const undo = page.getByTestId('toasts').getByRole('button', { name: 'Undo' });
  await expect(undo).toBeFocused();
  // Far longer than a toast's life: it stays while the user is on it.
  await page.clock.runFor(30_000);
  await expect(undo).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(items).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Recipe for bread', exact: true })).toBeFocused();

  // Delete again and dismiss with Escape: focus goes to the open conversation, not to the page body.
  await page.getByRole('button', { name: 'Delete Recipe for bread' }).click();
  await expect(undo).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('toasts').getByRole('status')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Plan a trip to Lisbon', exact: true })).toBeFocused();

  // A toast nobody is on goes away by itself.
  await page.getByRole('button', { name: 'Delete Plan a trip to Lisbon' }).click();
  await expect(undo).toBeFocused();
  await page.getByLabel('Message').focus();
  await page.clock.runFor(9_000);
  await expect(page.getByTestId('toasts').getByRole('status')).toHaveCount(0);
});
