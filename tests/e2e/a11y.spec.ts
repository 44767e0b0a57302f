/**
 * Accessibility of every page in use, not only empty: axe-core (the engine behind Lighthouse's
 * accessibility score) on Chat with answers, health strips, the drift chart and the answer menu,
 * on Models with a model loaded, and on Evaluate, Metrics and Settings, at desktop and phone
 * sizes. `npm run lighthouse` scores the fresh pages with Lighthouse itself.
 */
import { violations } from './axe-helpers';
import { expect, test } from './fixtures';
import { TEST_ENCODER, lastAnswer, sendMessage, setHealthModel, setUpLocalModel } from './helpers';

test('every page in use passes axe at desktop and phone sizes', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await setUpLocalModel(page);
  await setHealthModel(page, TEST_ENCODER);
  await page.goto('/#/chat');
  for (const text of ['How do I fix the build?', 'Why does the test fail?']) {
    await sendMessage(page, text);
    await lastAnswer(page);
  }
  await expect(page.getByTestId('health-strip').nth(1)).toHaveAttribute('data-state', 'scored', {
    timeout: 60_000,
  });

  for (const size of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    for (const place of ['chat', 'models', 'evaluate', 'feedback', 'metrics', 'settings']) {
      await page.goto(`/#/${place}`);
      await expect(page.getByRole('main')).toBeVisible();
      if (place === 'chat') {
        await expect(page.getByTestId('message-assistant')).toHaveCount(2);
        await page.getByRole('button', { name: 'Health chart' }).click();
        await expect(page.getByTestId('health-chart')).toHaveAttribute('data-turns', '2');
      }
      if (place === 'models') await expect(page.getByTestId('webllm-entry').first()).toBeVisible();
      expect(await violations(page), `${place} at ${size.width}x${size.height}`).toEqual([]);
    }
  }
});
