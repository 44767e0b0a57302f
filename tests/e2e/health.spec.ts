/**
 * Conversation health in real Chromium, with the generated sentence encoder served by the local
 * hub: every answer gets a health strip, its guidance reaches the next request's system prompt,
 * stored embeddings are never recomputed, scoring makes no request once the model is cached,
 * it works offline, and a model that cannot load never stops the chat.
 */
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { recordWorkerCalls, workerCalls, type RecordedCall } from './worker-calls';
import { COACHING_HEADER } from '../../src/features/health/coaching';
import { DEFAULT_SCRIPT } from '../fixtures/models/scripts';
import {
  recordLeakedRequests,
  FLAKY_ENCODER,
  TEST_ENCODER,
  hubRequests,
  lastAnswer,
  requestsFor,
  sendMessage,
  setHealthModel,
  setHubMode,
  setUpLocalModel,
  waitForModelReady,
} from './helpers';

function strip(page: Page, index: number) {
  return page.getByTestId('message-assistant').nth(index).getByTestId('health-strip');
}

async function expectScored(page: Page, index: number): Promise<void> {
  await expect(strip(page, index)).toHaveAttribute('data-state', 'scored', { timeout: 60_000 });
}

async function setUp(page: Page): Promise<void> {
  await setUpLocalModel(page);
  await setHealthModel(page, TEST_ENCODER);
  await page.goto('/#/chat');
}

test('an answer gets a health strip and its guidance goes into the next request’s system prompt', async ({
  page,
}) => {
  await recordWorkerCalls(page);
  await setUp(page);

  await sendMessage(page, 'How do I fix the failing build of my project?');
  await lastAnswer(page);
  await expectScored(page, 0);
  const summary = strip(page, 0).getByTestId('health-summary');
  // The first answer has no baseline to be judged against: no verdict, in plain words.
  await expect(summary).toContainText(
    /Health: first answer: no baseline yet · drift \d\.\d\d \(limit \d\.\d\d\)/,
  );
  await expect(summary).not.toContainText(/alert/);
  await summary.click();
  await expect(strip(page, 0).getByTestId('health-report')).toContainText('CONVERSATION HEALTH — turn 1');
  await expect(strip(page, 0).getByTestId('health-report')).toContainText('GUIDANCE FOR NEXT TURN');
  // Nothing was measured before the first answer, so nothing was injected into its prompt.
  await expect(strip(page, 0).getByTestId('health-injected-none')).toBeVisible();

  await sendMessage(page, 'Why does the build still fail?');
  await lastAnswer(page);
  await expectScored(page, 1);
  // From the second answer on, a verdict in words that say what to do.
  await expect(strip(page, 1).getByTestId('health-summary')).toContainText(
    /^Health: (on track|drifting from your question: ask again|scattered over topics|evasive: the answer avoids|off track: regenerate)/,
  );

  const generates = await workerCalls(page, 'generate');
  expect(generates).toHaveLength(2);
  const systemOf = (call: RecordedCall): string =>
    call.params.messages?.find((m) => m.role === 'system')?.content ?? '';
  expect(systemOf(generates[0]!)).not.toContain(COACHING_HEADER);
  const secondSystem = systemOf(generates[1]!);
  expect(secondSystem).toContain(COACHING_HEADER);

  // The strip of the second answer shows exactly what its prompt received.
  await strip(page, 1).getByTestId('health-summary').click();
  const injected = (await strip(page, 1).getByTestId('health-injected').textContent())!.trim();
  expect(injected.startsWith(COACHING_HEADER)).toBe(true);
  expect(secondSystem.endsWith(injected)).toBe(true);

  // The conversation view charts drift per turn.
  await page.getByRole('button', { name: 'Health chart' }).click();
  await expect(page.getByTestId('health-chart')).toHaveAttribute('data-turns', '2');
  await expect(page.getByTestId('health-chart-point')).toHaveCount(2);
});

test('stored embeddings survive a reload: only the new turn’s two texts are embedded, with no hub request', async ({
  page,
  request,
}) => {
  await recordWorkerCalls(page);
  await setUp(page);
  await sendMessage(page, 'Tell me about the deployment plan');
  await lastAnswer(page);
  await expectScored(page, 0);
  await sendMessage(page, 'And the rollback plan?');
  await lastAnswer(page);
  await expectScored(page, 1);
  const before = await workerCalls(page, 'embed');
  // Context prototypes once, then each turn's texts, each text embedded once (the question may
  // be embedded while its answer streams, so a turn takes one or two calls; both answers are the
  // test model's same script, so the second one is not embedded again).
  expect(before[0]!.params.texts!.length).toBeGreaterThan(2);
  expect(before.slice(1).flatMap((c) => c.params.texts)).toEqual([
    'Tell me about the deployment plan',
    DEFAULT_SCRIPT,
    'And the rollback plan?',
  ]);
  const firstReport = await strip(page, 0).getByTestId('health-summary').textContent();

  const mark = Date.now();
  await page.reload();
  await page.getByTestId('conversation-item').first().getByRole('button').first().click();
  await waitForModelReady(page);
  // Reports come back from IndexedDB as they were.
  await expectScored(page, 0);
  await expectScored(page, 1);
  expect(await strip(page, 0).getByTestId('health-summary').textContent()).toBe(firstReport);

  await sendMessage(page, 'Who approves the rollback?');
  await lastAnswer(page);
  await expectScored(page, 2);
  const after = await workerCalls(page, 'embed');
  // Only the new turn's two texts, each once: no prototype, no stored message embedded again.
  expect(after.flatMap((c) => c.params.texts)).toEqual(['Who approves the rollback?', DEFAULT_SCRIPT]);

  // The cached encoder served everything: no request for it after the reload.
  const log = await hubRequests(request);
  expect(requestsFor(log, TEST_ENCODER).filter((r) => r.time >= mark)).toEqual([]);
});

test.describe('offline', () => {
  test.use({ serviceWorkers: 'allow' });

  test('after one online visit, health scores turns with the network cut and makes no request', async ({
    page,
    context,
  }) => {
    await page.goto('/');
    await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state);
    await setUp(page);
    await sendMessage(page, 'Hello while online');
    await lastAnswer(page);
    await expectScored(page, 0);

    await context.setOffline(true);
    const leaks = recordLeakedRequests(context);

    await page.reload();
    await page.getByTestId('conversation-item').first().getByRole('button').first().click();
    await waitForModelReady(page);
    await sendMessage(page, 'And hello while offline');
    await lastAnswer(page);
    await expectScored(page, 1);
    await page.waitForTimeout(500);

    expect(leaks.stop()).toEqual([]);
  });
});

test('an embedding model that cannot load never stops the chat; the strip says why and Retry works', async ({
  page,
  request,
}) => {
  await setHubMode(request, { mode: 'fail404', match: `/${FLAKY_ENCODER}/` });
  try {
    await setUpLocalModel(page);
    await setHealthModel(page, FLAKY_ENCODER, 'error');
    await expect(page.getByTestId('health-model-status')).toContainText(FLAKY_ENCODER);
    await page.goto('/#/chat');

    await sendMessage(page, 'Does chat still work?');
    expect(await lastAnswer(page)).toContain("Hello from Tandem's tiny test model");
    await expect(strip(page, 0)).toHaveAttribute('data-state', 'error');
    await expect(strip(page, 0).getByTestId('health-error')).toContainText(
      `The embedding model ${FLAKY_ENCODER} could not load`,
    );
  } finally {
    // Lift exactly the rule this test set (the hub keeps one rule per path match).
    await setHubMode(request, { mode: 'normal', match: `/${FLAKY_ENCODER}/` });
  }
  await strip(page, 0).getByRole('button', { name: 'Retry health' }).click();
  await expectScored(page, 0);
});
