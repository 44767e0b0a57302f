/**
 * The layout on a phone and a desktop (issue 28, majors 2 and 3 and the "no key" minor): every
 * page reachable from the navigation at 360 px, the conversation gets most of a phone's screen
 * (the meter, routing and cost fold behind one summary line), Send is level with the message box,
 * and without a Claude key the chat says the answer is local only instead of offering Claude.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { setUpClaudeChat, startConversation } from './ux-helpers';

const PAGES = ['Chat', 'Models', 'Evaluate', 'Feedback', 'Metrics', 'Settings'];

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await locator.boundingBox();
  expect(b).not.toBeNull();
  return b!;
}

/** The link is wholly inside the viewport and not clipped by the bar (its text fits its box). */
async function expectWhollyShown(page: Page, link: Locator): Promise<void> {
  const b = await box(link);
  const width = page.viewportSize()!.width;
  expect(b.x).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width).toBeLessThanOrEqual(width);
  const clipped = await link.evaluate((el) => {
    // Clipped by a scrolling or hidden-overflow ancestor, or its text wider than its box.
    if (el.scrollWidth > el.clientWidth + 1) return true;
    const r = el.getBoundingClientRect();
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX === 'visible') continue;
      const pr = p.getBoundingClientRect();
      if (r.left < pr.left - 1 || r.right > pr.right + 1) return true;
    }
    return false;
  });
  expect(clipped).toBe(false);
}

test.describe('phone 360 x 740', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('every page is one tap away: each navigation link is wholly visible and opens its page', async ({
    page,
  }) => {
    await page.goto('/#/chat');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link')).toHaveCount(PAGES.length);
    for (const name of PAGES) await expectWhollyShown(page, nav.getByRole('link', { name }));
    for (const name of [...PAGES.slice(1), 'Chat']) {
      const link = nav.getByRole('link', { name });
      await link.click();
      await expect(link).toHaveAttribute('aria-current', 'page');
      await expect(page.getByRole('heading', { level: 1, name })).toBeAttached();
      await expectWhollyShown(page, link);
    }
    // The bar stays short: two rows at most.
    expect((await box(page.getByRole('banner'))).height).toBeLessThan(80);
  });
});

test.describe('phone 390 x 844', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('with a conversation open the message list gets most of the screen; the controls open from one summary line', async ({
    page,
  }) => {
    await setUpClaudeChat(page);
    await startConversation(page, 'Hello there');
    await startConversation(page, 'And a second question');
    const list = page.getByTestId('message-list');
    expect((await box(list)).height).toBeGreaterThanOrEqual(0.55 * 844);

    // The folded controls: one line that says the essentials, opening the full controls.
    const toggle = page.getByRole('button', { name: /^Tokens, routing and cost/ });
    await expect(toggle).toBeVisible();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect((await box(toggle)).height).toBeLessThan(40);
    await expect(page.getByLabel('Next answer from')).toBeHidden();
    await expect(page.getByTestId('conversation-cost')).toBeHidden();
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByLabel('Next answer from')).toBeVisible();
    await expect(page.getByTestId('conversation-cost')).toContainText('This conversation: Claude $');
    await page.getByLabel('Next answer from').selectOption('local');
    await toggle.click();
    await expect(page.getByLabel('Next answer from')).toBeHidden();
    await expect(toggle).toContainText('Next: Local');
  });
});

test.describe('desktop 1280 x 800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('Send is level with the message box; the controls take one compact band, all shown', async ({
    page,
  }) => {
    await setUpClaudeChat(page);
    await startConversation(page, 'Hello there');
    const field = await box(page.getByLabel('Message'));
    await page.getByLabel('Message').fill('Next');
    const send = await box(page.getByRole('button', { name: 'Send' }));
    // Beside the box, its foot level with the box's foot.
    expect(send.x).toBeGreaterThanOrEqual(field.x + field.width);
    expect(Math.abs(send.y + send.height - (field.y + field.height))).toBeLessThanOrEqual(2);
    // No toggle on a wide screen: the meter, the routing choices and the cost are on screen.
    await expect(page.getByRole('button', { name: /^Tokens, routing and cost/ })).toBeHidden();
    await expect(page.getByLabel('Next answer from')).toBeVisible();
    await expect(page.getByTestId('conversation-cost')).toBeVisible();
    expect((await box(page.getByTestId('chat-controls'))).height).toBeLessThan(80);
  });

  test('without a Claude key the chat says "Local only (no key)" and offers no Claude', async ({ page }) => {
    await page.goto('/#/chat');
    const controls = page.getByTestId('chat-controls');
    await expect(controls.getByTestId('route-local-only')).toHaveText(
      'Next answer: Local only (no key) · Add a Claude key',
    );
    await expect(page.getByLabel('Next answer from')).toHaveCount(0);
    await expect(controls.getByRole('option', { name: /Claude/ })).toHaveCount(0);
    await controls.getByRole('link', { name: 'Add a Claude key' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  });
});
