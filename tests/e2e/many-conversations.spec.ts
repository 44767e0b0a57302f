/**
 * 100,000 conversations (issue 29, item 11): the list renders only the rows in view, so it scrolls
 * from the top to the very last conversation, opens it, and finds by title, without the page
 * drawing 100,000 rows. Long tasks while scrolling are logged as a measurement, never asserted.
 */
import { loadavg } from 'node:os';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const COUNT = 100_000;

/** Writes `count` conversations straight into the app's database (as a big import would). */
async function seed(page: Page, count: number): Promise<void> {
  await page.evaluate(async (count) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('tandem');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('conversations', 'readwrite');
    const store = tx.objectStore('conversations');
    const now = Date.now();
    for (let i = 0; i < count; i++) {
      // Newest first in the list: conversation 0 is the newest, conversation count-1 the oldest.
      store.put({
        id: `c_many${i}`,
        title: `Trip note ${i}`,
        createdAt: now - i * 1000,
        updatedAt: now - i * 1000,
      });
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, count);
}

/** Durations of the long tasks that started in [from, to) (page time). */
async function longTasks(page: Page, from: number, to: number): Promise<number[]> {
  const tasks = await page.evaluate(() => (window as unknown as { __tasks: [number, number][] }).__tasks);
  return tasks.filter(([start]) => start >= from && start < to).map(([, duration]) => duration);
}

const describe = (durations: number[]): string =>
  `${durations.length} long tasks, longest ${Math.round(Math.max(0, ...durations))} ms`;

test('100,000 conversations: the list draws only what is in view and reaches the last one', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('/#/chat');
  await expect(page.getByRole('button', { name: 'New chat' })).toBeVisible();
  await seed(page, COUNT);
  // Measured, not asserted: every long task (start, duration), opening and scrolling.
  await page.addInitScript(() => {
    const tasks: [number, number][] = [];
    (window as unknown as { __tasks: typeof tasks }).__tasks = tasks;
    new PerformanceObserver((entries) => {
      for (const e of entries.getEntries()) tasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.reload();
  const list = page.getByRole('list', { name: 'Conversations' });
  await expect(list.getByTestId('conversation-item').first()).toContainText('Trip note 0', {
    timeout: 60_000,
  });
  const rendered = async (): Promise<number> => list.getByTestId('conversation-item').count();
  expect(await rendered()).toBeLessThan(200);
  // The list says how long it is, for assistive technology as for the eye.
  await expect(list.getByTestId('conversation-item').first()).toHaveAttribute('aria-setsize', String(COUNT));

  const scrollFrom = await page.evaluate(() => performance.now());
  console.log(`100,000 conversations, opening: ${describe(await longTasks(page, 0, scrollFrom))}`);
  // Scroll from the top to the bottom in steps a wheel would take, then jump to the end.
  const scroller = page.getByTestId('conversation-scroll');
  const box = await scroller.boundingBox();
  await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
  for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 1200);
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = list.getByTestId('conversation-item').filter({ hasText: `Trip note ${COUNT - 1}` });
  await expect(last).toBeVisible();
  expect(await rendered()).toBeLessThan(200);
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  console.log(
    `100,000 conversations, scrolling: ${describe(await longTasks(page, scrollFrom, Infinity))} (load ${load})`,
  );

  // The oldest conversation opens; search by title finds one among all of them.
  await last.getByRole('button', { name: `Trip note ${COUNT - 1}`, exact: true }).click();
  await expect(last).toHaveClass(/active/);
  await page.getByLabel('Search conversations').fill('Trip note 77777');
  await expect(list.getByTestId('conversation-item')).toHaveCount(1);
  await expect(list.getByTestId('conversation-item')).toContainText('Trip note 77777');
});
