/**
 * Tables and code in answers (issue 28, major 8 and the axe `scrollable-region-focusable` minor):
 * a cell wraps only between words, never inside a word or a number; a table or code line wider
 * than the message scrolls sideways in its own box, which Tab reaches (a named region) and the
 * arrow keys scroll, and the page itself never scrolls sideways. The answer is the fake Claude
 * server's reply to "wide table": a five-column table and a long line of code.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { violations } from './axe-helpers';
import { setUpClaudeChat, startConversation } from './ux-helpers';

/** Words (runs of non-space) of the box's cells that the layout split over two lines. */
function brokenWords(box: Locator): Promise<string[]> {
  return box.evaluate((root) => {
    const broken: string[] = [];
    for (const cell of root.querySelectorAll('th, td')) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const m of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(m[0]);
        }
      }
    }
    return broken;
  });
}

async function wideTableAnswer(page: Page): Promise<Locator> {
  await setUpClaudeChat(page);
  await startConversation(page, 'Please show a wide table');
  const answer = page.getByTestId('message-assistant').last();
  await expect(answer.locator('td').first()).toHaveText('WebGPU / WASM');
  return answer;
}

test.describe('phone 390 x 844', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('a wide table keeps its words and numbers whole and scrolls sideways in its own focusable box', async ({
    page,
  }) => {
    const answer = await wideTableAnswer(page);
    const table = answer.getByRole('region', { name: 'Table' });
    await expect(table).toBeVisible();
    expect(await brokenWords(table)).toEqual([]);
    // Wider than the message: the box scrolls, the page does not.
    const sizes = await table.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Reached by keyboard and scrolled with the arrow keys.
    await answer.getByRole('button', { name: 'Copy code' }).focus();
    await page.keyboard.press('Shift+Tab');
    await expect(table).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => table.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);

    // The long code line scrolls in its own named box too.
    const code = answer.getByRole('region', { name: 'Code (js)' });
    await expect(code).toHaveAttribute('tabindex', '0');
    const codeSizes = await code.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(codeSizes.scroll).toBeGreaterThan(codeSizes.client);
    expect((await violations(page)).filter((v) => v.startsWith('scrollable-region-focusable'))).toEqual([]);
  });
});

test.describe('desktop 1280 x 800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('on a desktop the table fits, wrapping only between words, and axe finds no unreachable scroll box', async ({
    page,
  }) => {
    const answer = await wideTableAnswer(page);
    const table = answer.getByRole('region', { name: 'Table' });
    expect(await brokenWords(table)).toEqual([]);
    const sizes = await table.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(sizes.scroll).toBeLessThanOrEqual(sizes.client);
    await expect(answer.locator('th').nth(1)).toHaveText('Tokens per second');
    expect((await violations(page)).filter((v) => v.startsWith('scrollable-region-focusable'))).toEqual([]);
  });
});
