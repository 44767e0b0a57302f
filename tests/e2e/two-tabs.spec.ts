/**
 * Two tabs of one profile (two pages of one browser context) stay in step: a conversation
 * deleted in one leaves the other, and a send into it there is refused with the text kept; a
 * message sent in one appears in the other without a reload, and the other's next request
 * carries it; a newer tab's database upgrade shows the reload banner and Enter throws nothing.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { configureClaude, messageRequests, useFakeClaude } from './claude-helpers';
import { sendMessage, settledAnswer } from './helpers';

const fake = useFakeClaude();
const DELETED = 'This conversation was deleted in another tab';

/** Claude answers (remembered on the device, so the second tab has the key too). */
async function claudeOnly(page: Page): Promise<void> {
  await configureClaude(page, fake().url, { storage: 'device', strategy: 'claude-only' });
  await page.goto('/#/chat');
}

async function startConversation(page: Page, text: string): Promise<void> {
  await page.getByRole('button', { name: 'New chat' }).click();
  await sendMessage(page, text);
  await settledAnswer(page);
}

/** Fails the test on any uncaught error or unhandled rejection in `page`. */
function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
  return errors;
}

/**
 * Before the app loads: `window.__tandemDeaf = true` makes this page drop what other tabs
 * broadcast, as when their notice has not arrived yet.
 */
async function deafSwitch(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const add = BroadcastChannel.prototype.addEventListener;
    BroadcastChannel.prototype.addEventListener = function (
      this: BroadcastChannel,
      type: string,
      listener: EventListenerOrEventListenerObject,
      options?: boolean | AddEventListenerOptions,
    ) {
      const wrapped =
        typeof listener === 'function'
          ? (event: Event) => {
              if (!(window as { __tandemDeaf?: boolean }).__tandemDeaf) listener.call(this, event);
            }
          : listener;
      add.call(this, type, wrapped, options);
    };
  });
}

function storedMessagesOf(page: Page, conversationId: string): Promise<number> {
  return page.evaluate(
    (id) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('tandem');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('messages').objectStore('messages').getAll();
          all.onsuccess = () => {
            db.close();
            resolve(
              (all.result as { conversationId: string }[]).filter((m) => m.conversationId === id).length,
            );
          };
          all.onerror = () => reject(all.error);
        };
      }),
    conversationId,
  );
}

test('a deletion in tab A leaves tab B; a send there into the deleted conversation is refused, the text kept', async ({
  page,
  context,
}) => {
  const errors = collectPageErrors(page);
  await claudeOnly(page);
  await startConversation(page, 'Plan a trip to Lisbon');
  await startConversation(page, 'Recipe for bread');

  const b = await context.newPage();
  const errorsB = collectPageErrors(b);
  await deafSwitch(b);
  await b.goto('/#/chat');
  await expect(b.getByTestId('conversation-item')).toHaveCount(2);
  await b.getByRole('button', { name: 'Plan a trip to Lisbon', exact: true }).click();
  await expect(b.getByTestId('message-user').locator('.plain')).toHaveText('Plan a trip to Lisbon');
  await b.getByLabel('Message').fill('Half a thought');

  // A deletes what B shows: B leaves it at once, says why, keeps the text.
  await page.getByRole('button', { name: 'Delete Plan a trip to Lisbon' }).click();
  await expect(b.getByTestId('conversation-item')).toHaveCount(1);
  await expect(b.getByTestId('message-user')).toHaveCount(0);
  await expect(b.getByTestId('toasts')).toContainText(DELETED);
  await expect(b.getByLabel('Message')).toHaveValue('Half a thought');

  // B's notice has not arrived (deaf) when A deletes the other one: B sends into it.
  const bread = await b.getByTestId('conversation-item').getAttribute('data-conversation-id');
  await b.getByRole('button', { name: 'Recipe for bread', exact: true }).click();
  await expect(b.getByTestId('message-user').locator('.plain')).toHaveText('Recipe for bread');
  await b.evaluate(() => ((window as { __tandemDeaf?: boolean }).__tandemDeaf = true));
  await page.getByRole('button', { name: 'Delete Recipe for bread' }).click();
  await expect(page.getByTestId('conversation-item')).toHaveCount(0);
  await expect(b.getByTestId('message-user').locator('.plain')).toHaveText('Recipe for bread');
  const requests = messageRequests(fake()).length;
  await b.getByLabel('Message').fill('Are you still there?');
  await b.getByLabel('Message').press('Enter');

  await expect(b.getByTestId('toasts')).toContainText(`${DELETED}. Your message was not saved into it.`);
  await expect(b.getByLabel('Message')).toHaveValue('Are you still there?');
  await expect(b.getByTestId('message-user')).toHaveCount(0);
  await expect(b.getByTestId('conversation-item')).toHaveCount(0);
  // Nothing was stored into the deleted conversation, and nothing was asked of Claude.
  expect(await storedMessagesOf(b, bread!)).toBe(0);
  expect(messageRequests(fake())).toHaveLength(requests);
  expect(errors).toEqual([]);
  expect(errorsB).toEqual([]);
});

test('a message sent in tab A appears in tab B without a reload, and B’s next request carries it', async ({
  page,
  context,
}) => {
  await claudeOnly(page);
  await startConversation(page, 'First question');
  const b = await context.newPage();
  await b.goto('/#/chat');
  await expect(b.getByTestId('message-user').locator('.plain')).toHaveText(['First question']);

  await sendMessage(page, 'Second question');
  await settledAnswer(page);
  await expect(b.getByTestId('message-user').locator('.plain')).toHaveText([
    'First question',
    'Second question',
  ]);
  const answerB = b.getByTestId('message-assistant').last();
  await expect(answerB).toHaveAttribute('data-status', 'complete');
  await expect(answerB.locator('.markdown, .plain').first()).toHaveText(
    'Claude (fake) answer to: Second question',
  );

  await sendMessage(b, 'Third, from B');
  await settledAnswer(b);
  const last = messageRequests(fake()).at(-1)?.body as { messages: { role: string; content: unknown }[] };
  expect(JSON.stringify(last.messages)).toContain('Second question');
  expect(JSON.stringify(last.messages)).toContain('Claude (fake) answer to: Second question');
  // And A sees B's turn in turn.
  await expect(page.getByTestId('message-user').locator('.plain')).toHaveText([
    'First question',
    'Second question',
    'Third, from B',
  ]);
});

test('a newer tab upgrading the database shows the reload banner; typing and Enter throw nothing', async ({
  page,
  context,
}) => {
  const errors = collectPageErrors(page);
  await claudeOnly(page);
  await startConversation(page, 'Before the update');
  await page.getByLabel('Message').fill('Typed before');

  const b = await context.newPage();
  await b.goto('/#/chat');
  await expect(b.getByTestId('message-user').locator('.plain')).toHaveText('Before the update');
  // A newer version of Tandem: the same database, one version up.
  const upgraded = await b.evaluate(async () => {
    const current = (await indexedDB.databases()).find((d) => d.name === 'tandem')?.version ?? 0;
    return new Promise<number>((resolve, reject) => {
      const open = indexedDB.open('tandem', current + 1);
      open.onerror = () => reject(open.error);
      open.onblocked = () => reject(new Error('blocked: the older tab did not let go'));
      open.onsuccess = () => {
        const version = open.result.version;
        open.result.close();
        resolve(version);
      };
    });
  });
  expect(upgraded).toBeGreaterThan(1);

  const banner = page.getByTestId('updated-elsewhere');
  await expect(banner).toContainText('Tandem was updated in another tab: reload');
  await expect(banner.getByRole('button', { name: 'Reload' })).toBeVisible();
  const box = page.getByLabel('Message');
  await box.fill('After the update');
  await box.press('Enter');
  await expect(page.getByTestId('toasts')).toContainText('Tandem was updated in another tab: reload');
  await expect(box).toHaveValue('After the update');
  await expect(page.getByTestId('message-user').locator('.plain')).toHaveText('Before the update');
  await box.fill('Still typing');
  await box.press('Enter');
  await expect(box).toHaveValue('Still typing');
  expect(errors).toEqual([]);
});

test('an upgrade held up by an older tab says that tab is the cause, and goes on once it lets go', async ({
  page,
  context,
}) => {
  // The older tab: version 1 of the database, held open, deaf to the upgrade (an old release).
  await page.goto('/favicon.svg');
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('tandem', 1);
        open.onupgradeneeded = () => {
          const db = open.result;
          db.createObjectStore('conversations', { keyPath: 'id' }).createIndex('by-updated', 'updatedAt');
          db.createObjectStore('messages', { keyPath: 'id' }).createIndex(
            'by-conversation-id',
            'conversationId',
          );
          open.transaction!.objectStore('conversations').put({
            id: 'c_old',
            title: 'Kept through the upgrade',
            createdAt: 1,
            updatedAt: 2,
          });
        };
        open.onsuccess = () => {
          (window as { __held?: IDBDatabase }).__held = open.result;
          resolve();
        };
        open.onerror = () => reject(open.error);
      }),
  );

  const b = await context.newPage();
  await b.goto('/#/chat');
  const recovery = b.getByTestId('startup-recovery');
  await expect(recovery).toContainText(
    'Another Tandem tab, still on the older version, holds your data open',
  );
  await expect(b.getByTestId('conversation-item')).toHaveCount(0);

  await page.evaluate(() => (window as { __held?: IDBDatabase }).__held?.close());
  await expect(b.getByTestId('conversation-item')).toHaveText(/Kept through the upgrade/);
  await expect(recovery).toHaveCount(0);
});
