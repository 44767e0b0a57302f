/**
 * The evaluation queue in real Chromium: two evaluations added to the queue run one after the
 * other; a reload in the middle of the first leaves both in the stored queue (the first
 * interrupted, the second queued), and Resume queue finishes the first (only its missing tasks)
 * and then runs the second. The fake Claude server answers slowly so the reload lands mid-run.
 */
import { expect, test } from './fixtures';
import { configureClaude, useFakeClaude } from './claude-helpers';
import { loadConfiguration, storedResponses } from './eval-helpers';

const fake = useFakeClaude();
const config = (name: string) => ({
  version: 1,
  name,
  models: ['claude:claude-fake-queue'],
  sequences: [
    { name: 'One', prompts: [{ name: 'a', text: `First question of ${name}.` }] },
    { name: 'Two', prompts: [{ name: 'b', text: `Second question of ${name}.` }] },
    { name: 'Three', prompts: [{ name: 'c', text: `Third question of ${name}.` }] },
  ],
  settings: { runs: 2, maxTokens: 32, temperature: 0 },
});
const TASKS = 6;

const item = (page: import('@playwright/test').Page, name: string) =>
  page.getByTestId('evaluation-item').filter({ hasText: name });

test('a queue of two evaluations survives a reload mid-run and resumes', async ({ page }) => {
  test.setTimeout(120_000);
  await configureClaude(page, fake().url, { storage: 'device' });
  await page.goto('/#/evaluate');
  fake().setScenario({ scenario: 'slow', delayMs: 150 });

  await loadConfiguration(page, config('Queue first'));
  await page.getByRole('button', { name: 'Add to queue' }).click();
  await loadConfiguration(page, config('Queue second'));
  await page.getByRole('button', { name: 'Add to queue' }).click();
  await expect(item(page, 'Queue first')).toHaveAttribute('data-status', 'running');
  await expect(item(page, 'Queue second')).toHaveAttribute('data-status', 'queued');
  await expect(page.getByTestId('queue-note')).toHaveText('Queue: 1 waiting');
  const progress = page.getByRole('progressbar', { name: 'Evaluation progress' });
  await expect(progress).toHaveAttribute('aria-valuenow', '2', { timeout: 30_000 });
  await page.reload();

  // The queue is stored: the first was cut by the reload, the second still waits.
  await expect(item(page, 'Queue first')).toHaveAttribute('data-status', 'interrupted');
  await expect(item(page, 'Queue second')).toHaveAttribute('data-status', 'queued');
  await expect(page.getByTestId('queue-note')).toHaveText('Queue: 2 waiting');
  const before = (await storedResponses(page)).length;
  expect(before).toBeGreaterThanOrEqual(2);
  expect(before).toBeLessThan(TASKS);

  fake().setScenario('ok');
  await page.getByRole('button', { name: 'Resume queue' }).click();
  await expect(item(page, 'Queue first')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(item(page, 'Queue second')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('queue-note')).toHaveCount(0);
  const stored = await storedResponses(page);
  // Every task of both, each stored once (by evaluation and task).
  expect(stored).toHaveLength(TASKS * 2);
  expect(stored.every((r) => r.status === 'ok')).toBe(true);
  await expect(page.getByRole('log', { name: 'Evaluation console' })).toContainText(
    `Resuming "Queue first": ${TASKS - before} of ${TASKS} tasks left to run.`,
  );
});
