/**
 * The server tier in the chat, against the fake OpenAI-compatible server (no local model loaded):
 * which tier answers and why, reasoning in the Thinking section, errors with their message, a cut
 * stream's partial answer, Stop; and the privacy proof: under Private no request reaches Claude,
 * and every request of the page goes to the app itself or to the user's server.
 */
import { type Page, type Request } from '@playwright/test';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fixtures/openai/fake-server';
import {
  configureClaude,
  messageRequests,
  settledAnswer,
  useFakeClaude,
  type StrategyName,
} from './claude-helpers';
import { sendMessage } from './helpers';
import { APP_PORT } from './ports';
import { expect, test } from './fixtures';

const claude = useFakeClaude();
let server: FakeOpenAiServer;
test.beforeAll(async () => {
  server = await startFakeOpenAiServer({ port: 0, host: '127.0.0.1' });
});
test.beforeEach(() => server.clearRequests());
test.afterAll(async () => {
  await server.close();
});

async function setUp(page: Page, strategy: StrategyName | 'private'): Promise<Request[]> {
  const log: Request[] = [];
  page.context().on('request', (r) => log.push(r));
  await configureClaude(page, claude().url, { strategy });
  const section = page.getByTestId('server-settings');
  await section.getByLabel('Server URL').fill(server.url);
  await section.getByRole('button', { name: 'Check connection' }).click();
  await expect(section.getByTestId('server-check')).toHaveAttribute('data-state', 'ok');
  await page.goto('/#/chat');
  return log;
}

const host = (): string => new URL(server.url).host;

test('private: every answer from your server, named with its model and host; nothing reaches Claude', async ({
  page,
}) => {
  const log = await setUp(page, 'private');
  await sendMessage(page, 'Write a Python function that reverses a linked list [trigger:reasoning]');
  const code = await settledAnswer(page);
  await expect(code.getByTestId('route-label')).toHaveText(
    `your server (llama3.1:8b at ${host()}): code generation, no local model loaded`,
  );
  await expect(code.getByTestId('route-label')).toHaveAttribute('data-target', 'server');
  await expect(code.locator('.markdown')).toContainText(
    'Server (fake llama3.1:8b) answer to: Write a Python function',
  );
  await expect(code.getByTestId('thinking')).toContainText('The user wants an answer.');

  await sendMessage(page, 'hello');
  const hello = await settledAnswer(page);
  await expect(hello.getByTestId('route-label')).toHaveText(
    `your server (llama3.1:8b at ${host()}): greeting, no local model loaded`,
  );

  expect(messageRequests(claude())).toHaveLength(0);
  const app = `http://localhost:${APP_PORT}`;
  const carriesPrompt = (r: Request): boolean =>
    [r.url(), r.postData() ?? ''].some((t) => t.includes('linked list') || t.includes('hello'));
  // The conversation goes to your server and nowhere else; Claude gets no request at all.
  expect(log.filter(carriesPrompt).map((r) => new URL(r.url()).origin)).toEqual([server.url, server.url]);
  expect(log.filter((r) => new URL(r.url()).origin === claude().url)).toEqual([]);
  // Anything else the page fetched is the app's own files or a model catalogue read (GET, no body).
  for (const r of log.filter((r) => ![app, server.url].includes(new URL(r.url()).origin))) {
    expect({ url: r.url(), method: r.method(), body: r.postData() }).toMatchObject({
      method: 'GET',
      body: null,
    });
  }
  const chats = server.requests().filter((r) => r.path === '/v1/chat/completions');
  expect(chats).toHaveLength(2);
  expect(chats[0]!.body).toMatchObject({
    model: 'llama3.1:8b',
    stream: true,
    stream_options: { include_usage: true },
  });
});

test('hybrid: code to your server, a calculation to Claude (tools)', async ({ page }) => {
  await setUp(page, 'hybrid');
  await sendMessage(page, 'Write a Python function that reverses a linked list');
  const code = await settledAnswer(page);
  await expect(code.getByTestId('route-label')).toHaveAttribute('data-target', 'server');
  await sendMessage(page, 'calculate 12*7');
  const calc = await settledAnswer(page);
  await expect(calc.getByTestId('route-label')).toHaveText(/^Claude: calculation/);
  expect(messageRequests(claude())).not.toHaveLength(0);
});

test('errors from your server keep their message; a cut stream keeps its partial answer; Stop keeps the text', async ({
  page,
}) => {
  await setUp(page, 'private');
  await sendMessage(page, 'Write a long essay about tandems [trigger:context]');
  const tooLong = await settledAnswer(page);
  await expect(tooLong).toHaveAttribute('data-status', 'error');
  await expect(tooLong.getByRole('alert').first()).toContainText('longer than the context window');

  await sendMessage(page, 'Write a long essay about bicycles [trigger:cut]');
  const cut = await settledAnswer(page);
  await expect(cut).toHaveAttribute('data-status', 'error');
  await expect(cut.locator('.markdown')).toContainText('Server (fake llama3.1:8b)');

  await sendMessage(page, 'Write a long essay about wheels [trigger:hold]');
  const answers = page.getByTestId('message-assistant');
  await expect(answers.last().locator('.markdown')).toContainText('more');
  await page.getByRole('button', { name: 'Stop' }).click();
  const stopped = await settledAnswer(page);
  await expect(stopped).toHaveAttribute('data-status', 'stopped');
  await expect(stopped.locator('.markdown')).toContainText('more');
});
