/**
 * A regex check that backtracks (issue 29, item 10): `^(\w|[^#])*#` passes the static
 * star-height test (one repeat, no nested one), yet on an answer with no "#" both branches
 * match every letter, so it tries 2^(letters) ways: minutes on the page's thread. It runs in
 * the regex worker instead; after the 1 s limit the worker is terminated, the check is recorded
 * as timed out, the next check runs in a fresh worker, and the page answers all along.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectEvaluationStatus, loadConfiguration } from './eval-helpers';
import { chooseBackend, openSettingsAndSetHost, TEST_MODEL } from './helpers';

const BACKTRACKS = '^(\\w|[^#])*#';
const TIMED_OUT = 'timed out after 1 s: the pattern backtracks too much on this answer';
const config = {
  version: 1,
  name: 'Backtracking check',
  models: [TEST_MODEL],
  sequences: [{ name: 'Greeting', prompts: [{ name: 'Hello', text: 'Say hello.' }] }],
  settings: { runs: 2, maxTokens: 200, temperature: 0 },
  checks: [
    { type: 'regex', value: BACKTRACKS },
    { type: 'regex', value: 'tiny test model' },
  ],
};

interface Probe {
  /** The page's heartbeat: performance.now() of each tick of a 20 ms interval. */
  beats: number[];
  /** Each regex worker's life on the page's clock (end: when it was terminated). */
  regexWorkers: { start: number; end: number | null }[];
}

/** Before the app loads: a heartbeat, and a record of each regex worker the app starts and stops. */
async function installProbe(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const probe: Probe = { beats: [], regexWorkers: [] };
    (window as unknown as { __probe: Probe }).__probe = probe;
    setInterval(() => probe.beats.push(performance.now()), 20);
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (options?.name !== 'tandem-regex') return;
        const life = { start: performance.now(), end: null as number | null };
        probe.regexWorkers.push(life);
        const terminate = this.terminate.bind(this);
        this.terminate = () => {
          life.end = performance.now();
          terminate();
        };
      }
    };
  });
}

const probeOf = (page: Page): Promise<Probe> =>
  page.evaluate(() => (window as unknown as { __probe: Probe }).__probe);

interface StoredChecks {
  checks: { type: string; passed: boolean; detail: string }[];
  checksPending?: boolean;
  text: string;
}

async function storedChecks(page: Page): Promise<StoredChecks[]> {
  return page.evaluate(
    () =>
      new Promise<StoredChecks[]>((resolve, reject) => {
        const open = indexedDB.open('tandem');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('evalResponses').objectStore('evalResponses').getAll();
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result as StoredChecks[]);
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

test('a backtracking regex check times out in its worker, is recorded so, and the page keeps answering', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await installProbe(page);
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  await page.goto('/#/evaluate');
  await loadConfiguration(page, config);
  await expect(page.getByTestId('config-summary')).toContainText('Backtracking check');
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  await expectEvaluationStatus(page, 'done', 60_000);

  // Both answers are stored with their checks: the backtracking one timed out, the next check
  // (in a fresh worker) ran normally. Nothing is left pending.
  const stored = await storedChecks(page);
  expect(stored).toHaveLength(2);
  for (const r of stored) {
    expect(r.text).toContain('tiny test model');
    expect(r.text).not.toContain('#');
    expect(r.checksPending).toBeUndefined();
    expect(r.checks).toEqual([
      { type: 'regex', passed: false, detail: TIMED_OUT },
      { type: 'regex', passed: true, detail: 'matched "tiny test model"' },
    ]);
  }
  const answer = page.getByTestId('matrix-cell').locator('details.answer').first();
  await expect(answer.locator('summary')).toContainText('1/2 checks');
  await answer.locator('summary').click();
  await expect(answer.getByText(`✗ regex: ${TIMED_OUT}`)).toBeVisible();

  // Each stuck check got its own worker, stopped by terminating it; the next check got a new one.
  const probe = await probeOf(page);
  const stopped = probe.regexWorkers.filter((w) => w.end !== null);
  expect(stopped).toHaveLength(2);
  expect(probe.regexWorkers).toHaveLength(3);
  // While each worker was stuck in the pattern, the page's own thread kept ticking.
  for (const w of stopped) {
    const during = probe.beats.filter((t) => t > w.start && t < w.end!);
    expect(
      during.length,
      `heartbeats during a stuck check (${Math.round(w.end! - w.start)} ms)`,
    ).toBeGreaterThan(5);
  }
});
