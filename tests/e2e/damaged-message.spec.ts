import { expect, test } from './fixtures';
import { putRaw, readStore, startConversation } from './storage-helpers';

/**
 * One damaged answer never takes Chat down (issue 29, item 6): a health report of the wrong
 * shape is set aside with the notice and the answer's text still shows; a record that passes
 * the schema but cannot be drawn shows a placeholder in its place, and the rest of the chat works.
 */
test.beforeEach(async ({ page }) => {
  await page.goto('/#/chat');
  await startConversation(page, 'Keep this conversation');
});

async function addAnswer(
  page: import('@playwright/test').Page,
  extra: Record<string, unknown>,
): Promise<void> {
  const conversations = (await readStore(page, 'conversations')) as { id: string }[];
  // Conversations are trees: the damaged answer hangs under the latest message, so it is on screen.
  const latest = ((await readStore(page, 'messages')) as { id: string; createdAt: number }[])
    .sort((a, b) => a.createdAt - b.createdAt)
    .at(-1)!;
  await putRaw(page, 'tandem', 'messages', [
    {
      id: 'm_damaged',
      conversationId: conversations[0]!.id,
      parentId: latest.id,
      role: 'assistant',
      content: 'The answer text survives.',
      createdAt: Date.now() + 10,
      status: 'complete',
      ...extra,
    },
  ]);
  await page.reload();
}

test('an answer with health {} opens: its text shows, the report is set aside with the notice', async ({
  page,
}) => {
  await addAnswer(page, { health: {} });
  const answer = page.getByTestId('message-assistant').last();
  await expect(answer).toContainText('The answer text survives.');
  await expect(page.getByTestId('quarantine-notice')).toContainText('health report of message m_damaged');
  await expect(page.getByTestId('message-user').locator('.plain')).toHaveText('Keep this conversation');
  // It stays that way on every start, and the page keeps working.
  await page.reload();
  await expect(page.getByTestId('message-assistant').last()).toContainText('The answer text survives.');
  await expect(page.getByLabel('Message')).toBeEditable();
});

test('an answer that cannot be drawn shows a placeholder; the rest of the chat works', async ({ page }) => {
  // Passes the schema (examples are not checked) but `similarity.toFixed` throws while drawing.
  await addAnswer(page, {
    notices: [
      { kind: 'memory', text: 'Memory used', examples: [{ id: 'e1', prompt: 'p', similarity: 'high' }] },
    ],
  });
  await expect(page.getByTestId('message-placeholder')).toContainText('could not be shown');
  await expect(page.getByTestId('message-user').locator('.plain')).toHaveText('Keep this conversation');
  await page.getByRole('button', { name: 'New chat' }).first().click();
  await expect(page.getByTestId('message-user')).toHaveCount(0);
  await page.getByRole('button', { name: 'Keep this conversation', exact: true }).click();
  await expect(page.getByTestId('message-placeholder')).toHaveCount(1);
});
