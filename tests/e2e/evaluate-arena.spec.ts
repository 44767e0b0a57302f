/**
 * The Evaluate workbench's arena and housekeeping in real Chromium: a small run (two local models
 * and the fake Claude server), blind A/B votes that reveal the pair's models and move the Elo order
 * (kept over a reload), the leaderboard spaced from the vote buttons on a phone and a desktop, the
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

type StoredVote = { id: string; modelA: string; modelB: string };

async function votesStored(page: Page): Promise<StoredVote[]> {
  return page.evaluate(
    () =>
      new Promise<StoredVote[]>((resolve, reject) => {
        const open = indexedDB.open('tandem');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('arenaVotes').objectStore('arenaVotes').getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve(all.result as StoredVote[]);
          };
        };
      }),
  );
}

const storedVotes = async (page: Page) => (await votesStored(page)).length;

/** Pixels between the bottom of the arena's buttons and the top of the leaderboard's heading. */
async function leaderboardGap(page: Page): Promise<number> {
  const arena = page.getByTestId('arena');
  const buttons = await arena.getByRole('button').last().boundingBox();
  const heading = await arena.getByRole('heading', { name: 'Leaderboard (Elo)' }).boundingBox();
  return heading!.y - (buttons!.y + buttons!.height);
}

/** Votes on the pair shown: for Claude's side (or against it), a tie when Claude is not in it. */
async function vote(page: Page, claude: 'for' | 'against'): Promise<boolean> {
  const a = (await page.getByTestId('arena-a').innerText()).includes('Claude (fake)');
  const b = (await page.getByTestId('arena-b').innerText()).includes('Claude (fake)');
  const before = new Set((await votesStored(page)).map((v) => v.id));
  let label = 'Tie';
  if (a !== b) label = (a ? claude === 'for' : claude === 'against') ? 'A is better' : 'B is better';
  const arena = page.getByTestId('arena');
  await expect(arena.getByRole('status')).toHaveText('');
  await arena.getByRole('button', { name: label }).click();
  // The vote reveals the pair's two models (as stored with the vote, Claude on the side that said so).
  await expect.poll(async () => (await votesStored(page)).length).toBe(before.size + 1);
  const cast = (await votesStored(page)).find((v) => !before.has(v.id))!;
  if (a) expect(cast.modelA).toBe(CLAUDE);
  if (b) expect(cast.modelB).toBe(CLAUDE);
  await expect(arena.getByRole('status')).toHaveText(`A was ${cast.modelA}, B was ${cast.modelB}.`);
  await expect(arena.getByRole('button', { name: label })).toHaveCount(0);
  const next = arena.getByRole('button', { name: 'Next pair' });
  await expect(next).toBeFocused();
  await next.click();
  await expect(arena.getByRole('status')).toHaveText('');
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
  // The leaderboard stands apart from the vote buttons, on a phone and on a desktop.
  for (const size of [
    { width: 390, height: 844 },
    { width: 1280, height: 800 },
  ]) {
    await page.setViewportSize(size);
    expect(await leaderboardGap(page)).toBeGreaterThanOrEqual(20);
  }
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
