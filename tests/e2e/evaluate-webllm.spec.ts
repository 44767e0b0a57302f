/**
 * A WebLLM model in the Evaluate workbench, beside a transformers.js model: the app's WebLLM
 * worker is answered by the fake engine (tests/fixtures/webllm/fake-worker.ts) and the page's real
 * WebLLM client, provider and loading run. The WebLLM id is resolved from WebLLM's own model list,
 * which the workbench loads before the run (nobody opened the Models page). Its answers are
 * stored, checked (contains, max-length, similar) and recorded in the metrics on the webllm
 * backend; then the one engine moves to the transformers.js model.
 */
import { expect, test } from './fixtures';
import { expectEvaluationStatus, exportResults, loadConfiguration, storedResponses } from './eval-helpers';
import { chooseBackend, openSettingsAndSetHost, setHealthModel, TEST_ENCODER, TEST_MODEL } from './helpers';
import { useFakeWebLLMWorker } from './webllm-fake';

const WEBLLM = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';
const config = {
  version: 1,
  name: 'WebLLM e2e',
  models: [WEBLLM, TEST_MODEL],
  sequences: [{ name: 'Greeting', prompts: [{ name: 'Hello', text: 'Say hello to the tester.' }] }],
  settings: { runs: 2, maxTokens: 60, temperature: 0, seed: 7 },
  checks: [
    { type: 'contains', value: 'WebLLM (fake' },
    { type: 'max-length', value: 400 },
    { type: 'similar', value: 'Hello, tester!', threshold: 0 },
  ],
};

interface MetricRecord {
  modelId: string;
  backend: string;
  source: string;
  status: string;
  outputTokens: number | null;
}

interface ExportedResponse {
  model: string;
  status: string;
  text: string;
  outputTokens: number | null;
  checks: { type: string; passed: boolean }[];
  health: { status: string } | null;
}

test('an evaluation runs a WebLLM model (fake engine) with checks and metrics, then a transformers.js one', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const webllm = await useFakeWebLLMWorker(page);
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  await setHealthModel(page, TEST_ENCODER);
  await page.goto('/#/evaluate');
  await loadConfiguration(page, config);
  await expect(page.getByTestId('config-summary')).toContainText('4 tasks');
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  await expectEvaluationStatus(page, 'done', 90_000);
  const log = page.getByRole('log', { name: 'Evaluation console' });
  await expect(log).toContainText(`${WEBLLM} ready in`);
  await expect(log).toContainText(`${WEBLLM} · Greeting / Hello · run 2: ok`);
  await expect(log).toContainText('Finished "WebLLM e2e".');
  expect(webllm.workerStarts()).toBeGreaterThan(0);

  const responses = await storedResponses(page);
  const of = (model: string) => responses.filter((r) => r.model === model);
  expect(of(WEBLLM)).toHaveLength(2);
  expect(of(TEST_MODEL)).toHaveLength(2);
  for (const r of of(WEBLLM)) {
    expect(r.status).toBe('ok');
    expect(r.text).toBe(`WebLLM (fake ${WEBLLM}) answer to: Say hello to the tester.`);
  }
  for (const r of of(TEST_MODEL)) expect(r.status).toBe('ok');

  // Checks and health, as exported.
  const data = JSON.parse((await exportResults(page, 'JSON')).text) as { responses: ExportedResponse[] };
  const web = data.responses.filter((r) => r.model === WEBLLM);
  expect(web).toHaveLength(2);
  for (const r of web) {
    expect(r.checks.map((c) => [c.type, c.passed])).toEqual([
      ['contains', true],
      ['max-length', true],
      ['similar', true],
    ]);
    expect(r.outputTokens).toBeGreaterThan(0);
    expect(r.health).toMatchObject({ status: expect.any(String) });
  }
  const local = data.responses.find((r) => r.model === TEST_MODEL)!;
  expect(local.checks[0]).toMatchObject({ type: 'contains', passed: false });

  // Metrics: every answer recorded on its own backend.
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
  const webMetrics = workbench.filter((m) => m.backend === 'webllm');
  expect(webMetrics).toHaveLength(2);
  expect(webMetrics.every((m) => m.status === 'ok' && m.modelId === WEBLLM)).toBe(true);
  expect(workbench.filter((m) => m.backend === 'transformers' && m.status === 'ok')).toHaveLength(2);
});
