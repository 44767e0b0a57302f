import { expect, test } from './fixtures';
import { emptyProfile, readStore } from './storage-helpers';

const storedHealthMode = async (page: import('@playwright/test').Page): Promise<unknown> =>
  (
    (await readStore(page, 'kv')).find((r) => (r as { key: string }).key === 'health') as
      { value?: { mode?: string } } | undefined
  )?.value?.mode;

test('a restored backup takes effect at once: the health mode is the restored one without a reload', async ({
  page,
}) => {
  await page.goto('/#/settings');
  const mode = page.getByLabel('Health mode');
  await mode.selectOption('off');
  await expect.poll(() => storedHealthMode(page)).toBe('off');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all data' }).click();
  const backup = await (await downloading).path();

  // A fresh profile: the database is gone, the app starts on its defaults.
  await emptyProfile(page);
  await page.goto('/#/settings');
  await expect(mode).not.toHaveValue('off');

  await page.getByLabel('Backup file').setInputFiles(backup);
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible();
  await expect.poll(() => storedHealthMode(page)).toBe('off');
  // The page shows what was restored, not what was in memory before the import.
  await expect(mode).toHaveValue('off');
  await page.goto('/#/chat');
  await page.goto('/#/settings');
  await expect(mode).toHaveValue('off');
});
