/**
 * Stop in Evaluate while the next model loads (issue 28, major 6): the second model's weights
 * come slowly from the hub, Stop cancels that load at once (the run is "stopped" long before the
 * load could have ended), the bar says "stopped" instead of "about 0 s left", and Resume runs
 * only the tasks left.
 */
import { expect, test } from './fixtures';
import { expectEvaluationStatus, loadConfiguration, storedResponses } from './eval-helpers';
import { chooseBackend, EVAL_MODEL, openSettingsAndSetHost, setHubMode, TEST_MODEL } from './helpers';

const SLOW = { mode: 'slow', match: `${EVAL_MODEL}/resolve/main/onnx/` } as const;
const config = {
  version: 1,
  name: 'Stop while loading',
  models: [TEST_MODEL, EVAL_MODEL],
  sequences: [
    {
      name: 'Greeting',
      prompts: [
        { name: 'Hello', text: 'Say hello.' },
        { name: 'Again', text: 'Say it again.' },
      ],
    },
  ],
  settings: { runs: 1, maxTokens: 16, temperature: 0 },
};

test.afterEach(async ({ request }) => {
  await setHubMode(request, { ...SLOW, mode: 'normal' });
});

test('Stop while the next model loads cancels the load at once; the bar says stopped, not "0 s left"', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  // ~240 KB at 4 KB/s: this model's load would take about a minute.
  await setHubMode(request, { ...SLOW, bytesPerSecond: 4096 });
  await page.goto('/#/evaluate');
  await loadConfiguration(page, config);
  await page.getByRole('button', { name: 'Run evaluation' }).click();

  const log = page.getByRole('log', { name: 'Evaluation console' });
  await expect(log).toContainText(`Loading ${EVAL_MODEL}…`, { timeout: 60_000 });
  const progress = page.getByRole('progressbar', { name: 'Evaluation progress' });
  await expect(progress).toHaveAttribute('aria-valuenow', '2');
  await page.getByTestId('eval-run').getByRole('button', { name: 'Stop', exact: true }).click();
  // Far sooner than the load could end: Stop does not wait for it.
  await expectEvaluationStatus(page, 'stopped', 10_000);
  await expect(log).toContainText('Stopped. Resume runs the tasks left.');
  await expect(log).not.toContainText(`${EVAL_MODEL} cannot run`);
  await expect(progress).toHaveAttribute('aria-valuetext', '2 of 4 tasks, stopped');
  const stored = await storedResponses(page);
  expect(stored.map((r) => r.model)).toEqual([TEST_MODEL, TEST_MODEL]);

  // Resume, at full speed now: only the stopped model's two tasks run.
  await setHubMode(request, { ...SLOW, mode: 'normal' });
  await page.getByTestId('eval-run').getByRole('button', { name: 'Resume', exact: true }).click();
  await expectEvaluationStatus(page, 'done', 60_000);
  await expect(progress).toHaveAttribute('aria-valuetext', '4 of 4 tasks, finished');
  expect((await storedResponses(page)).filter((r) => r.model === EVAL_MODEL)).toHaveLength(2);
});
