/**
 * The two new tiers in the Evaluate workbench: `server:<model id>` against the fake
 * OpenAI-compatible server and `chrome:built-in` against the fake `LanguageModel`. Both run,
 * their responses are stored, and each answer has a metric record on its own backend.
 */
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fixtures/openai/fake-server';
import { installFakeLanguageModel } from '../../src/providers/chrome/testing/fake-language-model';
import { expectEvaluationStatus, loadConfiguration, storedResponses } from './eval-helpers';
import { expect, test } from './fixtures';

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

test('server:<model> and chrome:built-in run, store their responses and their metrics', async ({ page }) => {
  await page.addInitScript(installFakeLanguageModel, { availability: 'available' as const });
  await page.goto('/#/settings');
  const section = page.getByTestId('server-settings');
  await section.getByLabel('Server URL').fill(server.url);
  await section.getByRole('button', { name: 'Check connection' }).click();
  await expect(section.getByTestId('server-check')).toHaveAttribute('data-state', 'ok');

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
