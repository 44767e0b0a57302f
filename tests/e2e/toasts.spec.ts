import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { configureClaude, useFakeClaude } from './claude-helpers';
import { sendMessage, settledAnswer } from './helpers';

const fake = useFakeClaude();

function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await locator.boundingBox();
  expect(b).not.toBeNull();
  return b!;
}

/**
 * Two conversations: a short finished one, then an answer that is still streaming. The second
 * answer is held open by the fake server (text, then only pings) until Stop closes it, so it is
 * streaming for as long as the test needs, however slow the machine.
 */
async function streamWhileAnotherConversationExists(page: Page): Promise<void> {
  await configureClaude(page, fake().url, { strategy: 'claude-only' });
  await page.goto('/#/chat');
  await sendMessage(page, 'Hello');
  await settledAnswer(page);
  await page.getByRole('button', { name: 'New chat' }).first().click();
  // The new, empty conversation is open (sending counts the messages on screen).
  await expect(page.getByTestId('message-user')).toHaveCount(0);
  fake().setScenario('hold-mid-stream');
  await sendMessage(page, 'Please write something long');
  const answer = page.getByTestId('message-assistant').last();
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  await expect(answer.locator('.markdown, .plain').first()).not.toBeEmpty();
}

test.describe('desktop', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('a toast never covers the composer: Stop is clicked while a toast shows, and generation stops', async ({
    page,
  }) => {
    await streamWhileAnotherConversationExists(page);
    // Deleting the other conversation while the answer streams shows the Undo toast.
    await page.getByRole('button', { name: 'Delete Hello' }).click();
    // Other notices may still show (e.g. the model host one from set-up): this is the Undo toast.
    const toast = page.getByTestId('toasts').getByRole('status').filter({ hasText: 'Deleted "Hello"' });
    await expect(toast).toBeVisible();

    const stop = page.getByRole('button', { name: 'Stop' });
    for (const control of [
      stop,
      page.getByLabel('Message'),
      page.getByRole('navigation', { name: 'Main' }),
    ]) {
      expect(overlaps(await box(toast), await box(control))).toBe(false);
    }
    // A real click (Playwright checks that nothing else would receive it).
    await stop.click();
    const answer = page.getByTestId('message-assistant').last();
    await expect(answer).toHaveAttribute('data-status', 'stopped');
    await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
    // The toast was not the thing clicked: it is still there with its Undo.
    await expect(toast.getByRole('button', { name: 'Undo' })).toBeVisible();
  });
});
