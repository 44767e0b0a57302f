/**
 * Toasts and the Metrics range picker (issue 28: the toasts minor and major 9). A toast lies over
 * the page (nothing moves when it comes), never over the composer, has a close button, closes by
 * itself unless the pointer is on it, and stays with the page it was about. The range picker is
 * one compact row of segments that are still radios.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { setUpClaudeChat, startConversation } from './ux-helpers';

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await locator.boundingBox();
  expect(b).not.toBeNull();
  return b!;
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Two answered conversations, "Hello" and "Second". */
async function twoConversations(page: Page): Promise<void> {
  await setUpClaudeChat(page);
  await startConversation(page, 'Hello');
  await startConversation(page, 'Second');
}

/** Deletes "Hello" (from the drawer on a phone), which shows its Undo toast. Returns the toast. */
async function deleteHello(page: Page): Promise<Locator> {
  if ((page.viewportSize()?.width ?? 1280) <= 720) await page.getByRole('button', { name: 'Chats' }).click();
  await page.getByRole('button', { name: 'Delete Hello' }).click();
  const toast = page.getByTestId('toasts').getByRole('status').filter({ hasText: 'Deleted "Hello"' });
  await expect(toast).toBeVisible();
  return toast;
}

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test.describe(`${viewport.width} x ${viewport.height}`, () => {
    test.use({ viewport });

    test('a toast lies over the page without moving it, clear of the composer, and closes with its button', async ({
      page,
    }) => {
      await twoConversations(page);
      const list = page.getByTestId('message-list');
      const before = await box(list);
      const toast = await deleteHello(page);
      // Nothing moved or shrank when it came.
      const after = await box(list);
      expect(after.y).toBeCloseTo(before.y, 0);
      expect(after.height).toBeCloseTo(before.height, 0);
      for (const control of [
        page.getByLabel('Message'),
        page.getByRole('button', { name: 'Send' }),
        page.getByRole('navigation', { name: 'Main' }),
      ]) {
        expect(overlaps(await box(toast), await box(control))).toBe(false);
      }
      await toast.getByRole('button', { name: 'Dismiss' }).click();
      await expect(toast).toHaveCount(0);
    });
  });
}

test.describe('desktop', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('a toast closes by itself unless the pointer is on it, and does not follow the user to another page', async ({
    page,
  }) => {
    await page.clock.install();
    await twoConversations(page);
    const toast = await deleteHello(page);
    // Delete puts focus on Undo (the toast stays while focused): the user moves on.
    await page.getByLabel('Message').focus();
    await toast.hover();
    await page.clock.fastForward(60_000);
    await expect(toast).toBeVisible();
    await page.mouse.move(5, 790);
    await page.clock.fastForward(9_000);
    await expect(toast).toHaveCount(0);

    // A new toast, then another page: it stays behind.
    await page.getByRole('button', { name: 'Delete Second' }).click();
    const second = page.getByTestId('toasts').getByRole('status').filter({ hasText: 'Deleted "Second"' });
    await expect(second).toBeVisible();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible();
    await expect(page.getByTestId('toasts').getByRole('status')).toHaveCount(0);
  });
});

test.describe('phone 390 x 844', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the Metrics range picker is one compact row of segments that still work as radios', async ({
    page,
  }) => {
    await page.goto('/#/metrics');
    const picker = page.getByRole('radiogroup', { name: 'Time range' });
    await expect(picker.getByRole('radio')).toHaveCount(4);
    const pickerBox = await box(picker);
    expect(pickerBox.height).toBeLessThan(48);
    expect(pickerBox.x + pickerBox.width).toBeLessThanOrEqual(390);
    const labels = ['Last hour', 'Last day', 'Last week', 'All time'];
    const tops = await Promise.all(labels.map(async (name) => (await box(picker.getByText(name))).y));
    expect(new Set(tops.map(Math.round)).size).toBe(1);

    // A click on a segment's text picks it; the picked one looks picked; arrow keys move on.
    // (The radio covers its segment unseen, so the pointer lands on it wherever the segment is hit.)
    const week = await box(picker.getByText('Last week'));
    await page.mouse.click(week.x + week.width / 2, week.y + week.height / 2);
    await expect(picker.getByRole('radio', { name: 'Last week' })).toBeChecked();
    await expect(page.getByTestId('metrics-total')).toHaveAttribute('data-range', 'week');
    const background = (name: string): Promise<string> =>
      picker.getByText(name).evaluate((el) => getComputedStyle(el.closest('label')!).backgroundColor);
    expect(await background('Last week')).not.toBe(await background('Last day'));
    await page.keyboard.press('ArrowRight');
    await expect(picker.getByRole('radio', { name: 'All time' })).toBeChecked();
    await expect(page.getByTestId('metrics-total')).toHaveAttribute('data-range', 'all');
  });
});
