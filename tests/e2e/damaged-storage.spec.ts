import { expect, test } from './fixtures';
import { downloadText, putRaw, readStore, startConversation } from './storage-helpers';

/**
 * Damaged records written straight into IndexedDB (the cases of issue 14): the app opens, says
 * what it set aside, keeps it for Export it / Delete it, and every other record is intact.
 */
test.beforeEach(async ({ page }) => {
  await page.goto('/#/chat');
  await startConversation(page, 'Keep this conversation');
});

async function expectIntact(page: import('@playwright/test').Page): Promise<void> {
  await expect(page.getByTestId('conversation-item')).toHaveText([/Keep this conversation/]);
  await page.getByRole('button', { name: 'Keep this conversation', exact: true }).click();
  await expect(page.getByTestId('message-user').locator('.plain')).toHaveText('Keep this conversation');
}

test('a junk model file record is set aside; the app opens with the notice', async ({ page }) => {
  await putRaw(page, 'tandem-models', 'files', [{ key: 'junk', model: 5, url: null }]);
  await page.reload();
  const notice = page.getByTestId('quarantine-notice');
  await expect(notice).toContainText('set aside 1 damaged record');
  await expect(notice).toContainText('model file junk');
  await expectIntact(page);
  await page.goto('/#/models');
  await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
  expect(await readStore(page, 'files', 'tandem-models')).toEqual([]);
  const kept = (await readStore(page, 'quarantine')) as { record: unknown }[];
  expect(kept.map((q) => q.record)).toEqual([{ key: 'junk', model: 5, url: null }]);
});

test('key-value records of the wrong type are set aside and their defaults used', async ({ page }) => {
  const now = Date.now();
  await putRaw(page, 'tandem', 'kv', [
    { key: 'draft:new', value: 99, updatedAt: now },
    { key: 'activeConversation', value: { id: 1 }, updatedAt: now },
    { key: 'router:examples', value: 'nope', updatedAt: now },
    { key: 'hardware:failures', value: {}, updatedAt: now },
  ]);
  await page.reload();
  await expect(page.getByTestId('quarantine-notice')).toContainText('set aside 3 damaged records');
  await expectIntact(page);
  // The draft of a new chat is read when a new chat is opened: set aside then, composer empty.
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.getByTestId('quarantine-notice')).toContainText('set aside 4 damaged records');
  await expect(page.getByLabel('Message')).toHaveValue('');
  const kept = (await readStore(page, 'quarantine')) as { key: string }[];
  expect(kept.map((q) => q.key).sort()).toEqual([
    'activeConversation',
    'draft:new',
    'hardware:failures',
    'router:examples',
  ]);
});

test('messages of the wrong shape are set aside; the conversation opens and can be deleted', async ({
  page,
}) => {
  const conversations = (await readStore(page, 'conversations')) as { id: string }[];
  const id = conversations[0]!.id;
  const base = { conversationId: id, role: 'assistant', createdAt: Date.now() + 10, status: 'complete' };
  await putRaw(page, 'tandem', 'messages', [
    { ...base, id: 'bad-null', content: null },
    { ...base, id: 'bad-object', content: { text: 'x' }, createdAt: Date.now() + 11 },
    { ...base, id: 'bad-tools', content: 'ok', toolEvents: 'no', createdAt: Date.now() + 12 },
  ]);
  await page.reload();
  await expect(page.getByTestId('quarantine-notice')).toContainText('set aside 3 damaged records');
  await expectIntact(page);
  await expect(page.getByTestId('message-assistant')).toHaveCount(1);
  await page.getByRole('button', { name: 'Delete Keep this conversation' }).click();
  await expect(page.getByTestId('conversation-item')).toHaveCount(0);
});

test('settings with a bad field fall back to defaults for that field only, with a notice', async ({
  page,
}) => {
  await page.goto('/#/settings');
  await page.getByLabel('System prompt').fill('Answer like a pirate.');
  await page.getByLabel('System prompt').blur();
  await expect
    .poll(
      async () =>
        ((await readStore(page, 'kv')) as { key: string; value: { systemPrompt?: string } }[]).find(
          (r) => r.key === 'settings',
        )?.value.systemPrompt,
    )
    .toBe('Answer like a pirate.');
  const settings = ((await readStore(page, 'kv')) as { key: string; value: object }[]).find(
    (r) => r.key === 'settings',
  )!;
  await putRaw(page, 'tandem', 'kv', [
    { ...settings, value: { ...settings.value, customModels: 'not a list' } },
  ]);
  await page.reload();
  await expect(page.getByTestId('settings-repair-notice')).toContainText('customModels');
  await expect(page.getByLabel('System prompt')).toHaveValue('Answer like a pirate.');
  await page.goto('/#/models');
  await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
  await page.goto('/#/chat');
  await expectIntact(page);
});

test('Export it downloads what was set aside; Delete it removes it and the notice', async ({ page }) => {
  await putRaw(page, 'tandem', 'kv', [{ key: 'router:examples', value: 'nope', updatedAt: 1 }]);
  await page.reload();
  const notice = page.getByTestId('quarantine-notice');
  const downloading = page.waitForEvent('download');
  await notice.getByRole('button', { name: 'Export it' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^tandem-set-aside-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(await downloadText(download)) as {
    records: { key: string; record: { value: unknown } }[];
  };
  expect(exported.records.map((r) => [r.key, r.record.value])).toEqual([['router:examples', 'nope']]);
  await notice.getByRole('button', { name: 'Delete it' }).click();
  await expect(notice).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('conversation-item')).toHaveCount(1);
  await expect(page.getByTestId('quarantine-notice')).toHaveCount(0);
  expect(await readStore(page, 'quarantine')).toEqual([]);
});

test('a database that cannot be opened gets plain words, a raw export, retry and a typed reset', async ({
  page,
}) => {
  // A database from a "newer" Tandem: the app cannot open it with its version.
  await page.goto('/favicon.svg');
  await page.evaluate(async () => {
    await new Promise<void>((resolve, reject) => {
      const del = indexedDB.deleteDatabase('tandem');
      del.onsuccess = () => resolve();
      del.onerror = () => reject(del.error);
    });
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('tandem', 999);
      open.onupgradeneeded = () => {
        const store = open.result.createObjectStore('conversations', { keyPath: 'id' });
        store.put({ id: 'c_future', title: 'From the future', createdAt: 1, updatedAt: 1 });
        open.result
          .createObjectStore('kv', { keyPath: 'key' })
          .put({ key: 'claude-api-key', value: 'sk-ant-secret', updatedAt: 1 });
      };
      open.onsuccess = () => {
        open.result.close();
        resolve();
      };
      open.onerror = () => reject(open.error);
    });
  });
  await page.goto('/#/chat');
  await expect(page.getByRole('heading', { name: 'Tandem could not start' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('newer version of Tandem');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export what can be read' }).click();
  const dump = JSON.parse(await downloadText(await downloading)) as { stores: Record<string, unknown[]> };
  expect(dump.stores['conversations']).toEqual([
    { id: 'c_future', title: 'From the future', createdAt: 1, updatedAt: 1 },
  ]);
  expect(JSON.stringify(dump)).not.toContain('sk-ant-secret');

  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { name: 'Tandem could not start' })).toBeVisible();
  const reset = page.getByRole('button', { name: 'Reset Tandem’s data' });
  await expect(reset).toBeDisabled();
  await page.getByLabel('Type RESET to confirm').fill('reset');
  await expect(reset).toBeDisabled();
  await page.getByLabel('Type RESET to confirm').fill('RESET');
  await reset.click();
  await expect(page.getByRole('button', { name: 'New chat' })).toBeVisible();
});
