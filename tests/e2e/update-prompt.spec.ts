import { expect, test } from './fixtures';
import { readFileSync, writeFileSync } from 'node:fs';

test.use({ serviceWorkers: 'allow' });

const SW_PATH = 'dist/sw.js';

test('a newly deployed version shows an update prompt, and accepting it reloads into the new version', async ({
  page,
}) => {
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // A returning visitor: the page is controlled by the installed service worker.
  await page.reload();
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await expect(page.getByTestId('update-prompt')).toHaveCount(0);
  const original = readFileSync(SW_PATH, 'utf8');
  try {
    // "Deploy" a new version: the service worker script changes byte for byte.
    writeFileSync(SW_PATH, `${original}\n// deployed ${Date.now()}\n`);
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
    await expect(page.getByTestId('update-prompt')).toBeVisible({ timeout: 60_000 });
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Reload to update' }).click(),
    ]);
    await expect(page.getByTestId('update-prompt')).toHaveCount(0);
    const scriptUrl = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return { waiting: !!registration?.waiting, active: !!registration?.active };
    });
    expect(scriptUrl).toEqual({ waiting: false, active: true });
  } finally {
    writeFileSync(SW_PATH, original);
  }
});
