/**
 * An evaluation says what it will cost before it runs (issue 29, item 13): the task count and
 * the paid Claude calls with their bound; a costly run asks first, an enormous one is refused.
 */
import { expect, test } from './fixtures';
import { loadConfiguration } from './eval-helpers';

const config = (models: string[], prompts: number, runs: number, maxTokens = 64) => ({
  version: 1,
  name: 'Cost check',
  models,
  sequences: [
    {
      name: 'many',
      prompts: Array.from({ length: prompts }, (_, i) => ({ name: `p${i}`, text: `Question ${i}?` })),
    },
  ],
  settings: { runs, maxTokens, temperature: 0 },
});

test('100,000 tasks are refused before anything runs, with the reason', async ({ page }) => {
  await page.goto('/#/evaluate');
  await loadConfiguration(page, config(['tandem-test/tiny-chat'], 5000, 20));
  await expect(page.getByTestId('run-estimate')).toContainText('100,000 tasks: over the limit of 10,000');
  await expect(page.getByRole('button', { name: 'Run evaluation' })).toBeDisabled();
  await expect(page.getByTestId('evaluation-item')).toHaveCount(0);
});

test('a run of paid calls over $1 asks first: Cancel stores nothing, Run anyway starts it', async ({
  page,
}) => {
  await page.goto('/#/evaluate');
  // 20 answers of up to 8,192 tokens from Claude Sonnet 4.5 ($15 per million out): about $2.46 at most.
  await loadConfiguration(page, config(['claude:claude-sonnet-4-5'], 1, 20, 8192));
  await expect(page.getByTestId('run-estimate')).toHaveText(
    '20 tasks, 20 paid Claude calls, at most about $2.46.',
  );
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Confirm the run' });
  await expect(ask).toContainText('Start all 20 tasks?');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toBeHidden();
  await expect(page.getByTestId('evaluation-item')).toHaveCount(0);

  await page.getByRole('button', { name: 'Run evaluation' }).click();
  await ask.getByRole('button', { name: 'Run anyway' }).click();
  await expect(page.getByTestId('evaluation-item')).toHaveCount(1);
});

test('a small local evaluation runs without asking and says it costs nothing', async ({ page }) => {
  await page.goto('/#/evaluate');
  await loadConfiguration(page, config(['tandem-test/tiny-chat'], 3, 2));
  await expect(page.getByTestId('run-estimate')).toHaveText('6 tasks, all on this device (no cost).');
  await expect(page.getByRole('button', { name: 'Run evaluation' })).toBeEnabled();
});
