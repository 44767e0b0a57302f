/**
 * The Metrics time charts in real Chromium (issue 28, screenshot 46): answers of the last half hour,
 * seeded into IndexedDB, draw a line on a time axis that spans them (not the whole day's range), and
 * the legend reads the latest bucket's time and value instead of "–" while no pointer is on it.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const MINUTE = 60_000;
const MODEL = 'seeded/line-model';

/** Three answers of one model, 30, 20 and 10 minutes ago, taking 100, 200 and 300 ms. */
async function seedAnswers(page: Page, now: number): Promise<void> {
  await page.evaluate(
    ({ now, minute, model }) => {
      const answer = (n: number) => ({
        id: `line${n}:0`,
        messageId: `line${n}`,
        conversationId: 'line',
        attempt: 0,
        source: 'chat',
        modelId: model,
        modelLabel: 'Line',
        backend: 'transformers',
        device: 'wasm',
        route: null,
        status: 'ok',
        errorCode: null,
        startedAt: now - (40 - 10 * n) * minute,
        totalMs: 100 * n,
        ttftMs: 5,
        prefillTokensPerSecond: null,
        decodeTokensPerSecond: 10 * n,
        inputTokens: 3,
        outputTokens: 4,
        costUsd: null,
      });
      return new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('tandem');
        open.onsuccess = () => {
          const tx = open.result.transaction('answerMetrics', 'readwrite');
          for (const n of [1, 2, 3]) tx.objectStore('answerMetrics').put(answer(n));
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      });
    },
    { now, minute: MINUTE, model: MODEL },
  );
}

/** Pixels of the chart's canvas in the first series' colour (light or dark palette). */
function seriesPixels(page: Page, testid: string): Promise<number> {
  return page
    .getByTestId(testid)
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const near = (i: number, [r, g, b]: number[]) =>
        Math.abs(data[i]! - r!) + Math.abs(data[i + 1]! - g!) + Math.abs(data[i + 2]! - b!) < 60;
      let n = 0;
      for (let i = 0; i < data.length; i += 4)
        if (data[i + 3]! > 200 && (near(i, [37, 99, 235]) || near(i, [96, 165, 250]))) n++;
      return n;
    });
}

test('time charts draw a line over the span of the data, and the legend reads the latest bucket', async ({
  page,
}) => {
  await page.goto('/#/metrics');
  await expect(page.getByTestId('metrics-total')).toHaveAttribute('data-computing', 'false');
  const now = Date.now();
  await seedAnswers(page, now);
  await page.getByRole('button', { name: 'Refresh' }).click();
  const chart = page.getByTestId('chart-latency');
  // The legend names the model as every page does: the last part of its id.
  await expect(chart.locator('.u-legend')).toContainText('line-model');

  // The time axis covers the seeded half hour (20 minutes of answers, up to now), not the day.
  const from = Number(await chart.getAttribute('data-x-from'));
  const to = Number(await chart.getAttribute('data-x-to'));
  expect(Math.abs(from * 1000 - (now - 30 * MINUTE))).toBeLessThan(MINUTE);
  expect(to - from).toBeGreaterThan(19 * 60);
  expect(to - from).toBeLessThan(31 * 60);

  // Without a pointer the legend shows the latest answer's bucket: its time and its 300 ms.
  const legendAt = Number(await chart.getAttribute('data-legend-at'));
  expect(Math.abs(legendAt * 1000 - (now - 10 * MINUTE))).toBeLessThan(MINUTE);
  const values = chart.locator('.u-legend .u-series .u-value');
  const time = await page.evaluate((at) => new Date(at * 1000).toLocaleString(), legendAt);
  await expect(values.nth(0)).toHaveText(time);
  await expect(values.nth(1)).toHaveText('300 ms');
  await expect(page.getByTestId('chart-tps').locator('.u-legend .u-series .u-value').nth(1)).toHaveText(
    '30.0 tok/s',
  );

  // A line joins the three answers across the empty buckets between them: far more of the
  // series' colour than three lone dots would draw.
  expect(await seriesPixels(page, 'chart-latency')).toBeGreaterThan(250);

  // The pointer on the chart's left edge reads that bucket; taken away, the latest one again.
  const over = chart.locator('.u-over');
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await expect(values.nth(1)).toHaveText('100 ms');
  await expect(values.nth(0)).not.toHaveText(time);
  await page.mouse.move(0, 0);
  await expect(values.nth(1)).toHaveText('300 ms');
  await expect(values.nth(0)).toHaveText(time);
});
