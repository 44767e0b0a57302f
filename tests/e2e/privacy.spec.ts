/**
 * Privacy guarantees, checked on every request the page and its workers make: local-only and
 * hybrid-on-simple-prompts send nothing to Claude; the API key travels only to the Claude base
 * URL; "this session only" keeps it out of IndexedDB; it never reaches the console.
 */
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { TEST_MODEL, sendMessage, setUpLocalModel } from './helpers';
import { HUB_URL } from './ports';
import {
  CLAUDE_KEY,
  configureClaude,
  describeRequests,
  messageRequests,
  recordRequests,
  settledAnswer,
  useFakeClaude,
  type RecordedRequest,
} from './claude-helpers';

const fake = useFakeClaude();

const origin = (url: string): string => new URL(url).origin;

function carriesKey(r: RecordedRequest): boolean {
  return (
    r.url.includes(CLAUDE_KEY) ||
    r.body.includes(CLAUDE_KEY) ||
    Object.values(r.headers).some((v) => v.includes(CLAUDE_KEY))
  );
}

/** Everything stored in every IndexedDB database and in web storage, as one string. */
async function dumpStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const out: unknown[] = [{ local: { ...localStorage }, session: { ...sessionStorage } }];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(info.name!);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        out.push({ db: info.name, store, values });
      }
      db.close();
    }
    return JSON.stringify(out);
  });
}

test('local-only: zero requests to Claude and the key in no request at all', async ({ page }) => {
  const log = recordRequests(page);
  await setUpLocalModel(page);
  await configureClaude(page, fake().url, { strategy: 'local-only' });
  await page.goto('/#/chat');
  for (const prompt of [
    'hello',
    'Write a Python function that reverses a linked list',
    'Please calculate 2+2',
  ]) {
    await sendMessage(page, prompt);
    await expect(await settledAnswer(page)).toHaveAttribute('data-status', 'complete');
  }
  const requests = await describeRequests(log);
  // The recorder sees worker traffic too: the model files are fetched by the chat worker.
  expect(requests.some((r) => r.url.startsWith(`${HUB_URL}${TEST_MODEL}/`))).toBe(true);
  expect(requests.filter((r) => origin(r.url) === origin(fake().url))).toEqual([]);
  expect(requests.filter(carriesKey).map((r) => r.url)).toEqual([]);
  expect(fake().requests()).toEqual([]);
});

test('hybrid: simple prompts send nothing to Claude; the key goes only to the Claude base URL', async ({
  page,
}) => {
  const log = recordRequests(page);
  await setUpLocalModel(page);
  await configureClaude(page, fake().url, { strategy: 'hybrid' });
  await page.goto('/#/chat');
  for (const prompt of [
    'hello',
    'thanks!',
    'What is the capital of France?',
    'Translate good morning into French',
  ]) {
    await sendMessage(page, prompt);
    const answer = await settledAnswer(page);
    await expect(answer.getByTestId('route-label')).toHaveAttribute('data-target', 'local');
  }
  let requests = await describeRequests(log);
  // Saving the key checked it once (the model list: no prompt, no tokens); the prompts sent nothing.
  const keyCheck = [`${origin(fake().url)}/v1/models`];
  const path = (r: RecordedRequest) => `${origin(r.url)}${new URL(r.url).pathname}`;
  expect(requests.filter((r) => origin(r.url) === origin(fake().url)).map(path)).toEqual(keyCheck);
  expect(requests.filter(carriesKey).map(path)).toEqual(keyCheck);

  // A complex prompt does go to Claude, and only those requests carry the key, in x-api-key.
  await sendMessage(page, 'Write a Python function that reverses a linked list');
  await expect((await settledAnswer(page)).getByTestId('route-label')).toHaveAttribute(
    'data-target',
    'claude',
  );
  requests = await describeRequests(log);
  const withKey = requests.filter(carriesKey);
  expect(withKey.length).toBeGreaterThan(0);
  for (const r of withKey) {
    expect(origin(r.url)).toBe(origin(fake().url));
    expect(r.headers['x-api-key']).toBe(CLAUDE_KEY);
    expect(r.url).not.toContain(CLAUDE_KEY);
    expect(r.body).not.toContain(CLAUDE_KEY);
  }
  expect(messageRequests(fake()).every((r) => r.keyMatched)).toBe(true);
});

test('"this session only" keeps the key out of storage and the console; "remember" stores it until forgotten', async ({
  page,
}) => {
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  page.on('pageerror', (e) => consoleLines.push(String(e)));
  await configureClaude(page, fake().url, { strategy: 'claude-only', storage: 'session' });
  await page.goto('/#/chat');
  await sendMessage(page, 'hello');
  await expect(await settledAnswer(page)).toHaveAttribute('data-status', 'complete');
  fake().setScenario('401'); // an error path too: its message must not echo the key
  await sendMessage(page, 'hello again');
  await expect(await settledAnswer(page)).toHaveAttribute('data-status', 'error');
  expect(messageRequests(fake())).toHaveLength(2);

  expect(await dumpStorage(page)).not.toContain(CLAUDE_KEY);
  expect(consoleLines.filter((l) => l.includes(CLAUDE_KEY))).toEqual([]);
  await expect(page.locator('body')).not.toContainText(CLAUDE_KEY);

  // Forgotten on reload (memory only).
  await page.reload();
  await page.goto('/#/settings');
  await expect(page.getByTestId('key-status')).toContainText('No key');

  // The positive control: "remember on this device" does store it, and "Forget key" removes it.
  await configureClaude(page, fake().url, { storage: 'device' });
  expect(await dumpStorage(page)).toContain(CLAUDE_KEY);
  await page.getByRole('button', { name: 'Forget key' }).click();
  await expect(page.getByTestId('key-status')).toContainText('No key');
  expect(await dumpStorage(page)).not.toContain(CLAUDE_KEY);
  expect(consoleLines.filter((l) => l.includes(CLAUDE_KEY))).toEqual([]);
});
