/**
 * The Evaluate workbench in real Chromium: two generated local models, the fake Claude server
 * and a model the hub does not have; two sequences, 2 runs. The run is cut by a reload and
 * resumed (only the missing tasks run), the failing model is recorded and the run finishes,
 * checks and the judge (JSON, and a malformed answer) are stored, and both exports are checked.
 */
import { expect, test } from './fixtures';
import { configureClaude, messageRequests, useFakeClaude } from './claude-helpers';
import { expectEvaluationStatus, exportResults, loadConfiguration, storedResponses } from './eval-helpers';
import {
  chooseBackend,
  EVAL_MODEL,
  MISSING_MODEL,
  openSettingsAndSetHost,
  setHealthModel,
  TEST_ENCODER,
  TEST_MODEL,
} from './helpers';

const fake = useFakeClaude();
const CLAUDE = 'claude:claude-fake-eval';
const MODELS = [CLAUDE, TEST_MODEL, EVAL_MODEL, MISSING_MODEL];
const config = {
  version: 1,
  name: 'Workbench e2e',
  models: MODELS,
  sequences: [
    {
      name: 'Greeting',
      prompts: [
        { name: 'Hello', text: 'Say hello to the tester.' },
        { name: 'Again', text: 'Now say it once more, shorter.' },
      ],
    },
    { name: 'Judged badly', prompts: [{ name: 'Odd', text: 'Describe the sea. [judge:malformed]' }] },
  ],
  settings: { runs: 2, maxTokens: 60, temperature: 0, systemPrompt: 'Be brief.' },
  checks: [
    { type: 'contains', value: 'Claude (fake)' },
    { type: 'max-length', value: 400 },
    { type: 'similar', value: 'Hello, tester!', threshold: 0 },
  ],
  judge: { model: CLAUDE, rubric: 'Is the answer polite and on topic?' },
};
const GENERATION_TASKS = MODELS.length * 2 * 3; // 4 models × 2 runs × 3 prompts
const PER_MODEL = GENERATION_TASKS / MODELS.length;

test('run, reload in the middle, resume only the missing tasks, score, judge and export', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  await setHealthModel(page, TEST_ENCODER);
  // Remembered on this device: the key must survive the reload in the middle of the run.
  await configureClaude(page, fake().url, { storage: 'device' });
  await page.goto('/#/evaluate');

  // A bad file names the wrong field; the loaded configuration stays.
  await loadConfiguration(page, config);
  await expect(page.getByTestId('config-summary')).toContainText('Workbench e2e');
  await loadConfiguration(page, { ...config, settings: { ...config.settings, runs: 0 } }, 'broken.json');
  await expect(page.getByTestId('config-error')).toHaveText(
    'broken.json: settings.runs: runs must be at least 1',
  );
  // One unit everywhere: a task is an answer or a judging, as the bar and the list count them.
  await expect(page.getByTestId('config-summary')).toContainText(
    `${GENERATION_TASKS} answers + ${GENERATION_TASKS} judgings = ${GENERATION_TASKS * 2} tasks`,
  );

  // Claude runs first and slowly, so the reload lands in the middle of the run.
  fake().setScenario({ scenario: 'slow', delayMs: 120 });
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  const progress = page.getByRole('progressbar', { name: 'Evaluation progress' });
  await expect(progress).toHaveAttribute('aria-valuemax', String(GENERATION_TASKS * 2));
  const log = page.getByRole('log', { name: 'Evaluation console' });
  await expect(log).toContainText(
    `Starting "Workbench e2e": ${GENERATION_TASKS * 2} tasks (${GENERATION_TASKS} answers + ${GENERATION_TASKS} judgings) on 4 models.`,
  );
  await expect(progress).toHaveAttribute('aria-valuenow', '2', { timeout: 30_000 });
  await expect(progress).toHaveAttribute('aria-valuetext', /^2 of 48 tasks, about \d+ (s|min) left$/);
  await expect(log).toContainText(`${CLAUDE} · Greeting / Hello · run 1: ok, TTFT`);
  // The three configured checks, counted as the results table counts them.
  await expect(log).toContainText(/Greeting \/ Hello · run 1: ok, .*, \d\/3 checks\./);
  await page.reload();

  // After the reload the run shows as interrupted, with Resume.
  await expectEvaluationStatus(page, 'interrupted');
  const before = await storedResponses(page);
  expect(before.length).toBeGreaterThanOrEqual(2);
  expect(before.length).toBeLessThan(PER_MODEL);
  expect(new Set(before.map((r) => r.model))).toEqual(new Set([CLAUDE]));
  await expect(page.getByTestId('resume-note')).toHaveText(
    `This evaluation was interrupted: ${before.length} of ${GENERATION_TASKS * 2} tasks done.`,
  );

  fake().setScenario('ok');
  fake().clearRequests();
  await page.getByRole('button', { name: 'Resume' }).click();
  // Nothing was judged before the reload: every task but the stored answers is left.
  const missing = GENERATION_TASKS * 2 - before.length;
  await expect(page.getByRole('log')).toContainText(
    `Resuming "Workbench e2e": ${missing} of ${GENERATION_TASKS * 2} tasks left to run.`,
  );
  await expectEvaluationStatus(page, 'done', 120_000);
  await expect(page.getByRole('log')).toContainText(`${MISSING_MODEL} failed`);
  await expect(page.getByRole('log')).toContainText('Finished "Workbench e2e".');

  // Only the missing tasks ran: Claude was asked only for its missing answers (then judged the rest).
  const requests = messageRequests(fake()).map((r) => JSON.stringify(r.body));
  const judged = requests.filter((b) => b.includes('Reply with only a JSON object'));
  expect(requests.length - judged.length).toBe(PER_MODEL - before.length);
  expect(judged).toHaveLength(3 * PER_MODEL); // every answer of the three models that ran
  const after = await storedResponses(page);
  expect(after).toHaveLength(GENERATION_TASKS);
  expect(new Set(after.map((r) => r.taskKey)).size).toBe(GENERATION_TASKS);
  const byId = new Map(before.map((r) => [r.taskKey, r.text]));
  for (const r of after) if (byId.has(r.taskKey)) expect(r.text).toBe(byId.get(r.taskKey));

  // The failing model is recorded as failed for every task; the others are fine.
  const row = (model: string) => page.locator(`[data-testid="summary-row"][data-model="${model}"]`);
  await expect(row(MISSING_MODEL).getByTestId('failures')).toHaveText(String(PER_MODEL));
  await expect(row(TEST_MODEL).getByTestId('failures')).toHaveText('0');
  // Shown by the model's one name; its id stays in the configuration.
  await expect(row(TEST_MODEL).locator('td').first()).toHaveText('tiny-chat');
  await expect(page.getByTestId('summary-chart')).toBeVisible();
  // Claude's tok/s is its stream's rate over the network: labelled, and off the local bars' scale.
  await expect(row(CLAUDE).getByTestId('tps')).toContainText('stream rate (network)');
  await expect(row(TEST_MODEL).getByTestId('tps')).not.toContainText('network');
  await expect(page.getByTestId('stream-rate')).toHaveCount(1);
  await expect(page.getByTestId('stream-rate')).toContainText('stream rate (network)');
  // The table counts the same three checks as the console; the judge's verdict stands apart.
  const matrix = page.getByTestId('results-matrix');
  await expect(matrix).toContainText(/\d\/3 checks · judge \d\/5/);
  await expect(matrix).not.toContainText('/4 checks');
  await expect(log).toContainText(`Finished "Workbench e2e".`);
  await expect(progress).toHaveAttribute(
    'aria-valuetext',
    `${GENERATION_TASKS * 2} of ${GENERATION_TASKS * 2} tasks, finished`,
  );
  await expect(page.getByTestId('evaluation-item').first()).toContainText(
    `${GENERATION_TASKS * 2}/${GENERATION_TASKS * 2} tasks`,
  );

  // Export JSON: the documented shape, with checks, health and judge verdicts.
  const json = await exportResults(page, 'JSON');
  expect(json.name).toBe('tandem-eval-Workbench-e2e.json');
  const data = JSON.parse(json.text);
  expect(data.evaluation).toMatchObject({ ...config, status: 'done' });
  expect(Object.keys(data.evaluation)).toEqual(expect.arrayContaining(['id', 'startedAt', 'finishedAt']));
  expect(data.responses).toHaveLength(GENERATION_TASKS);
  const keys = [
    'model',
    'sequence',
    'prompt',
    'run',
    'text',
    'status',
    'ttftMs',
    'tokensPerSecond',
    'outputTokens',
    'durationMs',
    'health',
    'checks',
    'judge',
  ];
  for (const r of data.responses) expect(Object.keys(r).sort()).toEqual([...keys].sort());
  const of = (model: string, prompt: string) =>
    data.responses.filter((r: { model: string; prompt: string }) => r.model === model && r.prompt === prompt);
  const claudeHello = of(CLAUDE, 'Hello')[0];
  expect(claudeHello).toMatchObject({
    status: 'ok',
    text: 'Claude (fake) answer to: Say hello to the tester.',
  });
  expect(claudeHello.judge).toEqual({ score: 4, reason: 'The answer addresses the question (fake judge).' });
  expect(claudeHello.checks.map((c: { type: string; passed: boolean }) => [c.type, c.passed])).toEqual([
    ['contains', true],
    ['max-length', true],
    ['similar', true],
    ['judge', true],
  ]);
  expect(claudeHello.health).toMatchObject({ status: expect.any(String), drift: expect.any(Number) });
  const local = of(TEST_MODEL, 'Hello')[0];
  expect(local.status).toBe('ok');
  expect(local.text).toContain("Hello from Tandem's tiny test model");
  expect(local.checks[0]).toMatchObject({ type: 'contains', passed: false });
  expect(local.ttftMs).toBeGreaterThan(0);
  expect(local.outputTokens).toBeGreaterThan(0);
  // The malformed judge answer is recorded as such, never guessed.
  for (const r of data.responses.filter(
    (r: { prompt: string; status: string }) => r.prompt === 'Odd' && r.status !== 'error',
  )) {
    expect(r.judge).toBeNull();
    expect(r.checks.at(-1)).toMatchObject({
      type: 'judge',
      passed: false,
      detail: expect.stringMatching(/^malformed judge answer/),
    });
  }
  for (const r of of(MISSING_MODEL, 'Hello'))
    expect(r).toMatchObject({ status: 'error', judge: null, health: null });

  // Export CSV: a header and one line per response.
  const csv = await exportResults(page, 'CSV');
  const lines = csv.text.trim().split('\r\n');
  expect(lines[0]).toBe(
    'model,sequence,prompt,run,status,ttftMs,tokensPerSecond,outputTokens,durationMs,checksPassed,checksTotal,judgeScore,judgeReason,healthStatus,drift,evasive,text',
  );
  expect(lines.filter((l) => l.startsWith(`${CLAUDE},Greeting,Hello,1,ok,`))).toHaveLength(1);
  expect(lines.find((l) => l.startsWith(`${CLAUDE},Greeting,Hello,1,`))).toContain(
    ',4,4,The answer addresses the question (fake judge).,',
  );
  expect(lines.filter((l) => l.startsWith(`${MISSING_MODEL},`) && l.includes(',error,'))).toHaveLength(
    PER_MODEL,
  );
  expect(lines.find((l) => l.startsWith(`${CLAUDE},Judged badly,Odd,1,`))).toContain(
    ',malformed judge answer,',
  );
});
