import { expect, test } from './fixtures';
import { type Page } from '@playwright/test';
import { sendMessage, setUpLocalModel, settledAnswer } from './helpers';
import { emptyProfile } from './storage-helpers';

/** The question on screen, its "k / n", and whether its answer is the code script. */
async function shown(page: Page): Promise<{ question: string; branch: string; code: boolean }> {
  const answer = await settledAnswer(page);
  return {
    question: (await page.getByTestId('message-user').locator('.plain').innerText()).trim(),
    branch: (await page.getByTestId('message-user').getByTestId('branch-count').innerText()).trim(),
    code: (await answer.locator('pre').count()) > 0,
  };
}

async function edit(page: Page, text: string): Promise<void> {
  await page.getByTestId('message-user').getByRole('button', { name: 'Edit' }).click();
  const box = page.getByLabel('Edit message');
  await expect(box).toBeFocused();
  await box.fill(text);
  await box.press('Enter');
  await expect(page.getByTestId('message-user').locator('.plain')).toHaveText(text);
}

test('a question edited twice keeps three branches; each is intact after a reload', async ({ page }) => {
  await setUpLocalModel(page);
  await sendMessage(page, 'First question');
  await settledAnswer(page);

  // Escape cancels an edit and changes nothing.
  await page.getByTestId('message-user').getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByLabel('Edit message')).toHaveValue('First question');
  await page.getByLabel('Edit message').fill('never sent');
  await page.getByLabel('Edit message').press('Escape');
  await expect(page.getByLabel('Edit message')).toHaveCount(0);
  await expect(page.getByTestId('branch-nav')).toHaveCount(0);

  // The scripted model answers "code" questions with a code block, others without.
  await edit(page, 'Show me some code');
  expect(await shown(page)).toEqual({ question: 'Show me some code', branch: '2 / 2', code: true });
  await edit(page, 'Third version');
  expect(await shown(page)).toEqual({ question: 'Third version', branch: '3 / 3', code: false });
  await expect(page.getByTestId('message-user')).toHaveCount(1);

  const previous = page.getByRole('button', { name: 'Previous branch' });
  const next = page.getByRole('button', { name: 'Next branch' });
  await expect(next).toBeDisabled();
  await previous.click();
  expect(await shown(page)).toEqual({ question: 'Show me some code', branch: '2 / 3', code: true });
  await previous.click();
  expect(await shown(page)).toEqual({ question: 'First question', branch: '1 / 3', code: false });
  await expect(previous).toBeDisabled();

  // After a reload the branch last chosen is on screen, and every branch is still there.
  await page.reload();
  expect(await shown(page)).toEqual({ question: 'First question', branch: '1 / 3', code: false });
  await next.click();
  expect(await shown(page)).toEqual({ question: 'Show me some code', branch: '2 / 3', code: true });
  await next.click();
  expect(await shown(page)).toEqual({ question: 'Third version', branch: '3 / 3', code: false });
});

test('Regenerate keeps the old answer as a branch beside the new one', async ({ page }) => {
  await setUpLocalModel(page);
  await sendMessage(page, 'Hello');
  const first = await settledAnswer(page);
  await first.getByRole('button', { name: 'Regenerate' }).click();
  const answer = page.getByTestId('message-assistant');
  await expect(answer.getByTestId('branch-count')).toHaveText('2 / 2');
  await settledAnswer(page);
  await expect(answer).toHaveCount(1);
  await answer.getByRole('button', { name: 'Previous branch' }).click();
  await expect(answer.getByTestId('branch-count')).toHaveText('1 / 2');
  await expect(answer).toHaveAttribute('data-status', 'complete');
});

test('a backup restored into an emptied profile keeps every branch and the one that was on screen', async ({
  page,
}) => {
  await setUpLocalModel(page);
  await sendMessage(page, 'First question');
  await settledAnswer(page);
  await edit(page, 'Show me some code');
  expect(await shown(page)).toEqual({ question: 'Show me some code', branch: '2 / 2', code: true });
  await page.getByRole('button', { name: 'Previous branch' }).click();
  expect(await shown(page)).toEqual({ question: 'First question', branch: '1 / 2', code: false });

  await page.goto('/#/settings');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all data' }).click();
  const backup = await (await downloading).path();

  await emptyProfile(page);
  await page.goto('/#/chat');
  await expect(page.getByTestId('conversation-item')).toHaveCount(0);
  await page.goto('/#/settings');
  await page.getByLabel('Backup file').setInputFiles(backup);
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText(
    'Added 1 conversation (4 messages)',
  );

  await page.goto('/#/chat');
  await page.getByTestId('conversation-item').click();
  expect(await shown(page)).toEqual({ question: 'First question', branch: '1 / 2', code: false });
  await page.getByRole('button', { name: 'Next branch' }).click();
  expect(await shown(page)).toEqual({ question: 'Show me some code', branch: '2 / 2', code: true });
});
