/** Steps the UX specs share: a chat that answers (the global fake Claude server) and conversations. */
import { expect, type Page } from '@playwright/test';
import { configureClaude } from './claude-helpers';
import { CLAUDE_URL } from './ports';
import { settledAnswer } from './helpers';

/** Claude only, through the fake server the test run starts: answers come fast and without a model. */
export async function setUpClaudeChat(page: Page): Promise<void> {
  await configureClaude(page, CLAUDE_URL, { strategy: 'claude-only' });
  await page.goto('/#/chat');
  // The chat page is loaded on demand: wait for it, then for Send to be allowed.
  await expect(page.getByLabel('Message')).toBeVisible();
  await expect(page.getByTestId('composer-reason')).toHaveCount(0);
}

/** Opens a new conversation (from the drawer on a phone) and sends its first message. */
export async function startConversation(page: Page, text: string): Promise<void> {
  // At 720 px and below the list is a drawer behind "Chats" (decided by the viewport, not by
  // whether the lazily rendered button happens to be on screen yet).
  if ((page.viewportSize()?.width ?? 1280) <= 720) await page.getByRole('button', { name: 'Chats' }).click();
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByLabel('Message').fill(text);
  await page.getByLabel('Message').press('Enter');
  await expect(page.getByTestId('message-user').last().locator('.plain')).toHaveText(text);
  await settledAnswer(page);
}
