import { expect, test } from './fixtures';
import { DEFAULT_SCRIPT, LONG_SCRIPT } from '../fixtures/models/scripts';
import {
  CACHE_TEST_MODEL,
  addAndLoadModel,
  chooseBackend,
  hubRequests,
  lastAnswer,
  openSettingsAndSetHost,
  requestsFor,
  sendMessage,
  setHubMode,
  setMaxTokens,
  setUpLocalModel,
  settledAnswer,
  storedValue,
  waitForModelReady,
  stopLongLocalAnswer,
} from './helpers';

/** The scripted model's default answer, as the browser renders its markdown. */
const DEFAULT_RENDERED_START = "Hello from Tandem's tiny test model!";

for (const backend of ['wasm', 'webgpu'] as const) {
  test(`a local model on ${backend} streams an answer into the conversation`, async ({ page }) => {
    await setUpLocalModel(page, { backend });
    await expect(page.getByTestId('model-status')).toContainText(backend === 'webgpu' ? 'WebGPU' : 'WASM');
    await sendMessage(page, 'Hi there, who are you?');
    await expect(page.getByTestId('message-user').last().locator('.plain')).toHaveText(
      /Hi there, who are you\?/,
    );
    const text = await lastAnswer(page);
    expect(text.startsWith(DEFAULT_RENDERED_START)).toBe(true);
    // Markdown from the model is rendered, not shown raw.
    await expect(page.getByTestId('message-assistant').last().locator('strong')).toHaveText('Bold');
    await expect(page.getByTestId('message-assistant').last().getByTestId('timings')).toContainText('tok/s');
  });
}

test('first load shows per-file download progress, and the second load takes weights from IndexedDB', async ({
  page,
  request,
}) => {
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  // The weights come slowly (64 KiB/s, a few seconds for this model), so the download is still
  // under way when the progress is read: at full speed it can end between two checks.
  const weights = `${CACHE_TEST_MODEL}/resolve/main/onnx/`;
  await setHubMode(request, { mode: 'slow', match: weights });
  // A model id no other test loads, so the hub's count for it is this browser's alone.
  await addAndLoadModel(page, CACHE_TEST_MODEL);
  // Progress per file, with bytes and percent, on the weights file's own row.
  const weightsRow = page
    .getByTestId('file-progress')
    .locator('li')
    .filter({ hasText: 'onnx/model_quantized.onnx' });
  await expect(weightsRow).toContainText(/\d+% · /);
  // Meanwhile the chat says how far the load has come, not that a model is missing.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
  const reason = page.getByTestId('composer-reason');
  await expect(reason).toContainText(
    /^Loading .+… [\d.]+ [KM]?B of [\d.]+ [KM]?B · Send works once it is ready/,
  );
  await expect(page.getByTestId('loading-text')).toContainText(/^Loading .+… [\d.]+ [KM]?B of /);
  await waitForModelReady(page);
  await expect(reason).toHaveCount(0);
  await setHubMode(request, { mode: 'normal', match: weights });
  await page.goto('/#/models');
  await expect(page.getByTestId('load-info')).toHaveAttribute('data-from-cache', '0');
  await expect(page.getByTestId('load-info')).not.toHaveAttribute('data-downloaded', '0');

  const before = requestsFor(await hubRequests(request), CACHE_TEST_MODEL).length;
  expect(before).toBeGreaterThan(0);
  await page.reload();
  // The cached model loads by itself on start.
  await waitForModelReady(page);
  await page.goto('/#/models');
  await expect(page.getByTestId('load-info')).toHaveAttribute('data-downloaded', '0');
  await expect(page.getByTestId('load-info')).not.toHaveAttribute('data-from-cache', '0');
  const after = requestsFor(await hubRequests(request), CACHE_TEST_MODEL).length;
  // Nothing was requested for the model during the second load.
  expect(after).toBe(before);
});

test('stop ends generation at once and keeps the partial answer', async ({ page }) => {
  const answer = await stopLongLocalAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'stopped', { timeout: 2_000 });
  const partial = (await answer.locator('.markdown').innerText()).trim();
  expect(partial.length).toBeGreaterThan(20);
  expect(partial.length).toBeLessThan(LONG_SCRIPT.length);
  // Nothing more arrives after stop.
  await page.waitForTimeout(1000);
  expect((await answer.locator('.markdown').innerText()).trim()).toBe(partial);
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  // The partial answer survives a reload.
  await page.reload();
  const stored = page.getByTestId('message-assistant').last();
  await expect(stored).toHaveAttribute('data-status', 'stopped');
  expect((await stored.locator('.markdown').innerText()).trim()).toBe(partial);
});

test('regenerate shows a new answer in place of the last one (the old one stays as a branch); copy puts it on the clipboard', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await setUpLocalModel(page);
  await sendMessage(page, 'Hello');
  await lastAnswer(page);
  await expect(page.getByTestId('message-assistant')).toHaveCount(1);
  await page.getByRole('button', { name: 'Regenerate' }).click();
  await lastAnswer(page);
  await expect(page.getByTestId('message-assistant')).toHaveCount(1);
  await page
    .getByTestId('message-assistant')
    .last()
    .getByRole('button', { name: 'Copy', exact: true })
    .click();
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  expect(clip).toBe(DEFAULT_SCRIPT);
});

test('Enter sends, Shift+Enter breaks the line, and the draft survives a reload', async ({ page }) => {
  await setUpLocalModel(page);
  const box = page.getByLabel('Message');
  await box.fill('first line');
  await box.press('Shift+Enter');
  await box.pressSequentially('second line');
  await expect(box).toHaveValue('first line\nsecond line');
  // The draft is saved a moment after typing stops: reload once it is in IndexedDB.
  await expect.poll(() => storedValue(page, 'draft:new')).toBe('first line\nsecond line');
  await page.reload();
  await expect(page.getByLabel('Message')).toHaveValue('first line\nsecond line');
  await waitForModelReady(page);
  await page.getByLabel('Message').press('Enter');
  await expect(page.getByTestId('message-user').last().locator('.plain')).toHaveText(
    'first line\nsecond line',
  );
  await expect(page.getByLabel('Message')).toHaveValue('');
  await lastAnswer(page);
  // Conversations and messages survive a reload.
  await page.reload();
  await expect(page.getByTestId('conversation-item')).toHaveCount(1);
  await expect(page.getByTestId('message-user').locator('.plain')).toHaveText('first line\nsecond line');
  await expect(page.getByTestId('message-assistant')).toContainText("Hello from Tandem's tiny test model");
});

test('auto-scroll follows the answer until the user scrolls up', async ({ page }) => {
  await setUpLocalModel(page);
  // Long enough to outgrow the view and still stream after the scroll up; short enough to end soon.
  await setMaxTokens(page, 600);
  await page.setViewportSize({ width: 1000, height: 500 });
  await sendMessage(page, 'Write a long text');
  const list = page.getByTestId('message-list');
  await expect(page.getByTestId('message-assistant').last()).toContainText('Paragraph 4.');
  const atBottom = await list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 50);
  expect(atBottom).toBe(true);
  await list.evaluate((el) => el.scrollTo({ top: 0 }));
  await list.dispatchEvent('scroll');
  await expect(page.getByTestId('message-assistant').last()).toContainText('Paragraph 9.');
  expect(await list.evaluate((el) => el.scrollTop)).toBeLessThan(50);
  // Let the answer finish (not "stop it if Stop is visible": it can finish between that check and
  // the click, and the click then waits for a Stop button that never comes back). Its end does
  // not pull the view down either.
  await settledAnswer(page);
  expect(await list.evaluate((el) => el.scrollTop)).toBeLessThan(50);
  // Sending from up there brings the view down to the new question and its answer.
  await sendMessage(page, 'Hi again');
  const fromBottom = (): Promise<number> =>
    list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
  await expect.poll(fromBottom).toBeLessThan(50);
  await settledAnswer(page);
  await expect.poll(fromBottom).toBeLessThan(50);
});

test('streaming an answer never re-creates the composer or its Stop button', async ({ page }) => {
  await setUpLocalModel(page);
  // The whole long script (about 1,600 tokens): the answer is still streaming long after
  // paragraph 6, so the check below happens mid-stream whatever the machine's speed.
  await setMaxTokens(page, 2000);
  await sendMessage(page, 'Write a long text');
  const answer = page.getByTestId('message-assistant').last();
  await expect(answer).toContainText('Paragraph 2.');
  // Watch the composer from here on: every DOM change inside it, and the Stop button node itself.
  await page.evaluate(() => {
    const composer = document.querySelector('form.composer')!;
    const w = window as unknown as { composerMutations: number; stopButton: Element | null };
    w.composerMutations = 0;
    w.stopButton = [...composer.querySelectorAll('button')].find((b) => b.textContent === 'Stop') ?? null;
    new MutationObserver((records) => (w.composerMutations += records.length)).observe(composer, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
  await expect(answer).toContainText('Paragraph 6.');
  const seen = await page.evaluate(() => {
    const w = window as unknown as { composerMutations: number; stopButton: Element | null };
    const streaming = [...document.querySelectorAll('[data-testid="message-assistant"]')].at(-1);
    return {
      mutations: w.composerMutations,
      stopConnected: w.stopButton?.isConnected ?? false,
      status: streaming?.getAttribute('data-status') ?? null,
    };
  });
  expect(seen).toEqual({ mutations: 0, stopConnected: true, status: 'streaming' });
  // The answer runs to its natural end (the script's last words); only then does Send replace Stop.
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 60_000 });
  await expect(answer).toContainText('The end.');
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
});
