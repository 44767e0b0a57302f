/**
 * Deleting a conversation while its answer streams (issue 29, item 2): the stream stops, nothing
 * is written into the deleted conversation, and the app's own export of what is left imports
 * again into a fresh profile (no orphans that the import would refuse).
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { sendMessage, settledAnswer } from './helpers';
import { configureClaude, useFakeClaude } from './claude-helpers';
import { downloadText, readStore } from './storage-helpers';

const fake = useFakeClaude();

test('delete while the answer streams: the stream stops and the export imports again', async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  await configureClaude(page, fake().url, { storage: 'device', strategy: 'claude-only' });
  await page.goto('/#/chat');
  await sendMessage(page, 'Keep me');
  await settledAnswer(page);
  await page.getByRole('button', { name: 'New chat' }).first().click();
  await expect(page.getByTestId('message-user')).toHaveCount(0);
  fake().setScenario('hold-mid-stream');
  await sendMessage(page, 'Tell me about foxes');
  const answer = page.getByTestId('message-assistant').last();
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  await expect(answer).toContainText('Claude (fake) answer');
  const doomed = ((await readStore(page, 'conversations')) as { id: string; title: string }[]).find(
    (c) => c.title === 'Tell me about foxes',
  )!.id;

  await page.getByRole('button', { name: 'Delete Tell me about foxes' }).click();
  await expect(page.getByTestId('conversation-item')).toHaveCount(1);
  // The stream stopped: nothing is answering, so the composer offers Send, not Stop.
  await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  fake().setScenario('ok');
  // A later answer elsewhere goes through while nothing lands in the deleted conversation.
  await page
    .getByTestId('conversation-item')
    .first()
    .getByRole('button', { name: 'Keep me', exact: true })
    .click();
  await sendMessage(page, 'Still here?');
  await settledAnswer(page);
  const messages = (await readStore(page, 'messages')) as { conversationId: string }[];
  expect(messages.filter((m) => m.conversationId === doomed)).toEqual([]);

  // The app's own export holds no orphan and imports whole into a fresh profile.
  await page.goto('/#/settings');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all data' }).click();
  const text = await downloadText(await downloading);
  const backup = JSON.parse(text) as {
    conversations: { id: string }[];
    messages: { conversationId: string }[];
  };
  const ids = new Set(backup.conversations.map((c) => c.id));
  expect(backup.messages.every((m) => ids.has(m.conversationId))).toBe(true);
  const file = testInfo.outputPath('after-delete.json');
  writeFileSync(file, text);
  const fresh = await browser.newContext({ baseURL, serviceWorkers: 'block' });
  try {
    const other = await fresh.newPage();
    await other.goto('/#/settings');
    await other.getByLabel('Backup file').setInputFiles(file);
    await expect(other.getByTestId('import-status')).toContainText('Added 1 conversation (4 messages)');
  } finally {
    await fresh.close();
  }
});
