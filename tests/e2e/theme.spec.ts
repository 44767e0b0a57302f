/**
 * Settings → Appearance → Theme: Dark turns the page dark and stays after a reload, Light stays
 * light under a dark system scheme, and System follows the scheme as it changes; every page passes axe in
 * Dark at both sizes (links and badges included: they follow color-scheme: dark).
 */
import type { Page } from '@playwright/test';
import { violations } from './axe-helpers';
import { expect, test } from './fixtures';

/** --bg of base.css in each theme, as computed styles report it. */
const LIGHT_BG = 'rgb(248, 250, 252)';
const DARK_BG = 'rgb(15, 23, 42)';

function pageBackground(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
}

async function openSettings(page: Page): Promise<void> {
  await page.goto('/#/settings');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
}

test('Dark makes the page dark, and a reload keeps it', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openSettings(page);
  const theme = page.getByRole('group', { name: 'Theme' });
  await expect(theme.getByRole('radio', { name: 'System' })).toBeChecked();
  await expect.poll(() => pageBackground(page)).toBe(LIGHT_BG);

  await theme.getByRole('radio', { name: 'Dark' }).check();
  await expect.poll(() => pageBackground(page)).toBe(DARK_BG);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  await page.reload();
  await expect(page.getByRole('group', { name: 'Theme' }).getByRole('radio', { name: 'Dark' })).toBeChecked();
  await expect.poll(() => pageBackground(page)).toBe(DARK_BG);
});

test('Light stays light under a dark system scheme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openSettings(page);
  await expect.poll(() => pageBackground(page)).toBe(DARK_BG);

  await page.getByRole('group', { name: 'Theme' }).getByRole('radio', { name: 'Light' }).check();
  await expect.poll(() => pageBackground(page)).toBe(LIGHT_BG);
  await page.reload();
  await expect(
    page.getByRole('group', { name: 'Theme' }).getByRole('radio', { name: 'Light' }),
  ).toBeChecked();
  await expect.poll(() => pageBackground(page)).toBe(LIGHT_BG);
});

test('System follows the colour scheme as it changes', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openSettings(page);
  const theme = page.getByRole('group', { name: 'Theme' });
  await theme.getByRole('radio', { name: 'Light' }).check();
  await expect.poll(() => pageBackground(page)).toBe(LIGHT_BG);

  await theme.getByRole('radio', { name: 'System' }).check();
  await expect.poll(() => pageBackground(page)).toBe(DARK_BG);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => pageBackground(page)).toBe(LIGHT_BG);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => pageBackground(page)).toBe(DARK_BG);
});

test('every page passes axe in Dark, at desktop and phone sizes', async ({ page }) => {
  await openSettings(page);
  await page.getByRole('group', { name: 'Theme' }).getByRole('radio', { name: 'Dark' }).check();
  await expect.poll(() => pageBackground(page)).toBe(DARK_BG);
  for (const size of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    for (const place of ['chat', 'models', 'evaluate', 'feedback', 'metrics', 'settings']) {
      await page.goto(`/#/${place}`);
      await expect(page.getByRole('main')).toBeVisible();
      await expect.poll(() => pageBackground(page)).toBe(DARK_BG);
      expect(await violations(page), `${place} at ${size.width}x${size.height} in Dark`).toEqual([]);
    }
  }
});
