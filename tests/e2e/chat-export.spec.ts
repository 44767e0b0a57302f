/**
 * "Export this chat" (issue 28): from the conversation, the visible branch downloads as Markdown
 * and as JSON, with the title, roles and model names; a tag in a message stays text and the file
 * name keeps safe characters only.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { sendMessage, setUpLocalModel, settledAnswer } from './helpers';
import { downloadText } from './storage-helpers';

async function exportAs(
  page: Page,
  label: 'Markdown (.md)' | 'JSON (.json)',
): Promise<{ name: string; text: string }> {
  await page.getByLabel('Export this chat').click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: label }).click();
  const download = await downloading;
  return { name: download.suggestedFilename(), text: await downloadText(download) };
}

test('the visible branch downloads as Markdown and JSON, its HTML kept as text', async ({ page }) => {
  await setUpLocalModel(page);
  await expect(page.getByLabel('Export this chat')).toHaveCount(0);
  const question = 'Trip/../plans <img src=x onerror="window.pwned=1">';
  await sendMessage(page, 'Plans/../<b>x</b>: go?');
  await settledAnswer(page);
  // An edited question makes a second branch: only the one on screen is exported.
  await page.getByTestId('message-user').getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Edit message').fill(question);
  await page.getByLabel('Edit message').press('Enter');
  await expect(page.getByTestId('message-user').locator('.plain')).toHaveText(question);
  const answer = (await (await settledAnswer(page)).locator('.markdown, .plain').first().innerText()).trim();

  const md = await exportAs(page, 'Markdown (.md)');
  expect(md.name).toMatch(/^tandem-Plansbxb-go-\d{4}-\d{2}-\d{2}\.md$/);
  expect(md.text).toMatch(/^# Plans\/\.\.\/&lt;b>x&lt;\/b>: go\?\n/);
  expect(md.text).toContain('## You\n\nTrip/../plans &lt;img src=x onerror="window.pwned=1">');
  expect(md.text).toMatch(/## Assistant \(tiny-chat[^)]*\)+\n\n/);
  expect(md.text).toContain(answer.split('\n')[0]!);
  expect(md.text).not.toContain('<img');
  expect(md.text).not.toContain('## You\n\nPlans');
  // The menu closed after the choice.
  await expect(page.getByRole('button', { name: 'Markdown (.md)' })).toBeHidden();

  const json = await exportAs(page, 'JSON (.json)');
  expect(json.name).toBe(md.name.replace(/\.md$/, '.json'));
  const data = JSON.parse(json.text) as {
    title: string;
    messages: { role: string; content: string; model?: { name: string } }[];
  };
  expect(data.title).toBe('Plans/../<b>x</b>: go?');
  expect(data.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  expect(data.messages[0]!.content).toBe(question);
  expect(data.messages[1]!.model?.name).toMatch(/^tiny-chat/);
  expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
});

test('Escape closes the export menu and gives focus back to it', async ({ page }) => {
  await setUpLocalModel(page);
  await sendMessage(page, 'hello');
  await settledAnswer(page);
  const toggle = page.getByLabel('Export this chat');
  await toggle.focus();
  await toggle.press('Enter');
  await expect(page.getByRole('button', { name: 'JSON (.json)' })).toBeVisible();
  await page.getByRole('button', { name: 'JSON (.json)' }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'JSON (.json)' })).toBeHidden();
  await expect(toggle).toBeFocused();
});
