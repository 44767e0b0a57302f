/**
 * The browser dies mid-answer (SIGKILL of Chromium's whole process group, as a crash or a
 * killed task would) and is reopened on the same profile (issue 29, item 1): the text that was
 * on screen is kept, the answer says "interrupted" with Continue and Regenerate, Continue
 * completes it, and the next request's history is right (no two user turns in a row).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { sendMessage, setMaxTokens, setUpLocalModel, waitForModelReady } from './helpers';
import { configureClaude, messageRequests, useFakeClaude } from './claude-helpers';
import { readStore } from './storage-helpers';

const fake = useFakeClaude();
const CONTINUE_PROMPT = 'Continue your last answer exactly where it stopped, without repeating anything.';

interface Launched {
  process: ChildProcess;
  browser: Browser;
  page: Page;
}

/** Chromium as its own process group on `profile`, driven over CDP (so it can be killed for real). */
async function launch(profile: string, executable: string, baseURL: string): Promise<Launched> {
  const child = spawn(
    executable,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      'about:blank',
    ],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`Chromium exited (${code}): ${seen.slice(-500)}`)));
  });
  const browser = await chromium.connectOverCDP(endpoint);
  // The profile's own (persistent) context: a CDP browser gives it no baseURL, so relative
  // addresses the shared helpers use are resolved here.
  const page = await browser.contexts()[0]!.newPage();
  const goto = page.goto.bind(page);
  page.goto = (url, options) => goto(new URL(url, baseURL).href, options);
  await page.goto('/#/chat');
  return { process: child, browser, page };
}

/**
 * SIGKILL to the browser and all its children; resolves once the process is gone and Playwright
 * has seen the connection drop. (Without that wait, Playwright's end-of-test trace collection
 * could still find the dead browser's context and fail on it: "Target page, context or browser
 * has been closed".)
 */
async function kill(launched: Launched): Promise<void> {
  const { browser } = launched;
  const exited = new Promise<void>((resolve) => launched.process.on('exit', () => resolve()));
  const disconnected = new Promise<void>((resolve) => {
    if (!browser.isConnected()) resolve();
    else browser.once('disconnected', () => resolve());
  });
  process.kill(-launched.process.pid!, 'SIGKILL');
  await exited;
  await disconnected;
  await browser.close().catch(() => undefined);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return (content as { type: string; text?: string }[])
    .filter((b) => b.type === 'text')
    .map((b) => b.text ?? '')
    .join('');
}

test('a Claude answer killed mid-stream comes back interrupted with its text; Continue completes it', async ({
  baseURL,
}, testInfo) => {
  const executable = testInfo.project.use.launchOptions?.executablePath ?? chromium.executablePath();
  const profile = mkdtempSync(join(tmpdir(), 'tandem-crash-'));
  let first: Launched | null = await launch(profile, executable, baseURL!);
  let second: Launched | null = null;
  try {
    await configureClaude(first.page, fake().url, { storage: 'device', strategy: 'claude-only' });
    await first.page.goto(`${baseURL}/#/chat`);
    // Three deltas ("Claude (fake) answer "), then only pings: the stream stays open.
    fake().setScenario('hold-mid-stream');
    await sendMessage(first.page, 'Tell me about foxes');
    const live = first.page.getByTestId('message-assistant').last();
    await expect(live).toHaveAttribute('data-status', 'streaming');
    await expect(live).toContainText('Claude (fake) answer');
    // What is on screen reaches IndexedDB while the stream stalls (the old timer never wrote it).
    await expect
      .poll(async () => {
        const messages = (await readStore(first!.page, 'messages')) as { role: string; content: string }[];
        return messages.find((m) => m.role === 'assistant')?.content;
      })
      .toBe('Claude (fake) answer ');

    await kill(first);
    first = null;

    fake().setScenario('ok');
    second = await launch(profile, executable, baseURL!);
    const page = second.page;
    const answer = page.getByTestId('message-assistant').last();
    await expect(answer).toHaveAttribute('data-status', 'interrupted');
    await expect(answer.getByTestId('interrupted-mark')).toHaveText('interrupted');
    await expect(answer).toContainText('Claude (fake) answer');
    await expect(answer.getByRole('button', { name: 'Regenerate' })).toBeVisible();

    fake().clearRequests();
    await answer.getByRole('button', { name: 'Continue' }).click();
    await expect(answer).toHaveAttribute('data-status', 'complete');
    await expect(answer).toContainText('Claude (fake) answer Claude (fake) answer to: Continue');
    const continued = messageRequests(fake()).at(-1)!.body as {
      messages: { role: string; content: unknown }[];
    };
    expect(continued.messages.slice(-2).map((m) => [m.role, textOf(m.content).trim()])).toEqual([
      ['assistant', 'Claude (fake) answer'],
      ['user', CONTINUE_PROMPT],
    ]);

    await sendMessage(page, 'And wolves?');
    await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'complete');
    const next = messageRequests(fake()).at(-1)!.body as { messages: { role: string }[] };
    expect(next.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  } finally {
    if (first) await kill(first);
    if (second) await kill(second);
    rmSync(profile, { recursive: true, force: true });
  }
});

test('a local answer killed mid-stream comes back interrupted with what was shown; Continue completes it', async ({
  baseURL,
}, testInfo) => {
  test.setTimeout(180_000);
  const executable = testInfo.project.use.launchOptions?.executablePath ?? chromium.executablePath();
  const profile = mkdtempSync(join(tmpdir(), 'tandem-crash-local-'));
  let first: Launched | null = await launch(profile, executable, baseURL!);
  let second: Launched | null = null;
  try {
    await setUpLocalModel(first.page);
    // The long script (about 1,600 tokens) streams for seconds: long enough to die in the middle.
    await setMaxTokens(first.page, 2000);
    await sendMessage(first.page, 'Write a long text');
    const live = first.page.getByTestId('message-assistant').last();
    await expect(live).toHaveAttribute('data-status', 'streaming');
    await expect(live).toContainText('Here is a long answer.');
    // What was on screen is in IndexedDB before the crash (written on the first delta, then often).
    let stored = '';
    await expect
      .poll(async () => {
        const messages = (await readStore(first!.page, 'messages')) as { role: string; content: string }[];
        stored = messages.find((m) => m.role === 'assistant')?.content ?? '';
        return stored.length;
      })
      .toBeGreaterThan(20);
    await kill(first);
    first = null;

    second = await launch(profile, executable, baseURL!);
    const page = second.page;
    const answer = page.getByTestId('message-assistant').last();
    await expect(answer).toHaveAttribute('data-status', 'interrupted');
    await expect(answer.getByTestId('interrupted-mark')).toHaveText('interrupted');
    const kept = (await readStore(page, 'messages')) as { role: string; content: string; status: string }[];
    const recovered = kept.find((m) => m.role === 'assistant')!;
    // At least what the poll saw stored survives, and nothing after it was invented.
    expect(recovered.content.startsWith(stored)).toBe(true);
    expect(recovered.status).toBe('interrupted');
    await expect(answer).toContainText('Here is a long answer.');

    // The model's files are on this device: it loads again, and Continue completes the answer.
    await waitForModelReady(page);
    await answer.getByRole('button', { name: 'Continue' }).click();
    await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 120_000 });
    await expect(answer).toContainText('Here is a long answer.');
    const after = (await readStore(page, 'messages')) as { role: string; content: string }[];
    expect(after.filter((m) => m.role === 'assistant')).toHaveLength(1);
    expect(after.find((m) => m.role === 'assistant')!.content.length).toBeGreaterThan(
      recovered.content.length,
    );
  } finally {
    if (first) await kill(first);
    if (second) await kill(second);
    rmSync(profile, { recursive: true, force: true });
  }
});
