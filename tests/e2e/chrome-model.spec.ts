/**
 * Chrome's built-in model as the device model, against the fake `LanguageModel` (the Prompt API
 * IDL) installed before the app loads: shown on the Models page only where the API exists, each
 * availability state stated, picked there (the download from a click, with its progress), then
 * the chat's device tier: answers named with their tier and model, Stop, the window and usage the
 * session reports, Unload destroying its session, the choice kept over a reload; and under the
 * Private strategy nothing leaves the machine.
 */
import { type Page, type Request } from '@playwright/test';
import {
  installFakeLanguageModel,
  type FakeLanguageModelControl,
  type FakeLanguageModelOptions,
} from '../../src/providers/chrome/testing/fake-language-model';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { configureClaude, messageRequests, useFakeClaude } from './claude-helpers';
import { sendMessage, settledAnswer } from './helpers';
import { APP_PORT } from './ports';
import { expect, test } from './fixtures';

const LABEL = "Chrome's built-in model (Gemini Nano)";
const TIER = 'local Gemini Nano (Chrome built-in)';

async function open(page: Page, options: FakeLanguageModelOptions | null): Promise<void> {
  if (options) await page.addInitScript(installFakeLanguageModel, options);
  await page.goto('/#/models');
  await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
}

function fake(page: Page): Promise<Omit<FakeLanguageModelControl, 'releaseDownload'>> {
  return page.evaluate(() => {
    const c = (globalThis as unknown as { __fakeLanguageModel: FakeLanguageModelControl })
      .__fakeLanguageModel;
    return { ...c, releaseDownload: undefined };
  });
}

/** Models page → "Use built-in model" (Chrome has it), until it is the device model. */
async function useBuiltIn(page: Page): Promise<void> {
  const panel = page.getByTestId('chrome-model');
  await panel.getByRole('button', { name: 'Use built-in model' }).click();
  await expect(panel).toHaveAttribute('data-status', 'ready');
  await expect(panel.getByText('in use for chat')).toBeVisible();
}

async function toChat(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Chat' }).first().click();
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-backend', 'chrome');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready');
}

test('not shown where the Prompt API does not exist', async ({ page }) => {
  // This Chromium itself may define LanguageModel: take it away, as in a browser without it.
  await page.addInitScript(() => {
    delete (globalThis as { LanguageModel?: unknown }).LanguageModel;
  });
  await open(page, null);
  await expect(page.getByTestId('webllm-section')).toBeVisible();
  await expect(page.getByTestId('chrome-model')).toHaveCount(0);
});

test('each availability state is stated, with the button it allows', async ({ context }) => {
  const expected = {
    unavailable: ['Not available on this device', null],
    downloadable: ['one-time download', 'Download & use built-in model'],
    downloading: ['Chrome is downloading it', 'Download & use built-in model'],
    available: ['Ready: no download needed', 'Use built-in model'],
  } as const;
  for (const [availability, [text, button]] of Object.entries(expected)) {
    const page = await context.newPage();
    await open(page, { availability: availability as FakeLanguageModelOptions['availability'] });
    const panel = page.getByTestId('chrome-model');
    await expect(panel).toHaveAttribute('data-availability', availability);
    await expect(panel.getByTestId('chrome-availability')).toContainText(text);
    await expect(panel.getByText('no tools')).toBeVisible();
    await expect(panel.getByRole('button', { name: /built-in model$/ })).toHaveText(button ? [button] : []);
    await page.close();
  }
});

test('picked with a download from a click (progress shown), it answers in the chat named as the device tier; Unload destroys its session', async ({
  page,
}) => {
  await open(page, { availability: 'downloadable', holdAtProgress: 0.5, contextWindow: 6144 });
  const panel = page.getByTestId('chrome-model');
  await expect(panel.getByTestId('chrome-availability')).toContainText('one-time download');
  await panel.getByRole('button', { name: 'Download & use built-in model' }).click();
  await expect(panel.getByTestId('chrome-progress')).toHaveText('50%');
  await expect(panel).toHaveAttribute('data-availability', 'downloading');
  await page.evaluate(() =>
    (
      globalThis as unknown as { __fakeLanguageModel: FakeLanguageModelControl }
    ).__fakeLanguageModel.releaseDownload(),
  );
  await expect(panel).toHaveAttribute('data-status', 'ready');
  await expect(panel).toHaveAttribute('data-availability', 'available');
  await expect(panel.getByTestId('chrome-context')).toHaveText('Context window 6,144 tokens');
  expect((await fake(page)).progress).toEqual([0, 0.25, 0.5, 0.75, 1]);

  await toChat(page);
  await expect(page.getByTestId('model-status')).toContainText(LABEL);
  await sendMessage(page, 'hello there');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.locator('.who')).toHaveText(LABEL);
  await expect(answer.getByTestId('route-label')).toHaveText(`${TIER}: greeting`);
  await expect(answer.getByTestId('route-label')).toHaveAttribute('data-target', 'local');
  await expect(answer.locator('.markdown')).toHaveText('Built-in (fake) answer to: hello there');
  await expect(answer.getByTestId('timings')).toContainText('6 tokens');
  const afterAnswer = await fake(page);
  expect(afterAnswer.prompts.map((p) => p.input)).toEqual(['hello there']);
  // The held session, and the answer's own, destroyed when it ended.
  expect([afterAnswer.created, afterAnswer.destroyed]).toEqual([2, 1]);

  await page.getByRole('link', { name: 'Models' }).first().click();
  await expect(panel.getByTestId('chrome-context')).toHaveText(
    /^Context window 6,144 tokens · the latest answer's session used \d+$/,
  );
  await panel.getByRole('button', { name: 'Unload built-in model' }).click();
  await expect(panel).toHaveAttribute('data-status', 'idle');
  await expect(panel.getByRole('button', { name: 'Use built-in model' })).toBeVisible();
  expect((await fake(page)).destroyed).toBe(2);

  // Still the choice, but this Chrome (the fake, anew) must download first: that waits for a click.
  await page.reload();
  await expect(panel).toHaveAttribute('data-availability', 'downloadable');
  await expect(panel.getByRole('button', { name: 'Download & use built-in model' })).toBeVisible();
  await expect(panel.getByRole('alert')).toHaveCount(0);
  expect((await fake(page)).created).toBe(0);
});

test('Stop ends a streaming answer and keeps its text; the choice comes back after a reload', async ({
  page,
}) => {
  await open(page, { availability: 'available', chunkDelayMs: 30, holdAfterChunks: 4 });
  await useBuiltIn(page);
  await toChat(page);
  await sendMessage(page, 'Tell me about tandem bicycles');
  const answer = page.getByTestId('message-assistant').last();
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  await expect(answer.locator('.markdown')).toContainText('answer to:');
  await page.getByRole('button', { name: 'Stop' }).click();
  const stopped = await settledAnswer(page);
  await expect(stopped).toHaveAttribute('data-status', 'stopped');
  await expect(stopped.locator('.markdown')).toHaveText('Built-in (fake) answer to:');
  await expect(stopped.getByTestId('route-label')).toHaveText(new RegExp(`^${escape(TIER)}: `));
  await expect.poll(async () => (await fake(page)).destroyed).toBe(1);

  // Chrome has the model: on start the chosen built-in model opens again, without a click.
  await page.reload();
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-backend', 'chrome');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready');
});

const claude = useFakeClaude();

test('private: with a Claude key set, every answer comes from the built-in model and no request carries the conversation off the machine', async ({
  page,
}) => {
  await page.addInitScript(installFakeLanguageModel, { availability: 'available' as const });
  await configureClaude(page, claude().url, { strategy: 'private' });
  await page.getByRole('link', { name: 'Models' }).first().click();
  await useBuiltIn(page);
  await toChat(page);
  const log: Request[] = [];
  page.context().on('request', (r) => log.push(r));

  await sendMessage(page, 'hello there');
  await expect((await settledAnswer(page)).getByTestId('route-label')).toHaveText(`${TIER}: greeting`);
  await sendMessage(page, 'Write a Python function that reverses a linked list');
  const code = await settledAnswer(page);
  await expect(code).toHaveAttribute('data-status', 'complete');
  await expect(code.getByTestId('route-label')).toHaveText(`${TIER}: code generation`);
  await expect(code.locator('.markdown')).toContainText('Built-in (fake) answer to: Write a Python');

  expect((await fake(page)).prompts).toHaveLength(2);
  expect(messageRequests(claude())).toHaveLength(0);
  // While chatting, no request carried the chat anywhere, and nothing went to another origin
  // but public model files (the health tracker's sentence encoder: GET, no body, from the model
  // host). The answers themselves asked nothing of the network.
  const app = `http://localhost:${APP_PORT}`;
  for (const r of log.filter((r) => new URL(r.url()).origin !== app)) {
    expect({ url: r.url(), method: r.method(), body: r.postData() }).toEqual({
      url: expect.stringMatching(
        new RegExp(`^${escape(new URL(DEFAULT_SETTINGS.modelHost).origin)}/[^?]+/resolve/`),
      ),
      method: 'GET',
      body: null,
    });
  }
  expect(log.filter((r) => new URL(r.url()).origin === claude().url)).toEqual([]);
  const carriesPrompt = (r: Request): boolean =>
    [r.url(), r.postData() ?? ''].some((t) => t.includes('hello there') || t.includes('linked list'));
  expect(log.filter(carriesPrompt).map((r) => r.url())).toEqual([]);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
