/**
 * The Evaluate workbench's arena and housekeeping in real Chromium: a small run (two local models
 * and the fake Claude server), blind A/B votes that move the Elo order and survive a reload, the
 * configuration saved back to a file, and deleting an evaluation with its responses and votes.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { configureClaude, useFakeClaude } from './claude-helpers';
import { downloadedText, expectEvaluationStatus, loadConfiguration, storedResponses } from './eval-helpers';
import { chooseBackend, EVAL_MODEL, openSettingsAndSetHost, TEST_MODEL } from './helpers';

const fake = useFakeClaude();
const CLAUDE = 'claude:claude-fake-arena';
const config = {
  version: 1,
  name: 'Arena e2e',
  models: [CLAUDE, TEST_MODEL, EVAL_MODEL],
  sequences: [{ name: 'Hi', prompts: [{ name: 'Greet', text: 'Greet the reader.' }] }],
  settings: { runs: 2, maxTokens: 48, temperature: 0 },
};

async function storedVotes(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('tandem');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('arenaVotes').objectStore('arenaVotes').count();
          count.onsuccess = () => {
            open.result.close();
            resolve(count.result);
          };
        };
      }),
  );
}

/** Votes on the pair shown: for Claude's side (or against it), a tie when Claude is not in it. */
async function vote(page: Page, claude: 'for' | 'against'): Promise<boolean> {
  const a = (await page.getByTestId('arena-a').innerText()).includes('Claude (fake)');
  const b = (await page.getByTestId('arena-b').innerText()).includes('Claude (fake)');
  const count = await storedVotes(page);
  let label = 'Tie';
  if (a !== b) label = (a ? claude === 'for' : claude === 'against') ? 'A is better' : 'B is better';
  await page.getByTestId('arena').getByRole('button', { name: label }).click();
  await expect.poll(() => storedVotes(page)).toBe(count + 1);
  return a !== b;
}

const order = (page: Page) =>
  page.getByTestId('leaderboard-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model')));

test('arena votes move the Elo order and are kept; save a configuration; delete an evaluation', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  await configureClaude(page, fake().url);
  await page.goto('/#/evaluate');
  await loadConfiguration(page, config);

  // Save configuration writes the loaded configuration back as a file.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save configuration' }).click();
  const saved = await downloading;
  expect(saved.suggestedFilename()).toBe('Arena-e2e.eval.json');
  expect(JSON.parse(await downloadedText(saved))).toEqual(config);

  await page.getByRole('button', { name: 'Run evaluation' }).click();
  await expectEvaluationStatus(page, 'done');
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '6');

  await expect(page.getByTestId('leaderboard')).toContainText('No votes yet.');
  // The first vote with Claude in it goes to Claude: Claude leads.
  while (!(await vote(page, 'for')));
  expect((await order(page))[0]).toBe(CLAUDE);
  await expect(page.getByTestId('leaderboard-note')).toContainText('Few votes');
  // Then Claude loses every remaining comparison: it drops to the bottom.
  for (let i = 0; i < 5 && (await page.getByTestId('arena-a').count()) > 0; i++) await vote(page, 'against');
  await expect(page.getByTestId('arena')).toContainText('No pair of answers left to vote on');
  const final = await order(page);
  expect(final.at(-1)).toBe(CLAUDE);
  expect(final).toHaveLength(3);
  expect(await storedVotes(page)).toBe(6);

  // Votes are stored: the same leaderboard after a reload.
  await page.reload();
  await expect(page.getByTestId('leaderboard-row')).toHaveCount(3);
  expect(await order(page)).toEqual(final);

  // Delete removes the evaluation, its responses and its votes.
  await page.getByRole('button', { name: 'Delete evaluation Arena e2e' }).click();
  await expect(page.getByTestId('evaluation-list')).toContainText('No evaluations yet.');
  expect(await storedResponses(page)).toEqual([]);
  expect(await storedVotes(page)).toBe(0);
});
