/**
 * The workbench measures few-shot memory: the same configuration run with `fewShotMemory` off
 * and on, on the generated test model, judged by the fake Claude server. What the chat worker
 * was asked to generate from is recorded (a test-only recorder of the page's worker calls), so
 * the test asserts the mechanism; the judge-score and check-pass difference is printed for the
 * report (the scripted test model answers the same either way, so no real gain is expected).
 */
import { expect, test } from './fixtures';
import { E2E_PROMPTS } from '../fixtures/feedback/prompts';
import { configureClaude, useFakeClaude } from './claude-helpers';
import { expectEvaluationStatus, loadConfiguration } from './eval-helpers';
import { generateCalls, improve, recordWorkerCalls } from './feedback-helpers';
import {
  FEEDBACK_ENCODER,
  sendMessage,
  setHealthModel,
  setUpLocalModel,
  settledAnswer,
  TEST_MODEL,
} from './helpers';

const fake = useFakeClaude();
const PARIS = 'Paris is the capital of France.';

interface Stored {
  evaluationId: string;
  model: string;
  checks: { passed: boolean }[];
  judge: { score: number } | null;
}

async function responsesByEvaluation(page: import('@playwright/test').Page): Promise<Stored[]> {
  return page.evaluate(
    () =>
      new Promise<Stored[]>((resolve, reject) => {
        const open = indexedDB.open('tandem');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('evalResponses').objectStore('evalResponses').getAll();
          get.onsuccess = () => resolve(get.result as Stored[]);
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

test('a configuration run with few-shot memory off and on: only "on" sends the curated example first', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await recordWorkerCalls(page);
  await setUpLocalModel(page);
  await setHealthModel(page, FEEDBACK_ENCODER);
  await configureClaude(page, fake().url);
  // One curated example: a correction to a near-duplicate of the workbench's prompt.
  await page.goto('/#/chat');
  await sendMessage(page, E2E_PROMPTS.capitalNear);
  await improve(await settledAnswer(page), { correction: PARIS });

  const config = (fewShotMemory: boolean) => ({
    version: 1,
    name: 'Few-shot memory',
    models: [TEST_MODEL],
    sequences: [{ name: 'Facts', prompts: [{ name: 'Capital', text: E2E_PROMPTS.capital }] }],
    settings: { runs: 1, maxTokens: 40, temperature: 0, fewShotMemory },
    checks: [{ type: 'contains', value: 'Paris' }],
    judge: { model: 'claude:claude-fake-eval', rubric: 'Does the answer name the capital of France?' },
  });
  const log = page.getByRole('log', { name: 'Evaluation console' });
  const sentFor = async (): Promise<{ role: string; content: string }[]> => {
    const calls = (await generateCalls(page)).filter((c) =>
      c.params.messages?.some((m) => m.content === E2E_PROMPTS.capital),
    );
    return calls.at(-1)!.params.messages!;
  };

  await page.goto('/#/evaluate');
  const evaluations = page.getByTestId('evaluation-item');
  await loadConfiguration(page, config(false), 'memory-off.json');
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  await expect(evaluations).toHaveCount(1);
  await expectEvaluationStatus(page, 'done');
  const off = await sentFor();
  expect(off.map((m) => m.content)).not.toContain(PARIS);
  await expect(log).not.toContainText('few-shot memory added');

  await loadConfiguration(page, config(true), 'memory-on.json');
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  // The new evaluation is listed first; wait for it, not the finished one before it.
  await expect(evaluations).toHaveCount(2);
  await expectEvaluationStatus(page, 'done');
  await expect(log).toContainText('few-shot memory added 1 example(s)');
  const on = await sentFor();
  const question = on.findIndex((m) => m.content === E2E_PROMPTS.capital);
  expect(on.slice(question - 2, question + 1)).toEqual([
    { role: 'user', content: E2E_PROMPTS.capitalNear },
    { role: 'assistant', content: PARIS },
    { role: 'user', content: E2E_PROMPTS.capital },
  ]);

  // Both runs were scored the same way: the numbers of the comparison, for the report.
  const runs = new Map<string, Stored[]>();
  for (const r of await responsesByEvaluation(page))
    runs.set(r.evaluationId, [...(runs.get(r.evaluationId) ?? []), r]);
  expect(runs.size).toBe(2);
  const summary = [...runs.values()].map((responses) => ({
    judge: responses.map((r) => r.judge?.score ?? null),
    checksPassed: responses.flatMap((r) => r.checks).filter((c) => c.passed).length,
  }));
  for (const s of summary) expect(s.judge.every((x) => typeof x === 'number')).toBe(true);
  console.info(`few-shot memory off vs on (evaluations in store order): ${JSON.stringify(summary)}`);
});
