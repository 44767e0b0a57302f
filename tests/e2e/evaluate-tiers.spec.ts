/**
 * The two new tiers in the Evaluate workbench: `server:<model id>` against the fake
 * OpenAI-compatible server and `chrome:built-in` against the fake `LanguageModel`. Both run,
 * their responses are stored, and each answer has a metric record on its own backend. A promptfoo
 * configuration's providers can be mapped to them: the mapping offers every model discovered on
 * your server as `server:<id>` and Chrome's built-in model.
 */
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fixtures/openai/fake-server';
import { installFakeLanguageModel } from '../../src/providers/chrome/testing/fake-language-model';
import { expectEvaluationStatus, loadConfiguration, storedResponses } from './eval-helpers';
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';

let server: FakeOpenAiServer;
test.beforeAll(async () => {
  server = await startFakeOpenAiServer({ port: 0, host: '127.0.0.1' });
});
test.afterAll(async () => {
  await server.close();
});

const SERVER_MODEL = 'server:llama3.1:8b';
const CHROME = 'chrome:built-in';
const config = {
  version: 1,
  name: 'New tiers',
  models: [SERVER_MODEL, CHROME],
  sequences: [{ name: 'Greeting', prompts: [{ name: 'Hello', text: 'Say hello to the tester.' }] }],
  settings: { runs: 2, maxTokens: 40, temperature: 0 },
};

interface MetricRecord {
  modelId: string;
  backend: string;
  source: string;
  status: string;
}

async function setServer(page: Page): Promise<void> {
  await page.goto('/#/settings');
  const section = page.getByTestId('server-settings');
  await section.getByLabel('Server URL').fill(server.url);
  await section.getByRole('button', { name: 'Check connection' }).click();
  await expect(section.getByTestId('server-check')).toHaveAttribute('data-state', 'ok');
}

test('server:<model> and chrome:built-in run, store their responses and their metrics', async ({ page }) => {
  server.clearRequests();
  await page.addInitScript(installFakeLanguageModel, { availability: 'available' as const });
  await setServer(page);

  await page.goto('/#/evaluate');
  await loadConfiguration(page, config);
  await expect(page.getByTestId('config-summary')).toContainText('4 tasks');
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  await expectEvaluationStatus(page, 'done');
  await expect(page.getByRole('log')).toContainText('Finished "New tiers".');

  const responses = await storedResponses(page);
  const of = (model: string) => responses.filter((r) => r.model === model);
  expect(of(SERVER_MODEL)).toHaveLength(2);
  expect(of(CHROME)).toHaveLength(2);
  for (const r of of(SERVER_MODEL)) {
    expect(r.status).toBe('ok');
    expect(r.text).toContain('Server (fake llama3.1:8b) answer to: Say hello to the tester.');
  }
  for (const r of of(CHROME)) {
    expect(r.status).toBe('ok');
    expect(r.text).toContain('Built-in (fake) answer to: Say hello to the tester.');
  }
  // The server was asked for the model named after "server:".
  const asked = server.requests().filter((r) => r.path.endsWith('/chat/completions'));
  expect(asked).toHaveLength(2);
  expect(asked.every((r) => (r.body as { model?: string }).model === 'llama3.1:8b')).toBe(true);

  const metrics = await page.evaluate(
    () =>
      new Promise<MetricRecord[]>((resolve, reject) => {
        const open = indexedDB.open('tandem');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('answerMetrics').objectStore('answerMetrics').getAll();
          get.onsuccess = () => resolve(get.result as MetricRecord[]);
          get.onerror = () => reject(get.error);
        };
      }),
  );
  const workbench = metrics.filter((m) => m.source === 'workbench');
  expect(workbench.filter((m) => m.backend === 'server' && m.status === 'ok')).toHaveLength(2);
  expect(workbench.filter((m) => m.backend === 'chrome' && m.status === 'ok')).toHaveLength(2);
});

const PROMPTFOO = `description: Tiers from promptfoo
prompts:
  - 'Say hello to {{name}}.'
providers:
  - id: ollama:chat:qwen3
    label: on my server
  - openai:gpt-4o-mini
tests:
  - vars: { name: Ada }
    assert:
      - type: icontains
        value: answer to
`;

test("a promptfoo provider maps to a model on your server or to Chrome's built-in model", async ({
  page,
}) => {
  server.clearRequests();
  await page.addInitScript(installFakeLanguageModel, { availability: 'available' as const });
  await setServer(page);
  await page.goto('/#/evaluate');
  await page.getByLabel('Configuration file').setInputFiles({
    name: 'promptfooconfig.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(PROMPTFOO),
  });
  await expect(page.getByTestId('promptfoo-summary')).toContainText('1 prompts × 1 tests, 1 assertions');

  const mapping = page.getByRole('dialog', { name: 'Map the promptfoo providers to Tandem models' });
  const mine = mapping.getByLabel('on my server');
  const other = mapping.getByLabel('openai:gpt-4o-mini');
  // Every model Check connection discovered, as server:<id>, and the built-in model.
  for (const select of [mine, other]) {
    const options = await select.locator('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['server:llama3.1:8b', 'server:qwen3:0.6b', CHROME]));
  }
  await mine.selectOption('server:qwen3:0.6b');
  await other.selectOption(CHROME);
  const run = page.getByRole('button', { name: 'Run evaluation' });
  await expect(run).toBeEnabled();
  await run.click();
  await expectEvaluationStatus(page, 'done');

  const responses = await storedResponses(page);
  const of = (model: string) => responses.filter((r) => r.model === model);
  expect(of('server:qwen3:0.6b')).toHaveLength(1);
  expect(of('server:qwen3:0.6b')[0]).toMatchObject({ status: 'ok' });
  expect(of('server:qwen3:0.6b')[0]!.text).toContain('Server (fake qwen3:0.6b) answer to: Say hello to Ada.');
  expect(of(CHROME)).toHaveLength(1);
  expect(of(CHROME)[0]!.text).toContain('Built-in (fake) answer to: Say hello to Ada.');
  // The server was asked for the model picked in the mapping.
  const asked = server.requests().filter((r) => r.path.endsWith('/chat/completions'));
  expect(asked.map((r) => (r.body as { model?: string }).model)).toEqual(['qwen3:0.6b']);
});
