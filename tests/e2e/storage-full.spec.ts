/**
 * A full disk (issue 29, item 7), made really full: Chromium's DevTools protocol lowers this
 * origin's quota below what it already uses (`Storage.overrideQuotaForOrigin`), so every
 * IndexedDB write transaction aborts with QuotaExceededError, as on a device with no space left.
 * Each write path then says "Could not save: storage is full" with what to free, and what the
 * user typed stays on screen; a streaming answer ends cleanly and sending works again.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { configureClaude, useFakeClaude } from './claude-helpers';
import { sendMessage, settledAnswer } from './helpers';
import { readStore } from './storage-helpers';

const fake = useFakeClaude();
const FULL = 'Could not save: storage is full.';
const REMEDY = 'delete downloaded models on the Models page';

/**
 * A device with a small disk: this origin gets 64 MB, set before the app first writes. (Chromium
 * checks a write against the space it last found free, for up to 30 s: lowering the quota
 * later changes nothing until then. Against a small quota, the filling below finds it at once.)
 */
async function smallDisk(page: Page, baseURL: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL).origin, quotaSize: 64 << 20 });
}

/**
 * Fills the disk for real: random data (it does not compress) goes into a database of its own,
 * in ever smaller chunks, each until the browser refuses it for quota, down to a single byte.
 * Then even a tiny write of the app's database is refused with QuotaExceededError.
 */
async function fillDisk(page: Page): Promise<void> {
  const refused = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('disk-filler');
      open.onupgradeneeded = () => open.result.createObjectStore('chunks', { autoIncrement: true });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const write = (size: number): Promise<string | null> =>
      new Promise((resolve) => {
        const data = new Uint8Array(size);
        for (let i = 0; i < size; i += 65536) crypto.getRandomValues(data.subarray(i, i + 65536));
        const tx = db.transaction('chunks', 'readwrite');
        tx.objectStore('chunks').add(data);
        tx.oncomplete = () => resolve(null);
        tx.onabort = () => resolve(tx.error?.name ?? 'aborted');
      });
    const reasons = new Set<string>();
    for (let size = 8 << 20; size >= 1; size = size === 1 ? 0 : Math.max(1, Math.floor(size / 8))) {
      for (;;) {
        const reason = await write(size);
        if (reason === null) continue;
        reasons.add(reason);
        break;
      }
    }
    db.close();
    return [...reasons];
  });
  expect(refused).toEqual(['QuotaExceededError']);
  const probe = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open('tandem');
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('kv', 'readwrite');
          tx.objectStore('kv').put({ key: 'probe', value: 'y', updatedAt: 1 });
          tx.oncomplete = () => {
            db.close();
            resolve('written');
          };
          tx.onabort = () => {
            db.close();
            resolve(tx.error?.name ?? 'aborted');
          };
        };
      }),
  );
  expect(probe).toBe('QuotaExceededError');
}

async function chatWithClaude(page: Page, baseURL: string | undefined): Promise<void> {
  await smallDisk(page, baseURL!);
  await configureClaude(page, fake().url, { storage: 'session', strategy: 'claude-only' });
  await page.goto('/#/chat');
}

test('Send, a rating and Save feedback on a full disk say so and keep what was typed', async ({
  page,
  baseURL,
}) => {
  await chatWithClaude(page, baseURL);
  await sendMessage(page, 'Name a colour');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await fillDisk(page);
  const toasts = page.getByTestId('toasts');

  // Send: nothing is stored, the text stays in the box, and the notice says why and what to free.
  const box = page.getByLabel('Message');
  await box.fill('Will this fit?');
  await box.press('Enter');
  await expect(toasts).toContainText(`${FULL} Your message was not sent and is still in the message box.`);
  await expect(toasts).toContainText(REMEDY);
  await expect(box).toHaveValue('Will this fit?');
  await expect(page.getByTestId('message-user')).toHaveCount(1);
  expect(
    ((await readStore(page, 'messages')) as { content: string }[]).some(
      (m) => m.content === 'Will this fit?',
    ),
  ).toBe(false);

  // A rating: said, and not shown as given.
  // A click, not check(): the radio goes back to the stored rating at once, as it should.
  await answer.getByLabel('4 of 5').click();
  await expect(toasts).toContainText(`${FULL} Your rating was not saved.`);
  await expect(answer.getByLabel('4 of 5')).not.toBeChecked();

  // Save feedback: said, the form keeps the text.
  await answer.getByTestId('feedback-toggle').click();
  const form = answer.getByTestId('feedback-form');
  await form.getByLabel('Comment (optional)').fill('Too short');
  await form.getByRole('button', { name: 'Save feedback' }).click();
  await expect(toasts).toContainText(`${FULL} Your feedback stays in the form.`);
  await expect(form.getByTestId('feedback-not-saved')).toBeVisible();
  await expect(form.getByLabel('Comment (optional)')).toHaveValue('Too short');
  expect(await readStore(page, 'feedback')).toEqual([]);
});

test('a streaming answer the full disk cuts ends interrupted with its text, and sending works again', async ({
  page,
  baseURL,
}) => {
  await chatWithClaude(page, baseURL);
  // One word every 300 ms: the answer is still streaming when the disk fills up.
  fake().setScenario({ scenario: 'slow', delayMs: 300, times: 1 });
  await sendMessage(page, 'one two three four five six seven eight nine ten eleven');
  const live = page.getByTestId('message-assistant').last();
  await expect(live).toHaveAttribute('data-status', 'streaming');
  await expect(live).toContainText('Claude (fake)');
  await fillDisk(page);

  await expect(live).toHaveAttribute('data-status', 'interrupted');
  await expect(live.getByTestId('interrupted-mark')).toHaveText('interrupted');
  await expect(live).toContainText('Claude (fake)');
  await expect(page.getByTestId('toasts')).toContainText(`${FULL} The answer was stopped`);
  // The answer did not run to its end: it stopped when its text could not be stored.
  await expect(live).not.toContainText('eleven');
  // Sending is unblocked: no Stop button, Send takes the next message (refused for the disk, kept).
  await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);
  const box = page.getByLabel('Message');
  await box.fill('Still there?');
  await expect(page.getByRole('button', { name: 'Send' })).toBeEnabled();
  await box.press('Enter');
  await expect(page.getByTestId('toasts')).toContainText(
    'Your message was not sent and is still in the message box.',
  );
  await expect(box).toHaveValue('Still there?');
});
