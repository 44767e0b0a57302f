/**
 * The title filter over 100,000 conversations (issue 29, item 11, "search over it off the main
 * thread"): it stays on the page's thread because it is cheap. Each keystroke filters the titles
 * kept in memory (a lower-case `includes` per title) and draws only the rows in view. Typed one
 * character at a time, each keystroke's time from the input event to the next frame is logged
 * with the long tasks, as a measurement, never asserted (the machine may be loaded); the rows
 * found are asserted.
 */
import type { Page } from '@playwright/test';
import { loadavg } from 'node:os';
import { expect, test } from './fixtures';

const COUNT = 100_000;

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
      const at = now - i * 1000;
      store.put({ id: `c_filter${i}`, title: `Trip note ${i}`, createdAt: at, updatedAt: at });
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, count);
}

/** Puts each of `values` into the search in turn, as keystrokes; per keystroke: ms to the next frame. */
async function typeMeasured(
  page: Page,
  values: string[],
): Promise<{ frames: number[]; longTasks: number[] }> {
  return page.evaluate(async (values) => {
    const input = document.querySelector<HTMLInputElement>('input[aria-label="Search conversations"]')!;
    const long: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) long.push(e.duration);
    });
    observer.observe({ type: 'longtask' });
    const frames: number[] = [];
    for (const value of values) {
      const start = performance.now();
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      frames.push(performance.now() - start);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    observer.disconnect();
    return { frames, longTasks: long };
  }, values);
}

/** Typing `text` one character at a time: "n", "no", "not", … */
const typing = (text: string): string[] => [...text].map((_, i) => text.slice(0, i + 1));

const summary = (ms: number[]): string =>
  `median ${Math.round([...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)] ?? 0)} ms, ` +
  `longest ${Math.round(Math.max(0, ...ms))} ms`;

test('filtering 100,000 titles as one types finds the right rows; each keystroke is measured', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/#/chat');
  await expect(page.getByRole('button', { name: 'New chat' })).toBeVisible();
  await seed(page, COUNT);
  await page.reload();
  const list = page.getByRole('list', { name: 'Conversations' });
  const rows = list.getByTestId('conversation-item');
  await expect(rows.first()).toHaveAttribute('aria-setsize', String(COUNT), { timeout: 60_000 });

  // "note 1234" is in 1234 and 12340-12349: 11 titles of 100,000.
  const found = await typeMeasured(page, typing('note 1234'));
  await expect(rows.first()).toHaveAttribute('aria-setsize', '11');
  await expect(rows.first()).toContainText('Trip note 1234');
  // A query no title has, then deleted one character at a time, back to all of them.
  const none = await typeMeasured(page, ['note 1234x']);
  await expect(list.getByText('No conversation matches.')).toBeVisible();
  const cleared = await typeMeasured(page, typing('note 1234').reverse().slice(1).concat(''));
  await expect(rows.first()).toHaveAttribute('aria-setsize', String(COUNT));

  const frames = [...found.frames, ...none.frames, ...cleared.frames];
  const longTasks = [...found.longTasks, ...none.longTasks, ...cleared.longTasks];
  expect(frames).toHaveLength(2 * 'note 1234'.length + 1);
  console.log(
    `title filter over ${COUNT.toLocaleString('en-US')} conversations, ${frames.length} keystrokes: ` +
      `input to next frame ${summary(frames)}; ${longTasks.length} long tasks` +
      `${longTasks.length ? ` (${summary(longTasks)})` : ''} (load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
  );
});
