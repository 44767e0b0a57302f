import { expect, test } from './fixtures';

/**
 * A browser that last ran Tandem with database version 1 opens the current version: its
 * conversations and messages must survive the upgrade.
 */
test('conversations written by database version 1 survive the upgrade', async ({ page }) => {
  // Same origin, but a page that does not run the app (which would create version 2 first).
  await page.goto('/favicon.svg');
  await page.evaluate(async () => {
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('tandem', 1);
      open.onupgradeneeded = () => {
        const db = open.result;
        const conversations = db.createObjectStore('conversations', { keyPath: 'id' });
        conversations.createIndex('by-updated', 'updatedAt');
        const messages = db.createObjectStore('messages', { keyPath: 'id' });
        messages.createIndex('by-conversation-id', 'conversationId');
        conversations.put({ id: 'c_old', title: 'Written by version one', createdAt: 1, updatedAt: 2 });
        // Version 1 messages had no status field.
        messages.put({
          id: 'm1',
          conversationId: 'c_old',
          role: 'user',
          content: 'old question',
          createdAt: 10,
        });
        messages.put({
          id: 'm2',
          conversationId: 'c_old',
          role: 'assistant',
          content: 'old **answer**',
          createdAt: 11,
        });
      };
      open.onsuccess = () => {
        open.result.close();
        resolve();
      };
      open.onerror = () => reject(open.error);
    });
  });
  await page.goto('/#/chat');
  await expect(page.getByTestId('conversation-item')).toHaveText(/Written by version one/);
  await page
    .getByTestId('conversation-item')
    .getByRole('button', { name: 'Written by version one', exact: true })
    .click();
  await expect(page.getByTestId('message-user').locator('.plain')).toHaveText(/old question/);
  await expect(page.getByTestId('message-assistant').locator('strong')).toHaveText('answer');
  await expect(page.getByTestId('message-assistant')).toHaveAttribute('data-status', 'complete');
  const { version, stores } = await page.evaluate(
    () =>
      new Promise<{ version: number; stores: string[] }>((resolve) => {
        const open = indexedDB.open('tandem');
        open.onsuccess = () => {
          resolve({ version: open.result.version, stores: [...open.result.objectStoreNames] });
          open.result.close();
        };
      }),
  );
  // Every upgrade step ran: the quarantine store (3), the answer-metrics store (4), the Evaluate
  // workbench's stores (5), feedback (6), the operations store (7), trees and documents (8),
  // wall-clock dates repaired (9).
  expect(version).toBe(9);
  expect(stores).toEqual(
    expect.arrayContaining([
      'quarantine',
      'answerMetrics',
      'evaluations',
      'evalResponses',
      'arenaVotes',
      'feedback',
      'operations',
      'documents',
      'documentChunks',
    ]),
  );
});
