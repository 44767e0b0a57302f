/**
 * The router's semantic side in the app: the health tracker's sentence encoder (the generated
 * test encoder from the local hub) embeds prompts for the router; a user's correction becomes
 * an example that routes the same prompt differently, also after a reload; and the cascade
 * escalates a local answer the health tracker scores as drifting.
 */
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ROUTER_ENCODER, sendMessage, setHealthModel, setUpLocalModel } from './helpers';
import { configureClaude, messageRequests, settledAnswer, useFakeClaude } from './claude-helpers';

const fake = useFakeClaude();

async function setUp(page: Page): Promise<void> {
  await setUpLocalModel(page);
  await setHealthModel(page, ROUTER_ENCODER);
  await configureClaude(page, fake().url, { strategy: 'hybrid' });
  await page.goto('/#/chat');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready');
}

test('correcting a routing decision teaches the semantic classifier, and the lesson survives a reload', async ({
  page,
}) => {
  await setUp(page);
  const prompt = 'Give me a name for my boat';
  await sendMessage(page, prompt);
  const first = await settledAnswer(page);
  await expect(first.getByTestId('route-label')).toHaveAttribute('data-target', 'local');
  expect(messageRequests(fake())).toHaveLength(0);

  // The user says this was a complex task.
  await first.getByLabel('Answer options').click();
  await first.getByLabel('Correct the task kind of this prompt').selectOption('complex');
  await sendMessage(page, prompt);
  const second = await settledAnswer(page);
  await expect(second.getByTestId('route-label')).toHaveAttribute('data-target', 'claude');
  await expect(second.getByTestId('route-label')).toContainText('your correction');
  expect(messageRequests(fake())).toHaveLength(1);

  await page.reload();
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('message-assistant')).toHaveCount(2);
  // The key was for this session only: the user enters it again.
  await configureClaude(page, fake().url, { strategy: 'hybrid' });
  await page.goto('/#/chat');
  // The encoder loads again from IndexedDB after the reload; give it the first answer to do so.
  await sendMessage(page, 'hello');
  await settledAnswer(page);
  await sendMessage(page, prompt);
  const third = await settledAnswer(page);
  // The stored correction still decides the kind after the reload.
  await expect(third.getByTestId('route-label')).toHaveAttribute('data-target', 'claude');
  await expect(third.getByTestId('route-label')).toContainText('your correction');
});

test('cascade: a local answer the health tracker scores as drifting is escalated to Claude, both shown', async ({
  page,
}) => {
  await setUp(page);
  // Make every answer count as drifting: no context tolerates any question-to-answer drift.
  await page.goto('/#/settings');
  const editor = page.getByLabel('Health thresholds (JSON)');
  const settings = JSON.parse(await editor.inputValue()) as {
    contexts: { expected: { maxQuestionDrift: number } }[];
  };
  for (const context of settings.contexts) context.expected.maxQuestionDrift = 0;
  await editor.fill(JSON.stringify(settings, null, 2));
  await page.getByRole('button', { name: 'Save thresholds' }).click();
  await expect(page.getByText('Saved. New turns use these thresholds.')).toBeVisible();
  await page.getByLabel('Cascade').check();

  await page.goto('/#/chat');
  await sendMessage(page, 'hello');
  const answer = await settledAnswer(page);
  const notice = answer.getByTestId('answer-notice');
  await expect(notice).toHaveAttribute('data-kind', 'escalation');
  // Both answers: the local one kept in the notice, Claude's as the answer.
  await expect(notice).toContainText("Hello from Tandem's tiny test model");
  await expect(answer.locator('.markdown').last()).toContainText('Claude (fake) answer to: hello');
  expect(messageRequests(fake())).toHaveLength(1);
});
