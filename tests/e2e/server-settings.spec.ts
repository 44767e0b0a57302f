/**
 * Settings → Your server against the fake OpenAI-compatible server: discovery, the key kept
 * like the Claude key and sent only to that server, and a browser refusal (CORS) explained.
 */
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fixtures/openai/fake-server';
import { APP_PORT } from './ports';
import { expect, test } from './fixtures';

const KEY = 'server-e2e-key-4242';
let fake: FakeOpenAiServer;

test.beforeAll(async () => {
  fake = await startFakeOpenAiServer({ port: 0, host: '127.0.0.1', key: KEY });
});
test.beforeEach(() => {
  fake.control({ cors: 'any' });
  fake.clearRequests();
});
test.afterAll(async () => {
  await fake.close();
});

test('discovers the models once the key is set; the key goes only to the server, as a bearer header', async ({
  page,
}) => {
  await page.goto('/#/settings');
  const section = page.getByTestId('server-settings');
  await section.getByLabel('Server URL').fill(fake.url);
  await section.getByRole('button', { name: 'Check connection' }).click();
  const error = section.getByTestId('server-check-error');
  await expect(error).toHaveAttribute('data-code', 'invalid-api-key');
  await expect(error).toContainText('rejected the API key');

  const keyRequests: string[] = [];
  page.on('request', (request) => {
    if (request.headers()['authorization']) keyRequests.push(new URL(request.url()).origin);
  });
  await section.getByLabel('Server API key').fill(KEY);
  await section.getByRole('button', { name: 'Save server key' }).click();
  await expect(section.getByTestId('server-key-status')).toContainText('for this session only');
  await section.getByRole('button', { name: 'Check connection' }).click();
  await expect(section.getByTestId('server-check')).toHaveAttribute('data-state', 'ok');
  await expect(section.getByTestId('server-check')).toContainText('Connected: 2 models');
  const select = section.getByLabel('Server model');
  await expect(select.locator('option')).toHaveText(['llama3.1:8b', 'qwen3:0.6b']);
  await select.selectOption('qwen3:0.6b');

  expect(keyRequests.length).toBeGreaterThan(0);
  expect(new Set(keyRequests)).toEqual(new Set([fake.url]));
  const logged = fake.requests().filter((r) => r.path === '/v1/models');
  expect(logged.at(-1)).toMatchObject({
    hadKey: true,
    keyMatched: true,
    origin: `http://localhost:${APP_PORT}`,
  });

  // URL and model are remembered; a session-only key is not.
  await page.reload();
  await expect(section.getByLabel('Server URL')).toHaveValue(fake.url);
  await expect(section.getByLabel('Server model')).toHaveValue('qwen3:0.6b');
  await expect(section.getByTestId('server-key-status')).toContainText('No key');
});

test('a server that does not allow this origin (CORS): the message says how to allow it', async ({
  page,
}) => {
  fake.control({ cors: 'none' });
  await page.goto('/#/settings');
  const section = page.getByTestId('server-settings');
  await section.getByLabel('Server URL').fill(fake.url);
  await section.getByRole('button', { name: 'Check connection' }).click();
  const error = section.getByTestId('server-check-error');
  await expect(error).toHaveAttribute('data-code', 'network');
  await expect(error).toContainText(`OLLAMA_ORIGINS=http://localhost:${APP_PORT}`);
  await expect(error).toContainText('--cors-origins');
  await expect(error).toContainText('Enable CORS');
});

test('an address that is not a URL is refused with an example', async ({ page }) => {
  await page.goto('/#/settings');
  const section = page.getByTestId('server-settings');
  await section.getByLabel('Server URL').fill('http://me:secret@example.com');
  await section.getByRole('button', { name: 'Save URL' }).click();
  await expect(section.getByRole('alert')).toContainText('http://localhost:11434');
});
