import { expect, test } from './fixtures';
import { setUpClaudeChat, startConversation } from './ux-helpers';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test('on a phone the navigation shows every link whole, in two rows at most, on every page', async ({
  page,
}) => {
  for (const place of ['chat', 'models', 'evaluate', 'feedback', 'metrics', 'settings']) {
    await page.goto(`/#/${place}`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const links = nav.getByRole('link');
    await expect(links).toHaveCount(6);
    // Issue 28: one scrolling row hid Metrics and Settings; every link is now wholly on screen.
    const tops = new Set<number>();
    for (const link of await links.all()) {
      const b = (await link.boundingBox())!;
      tops.add(Math.round(b.y));
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(390);
    }
    expect(tops.size).toBeLessThanOrEqual(2);
    const bar = (await page.locator('header.topbar').boundingBox())!;
    expect(bar.height).toBeLessThan(80);
    // Nothing makes the page scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }
});

test('on a phone the conversations open in a drawer: new, switch, rename, delete, Escape closes it', async ({
  page,
}) => {
  await setUpClaudeChat(page);
  const toggle = page.getByRole('button', { name: 'Chats' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('complementary', { name: 'Conversations' })).toBeHidden();

  await startConversation(page, 'Plan a trip to Lisbon');
  await startConversation(page, 'Recipe for bread');
  // Choosing "New chat" closed the drawer: the chat has the screen.
  await expect(page.getByRole('complementary', { name: 'Conversations' })).toBeHidden();

  await toggle.click();
  const drawer = page.getByRole('complementary', { name: 'Conversations' });
  await expect(drawer).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(drawer.getByRole('button', { name: 'New chat' })).toBeFocused();
  await expect(drawer.getByTestId('conversation-item')).toHaveCount(2);

  // Switch conversation: the drawer closes and that conversation shows.
  await drawer.getByRole('button', { name: 'Plan a trip to Lisbon', exact: true }).click();
  await expect(drawer).toBeHidden();
  await expect(page.getByTestId('message-user').locator('.plain')).toHaveText('Plan a trip to Lisbon');

  // Rename in the drawer.
  await toggle.click();
  await drawer.getByRole('button', { name: 'Rename Recipe for bread' }).click();
  await drawer.getByLabel('New title').fill('Sourdough');
  await drawer.getByLabel('New title').press('Enter');
  await expect(drawer.getByTestId('conversation-item').filter({ hasText: 'Sourdough' })).toHaveCount(1);

  // Delete in the drawer: the Undo toast is visible, not hidden under the drawer, and works.
  await drawer.getByRole('button', { name: 'Delete Sourdough' }).click();
  await expect(drawer.getByTestId('conversation-item')).toHaveCount(1);
  const undo = page.getByTestId('toasts').getByRole('button', { name: 'Undo' });
  await undo.click();
  await expect(drawer.getByTestId('conversation-item')).toHaveCount(2);

  // Escape closes the drawer and gives focus back to its button.
  await drawer.getByRole('button', { name: 'New chat' }).focus();
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(toggle).toBeFocused();
});

test('on a phone a toast does not cover the composer', async ({ page }) => {
  await setUpClaudeChat(page);
  await startConversation(page, 'Hello');
  await page.getByRole('button', { name: 'Chats' }).click();
  await page.getByRole('button', { name: 'Delete Hello' }).click();
  const toast = page.getByTestId('toasts').getByRole('status').filter({ hasText: 'Deleted "Hello"' });
  await expect(toast).toBeVisible();
  const t = (await toast.boundingBox())!;
  for (const control of [page.getByLabel('Message'), page.getByRole('button', { name: 'Send' })]) {
    const c = (await control.boundingBox())!;
    expect(t.y + t.height <= c.y || c.y + c.height <= t.y).toBe(true);
  }
});
