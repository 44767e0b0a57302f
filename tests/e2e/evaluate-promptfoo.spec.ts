/**
 * A promptfoo configuration in the Evaluate workbench, in real Chromium: promptfooconfig.yaml
 * chosen together with the `file://` prompt and the CSV tests it references; the status says
 * what was imported and which assertion types cannot run here; its two providers are mapped to
 * the two generated test models (and the grader to the fake Claude server), the run finishes,
 * `similar` (the test sentence encoder) and `llm-rubric` (the judge) give scores, and the results
 * come out as Tandem's version-1 JSON and as promptfoo's results JSON. The mapping is remembered.
 */
import type { Page } from '@playwright/test';
import { violations } from './axe-helpers';
import { expect, test } from './fixtures';
import { configureClaude, useFakeClaude } from './claude-helpers';
import { expectEvaluationStatus, exportResults, downloadedText } from './eval-helpers';
import {
  chooseBackend,
  EVAL_MODEL,
  openSettingsAndSetHost,
  setHealthModel,
  TEST_ENCODER,
  TEST_MODEL,
} from './helpers';

const fake = useFakeClaude();

const CONFIG = `description: Greetings from promptfoo
prompts:
  - file://prompts/greet.txt
  - id: 'Say hello to {{ name | upper }}.'
    label: inline
providers:
  - id: openai:gpt-4o-mini
    label: fast
  - anthropic:messages:claude-3-haiku
defaultTest:
  assert:
    - type: similar
      value: Hello there, friend!
      threshold: 0
    - type: llm-rubric
      value: Greets {{name}} politely
    - type: javascript
      value: output.length > 0
tests: file://tests.csv
`;
const PROMPT = 'Write one short greeting for {{name}}.';
const CSV =
  'name,__expected1,__expected2,__description\nAda,not-contains: As an AI,python: len(output) > 0,ada\nBo,javascript: true,,\n';

async function loadPromptfoo(page: Page): Promise<void> {
  await page.getByLabel('Configuration file').setInputFiles([
    { name: 'promptfooconfig.yaml', mimeType: 'application/yaml', buffer: Buffer.from(CONFIG) },
    { name: 'greet.txt', mimeType: 'text/plain', buffer: Buffer.from(PROMPT) },
    { name: 'tests.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) },
  ]);
}

async function addModel(page: Page, model: string): Promise<void> {
  await page.getByLabel('Model id').fill(model);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.locator(`[data-testid="model-entry"][data-model="${model}"]`)).toBeVisible();
}

interface PfResult {
  promptIdx: number;
  testIdx: number;
  provider: { id: string; label?: string };
  response: { output: string };
  success: boolean;
  score: number;
  gradingResult: { componentResults: { score: number; assertion: { type: string } }[] } | null;
}

test('a promptfoo configuration with a CSV and a file:// prompt: import, map, run, export', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  await addModel(page, TEST_MODEL);
  await addModel(page, EVAL_MODEL);
  await setHealthModel(page, TEST_ENCODER);
  await configureClaude(page, fake().url);
  await page.goto('/#/evaluate');

  await loadPromptfoo(page);
  const status = page.getByTestId('promptfoo-summary');
  await expect(status).toHaveAttribute('role', 'status');
  await expect(status).toContainText('2 prompts × 2 tests, 5 assertions');
  await expect(status).toContainText('not supported: javascript (2), python (1)');

  const run = page.getByRole('button', { name: 'Run evaluation' });
  await expect(run).toBeDisabled();
  const mapping = page.getByRole('dialog', { name: 'Map the promptfoo providers to Tandem models' });
  await mapping.getByLabel('fast').selectOption(TEST_MODEL);
  await expect(run).toBeDisabled();
  await mapping.getByLabel('anthropic:messages:claude-3-haiku').selectOption(EVAL_MODEL);
  const grader = mapping.getByLabel('Grader (llm-rubric, model-graded-closedqa)');
  const claude = (await grader.locator('option').allTextContents()).find((o) => o.startsWith('claude:'))!;
  await grader.selectOption(claude);
  await mapping.getByLabel('Max tokens').fill('48');
  await mapping.getByLabel('Max tokens').blur();
  await expect(run).toBeEnabled();
  // The import status, the mapping dialog and its settings pass axe.
  expect(await violations(page)).toEqual([]);
  await run.click();
  await expectEvaluationStatus(page, 'done', 90_000);
  // 2 models × 2 prompts × 2 tests, each answer then graded.
  await expect(page.getByRole('progressbar', { name: 'Evaluation progress' })).toHaveAttribute(
    'aria-valuenow',
    '16',
  );

  // Tandem's own JSON keeps its shape: prompt = the promptfoo prompt, sequence = the test.
  const tandem = JSON.parse((await exportResults(page, 'JSON')).text) as {
    evaluation: { models: string[] };
    responses: {
      model: string;
      sequence: string;
      prompt: string;
      text: string;
      judge: { score: number } | null;
    }[];
  };
  expect(tandem.evaluation.models).toEqual([TEST_MODEL, EVAL_MODEL]);
  expect(tandem.responses).toHaveLength(8);
  expect(new Set(tandem.responses.map((r) => `${r.sequence}/${r.prompt}`))).toEqual(
    new Set(['ada/prompts/greet.txt', 'ada/inline', '1/prompts/greet.txt', '1/inline']),
  );
  expect(tandem.responses.every((r) => r.judge?.score === 4)).toBe(true);

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export results (promptfoo JSON)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('tandem-eval-Greetings-from-promptfoo.promptfoo.json');
  const pf = JSON.parse(await downloadedText(download)) as {
    results: { version: number; results: PfResult[]; stats: { successes: number; errors: number } };
  };
  expect(pf.results.version).toBe(3);
  expect(pf.results.results).toHaveLength(8);
  expect(pf.results.stats.errors).toBe(0);
  const providers = new Set(pf.results.results.map((r) => r.provider.label ?? r.provider.id));
  expect(providers).toEqual(new Set(['fast', 'anthropic:messages:claude-3-haiku']));
  for (const r of pf.results.results) {
    expect(r.response.output.length).toBeGreaterThan(0);
    const byType = new Map(r.gradingResult!.componentResults.map((c) => [c.assertion.type, c.score]));
    // similar: the encoder's cosine (a real number, not a pass mark); llm-rubric: the judge's 4/5.
    expect(byType.get('similar')).toBeGreaterThan(-1);
    expect(byType.get('similar')).toBeLessThanOrEqual(1);
    expect(byType.get('llm-rubric')).toBe(0.75);
  }
  const ada = pf.results.results.find((r) => r.testIdx === 0)!;
  expect(ada.gradingResult!.componentResults.map((c) => c.assertion.type)).toEqual([
    'similar',
    'llm-rubric',
    'not-contains',
  ]);

  // The mapping is remembered per provider id.
  await page.reload();
  await loadPromptfoo(page);
  await expect(mapping.getByLabel('fast')).toHaveValue(TEST_MODEL);
  await expect(mapping.getByLabel('anthropic:messages:claude-3-haiku')).toHaveValue(EVAL_MODEL);
});
