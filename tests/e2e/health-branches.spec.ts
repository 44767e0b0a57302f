/**
 * Health follows the branch on screen: an edited question starts a new branch whose answer is
 * that branch's first turn (no baseline, no coaching from the branch left behind), and switching
 * back shows the old branch's own report.
 */
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { recordWorkerCalls, workerCalls } from './worker-calls';
import { COACHING_HEADER } from '../../src/features/health/coaching';
import { TEST_ENCODER, lastAnswer, sendMessage, setHealthModel, setUpLocalModel } from './helpers';

const strip = (page: Page) => page.getByTestId('message-assistant').last().getByTestId('health-strip');

async function scoredReport(page: Page): Promise<string> {
  await expect(strip(page)).toHaveAttribute('data-state', 'scored', { timeout: 60_000 });
  await strip(page).getByTestId('health-summary').click();
  return (await strip(page).getByTestId('health-report').innerText()).trim();
}

test('an edited question is the first turn of its branch: scored and coached from that branch only', async ({
  page,
}) => {
  await recordWorkerCalls(page);
  await setUpLocalModel(page);
  await setHealthModel(page, TEST_ENCODER);
  await page.goto('/#/chat');

  await sendMessage(page, 'How do I fix the failing build of my project?');
  await lastAnswer(page);
  expect(await scoredReport(page)).toContain('CONVERSATION HEALTH — turn 1');

  await page.getByTestId('message-user').getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Edit message').fill('What should I cook tonight?');
  await page.getByLabel('Edit message').press('Enter');
  await expect(page.getByTestId('branch-count')).toHaveText('2 / 2');
  await lastAnswer(page);
  const report = await scoredReport(page);
  expect(report).toContain('CONVERSATION HEALTH — turn 1');
  await expect(strip(page).getByTestId('health-summary')).toContainText('first answer: no baseline yet');

  // Its request carried no coaching: on this branch nothing was measured before it.
  const generates = await workerCalls(page, 'generate');
  expect(generates).toHaveLength(2);
  const system = generates[1]!.params.messages?.find((m) => m.role === 'system')?.content ?? '';
  expect(system).not.toContain(COACHING_HEADER);

  await page.getByRole('button', { name: 'Health chart' }).click();
  await expect(page.getByTestId('health-chart')).toHaveAttribute('data-turns', '1');

  // Back on the first branch: its own answer and report, still one turn.
  await page.getByRole('button', { name: 'Previous branch' }).click();
  await expect(page.getByTestId('branch-count')).toHaveText('1 / 2');
  expect(await scoredReport(page)).toContain('CONVERSATION HEALTH — turn 1');
  await expect(page.getByTestId('health-chart')).toHaveAttribute('data-turns', '1');
});
