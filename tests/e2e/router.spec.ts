/**
 * The hybrid router in the app, with the real local test model and a fake Claude: each
 * strategy, the decision label on every answer, per-message and per-conversation overrides,
 * and fallbacks in both directions with a visible notice.
 */
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { CODE_SCRIPT, DEFAULT_SCRIPT } from '../fixtures/models/scripts';
import { sendMessage, setUpLocalModel } from './helpers';
import {
  configureClaude,
  messageRequests,
  settledAnswer,
  useFakeClaude,
  type StrategyName,
} from './claude-helpers';

const fake = useFakeClaude();

async function setUp(page: Page, strategy: StrategyName): Promise<void> {
  await setUpLocalModel(page);
  await configureClaude(page, fake().url, { strategy });
  await page.goto('/#/chat');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready');
}

test('hybrid: a greeting is answered locally and a code request by Claude, each labelled with why', async ({
  page,
}) => {
  await setUp(page, 'hybrid');
  await sendMessage(page, 'hello');
  const local = await settledAnswer(page);
  await expect(local.getByTestId('route-label')).toHaveText('local tiny-chat: greeting');
  await expect(local.locator('.markdown')).toContainText('Hello from Tandem');
  await expect(local.getByTestId('message-saving')).toContainText('saved ~');
  expect(messageRequests(fake())).toHaveLength(0);

  await sendMessage(page, 'Write a Python function that reverses a linked list');
  const remote = await settledAnswer(page);
  await expect(remote.getByTestId('route-label')).toHaveText(/^Claude: code generation/);
  await expect(remote.getByTestId('route-label')).toHaveAttribute('data-target', 'claude');
  await expect(remote.locator('.markdown')).toHaveText(
    'Claude (fake) answer to: Write a Python function that reverses a linked list',
  );
  expect(messageRequests(fake())).toHaveLength(1);
  await expect(page.getByTestId('conversation-cost')).toContainText('1 local answer, saved');
});

test('local-only never calls Claude, even for code and with a key set', async ({ page }) => {
  await setUp(page, 'local-only');
  await sendMessage(page, 'Write code for a Python function that reverses a linked list');
  const answer = await settledAnswer(page);
  await expect(answer.getByTestId('route-label')).toHaveText(/^local tiny-chat: code generation/);
  expect((await answer.locator('.markdown').innerText()).trim()).toContain(CODE_SCRIPT.split('\n')[0]);
  // Even an explicit override cannot send it to Claude under local-only.
  await page.getByLabel('Next answer from').selectOption('claude');
  await sendMessage(page, 'hello');
  const second = await settledAnswer(page);
  await expect(second.getByTestId('route-label')).toContainText('strategy is local only');
  await expect(second.getByTestId('route-label')).toHaveAttribute('data-target', 'local');
  expect(messageRequests(fake())).toHaveLength(0);
});

test('claude-only sends even a greeting to Claude', async ({ page }) => {
  await setUp(page, 'claude-only');
  await sendMessage(page, 'hello');
  const answer = await settledAnswer(page);
  await expect(answer.getByTestId('route-label')).toHaveText('Claude: greeting');
  await expect(answer.locator('.markdown')).toHaveText('Claude (fake) answer to: hello');
  expect(messageRequests(fake())).toHaveLength(1);
});

test('per-message and per-conversation overrides beat the strategy and say so', async ({ page }) => {
  await setUp(page, 'hybrid');
  const next = page.getByLabel('Next answer from');
  await next.selectOption('claude');
  await sendMessage(page, 'hello');
  const first = await settledAnswer(page);
  await expect(first.getByTestId('route-label')).toHaveText(
    'Claude: greeting, you chose Claude for this message',
  );
  await expect(next).toHaveValue('auto'); // used once

  await sendMessage(page, 'hello again');
  const second = await settledAnswer(page);
  await expect(second.getByTestId('route-label')).toHaveText('local tiny-chat: greeting');

  await page.getByLabel('This conversation answers from').selectOption('claude');
  await sendMessage(page, 'hi');
  const third = await settledAnswer(page);
  await expect(third.getByTestId('route-label')).toHaveText(
    'Claude: greeting, you chose Claude for this conversation',
  );
  // Stored on the conversation: still chosen after a reload.
  await page.reload();
  await expect(page.getByLabel('This conversation answers from')).toHaveValue('claude');
  expect(messageRequests(fake())).toHaveLength(2);
});

test('local-first: a prompt longer than the local window (by its tokenizer) falls back to Claude with a notice', async ({
  page,
}) => {
  await setUp(page, 'local-first');
  // ~2,600 characters: the router's estimate (~650 tokens) fits the 2,048-token window, but the
  // test model's byte-level tokenizer counts about one token per character, so the local model
  // refuses it as a context overflow and Claude takes over.
  const prompt = `Please read this: ${'zq7 '.repeat(650)}`;
  await sendMessage(page, prompt);
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  // The badge names the model that really answered: Claude, as a fallback.
  await expect(answer.getByTestId('route-label')).toHaveAttribute('data-target', 'claude');
  await expect(answer.getByTestId('route-label')).toContainText('fallback');
  const notice = answer.getByTestId('answer-notice');
  await expect(notice).toHaveAttribute('data-kind', 'fallback');
  await expect(notice).toContainText(
    'tiny-chat could not answer: the conversation is longer than its context window. Answering with Claude instead.',
  );
  await expect(answer.locator('.markdown')).toHaveText(`Claude (fake) answer to: ${prompt.slice(0, 60)}`);
  await expect(answer.getByTestId('message-cost')).toBeVisible();
  expect(messageRequests(fake())).toHaveLength(1);
});

test('hybrid: Claude rejecting the key falls back to the local model with a notice', async ({ page }) => {
  await setUp(page, 'hybrid');
  fake().setScenario('401');
  await sendMessage(page, 'Write code for a Python function that reverses a linked list');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.getByTestId('answer-notice')).toContainText(
    'Claude rejected the API key; answered locally with tiny-chat instead. Check the key in Settings.',
  );
  expect((await answer.locator('.markdown').innerText()).trim()).toContain(CODE_SCRIPT.split('\n')[0]);
});

test('hybrid: an exhausted rate limit falls back to the local model with a notice', async ({ page }) => {
  await setUp(page, 'hybrid');
  fake().setScenario({ scenario: '429', retryAfter: 1 });
  await sendMessage(page, 'Write a Python function that reverses a linked list');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.getByTestId('answer-notice')).toContainText(
    "Claude's rate limit was reached; answered locally with tiny-chat instead.",
  );
  await expect(answer.locator('.markdown')).toContainText(DEFAULT_SCRIPT.split('\n')[0]!);
  expect(messageRequests(fake())).toHaveLength(3); // tried, retried twice, then gave up
});

test('hybrid offline: a code request is answered locally and the label says offline', async ({
  page,
  context,
}) => {
  await setUp(page, 'hybrid');
  await context.setOffline(true);
  await sendMessage(page, 'Write a Python function that reverses a linked list');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.getByTestId('route-label')).toHaveText('local tiny-chat: code generation, offline');
  expect(messageRequests(fake())).toHaveLength(0);
  await context.setOffline(false);
});

test('with Claude chosen for the next answer, a refused key fails visibly with the reason instead of a local answer', async ({
  page,
}) => {
  await setUpLocalModel(page);
  await configureClaude(page, fake().url, { strategy: 'hybrid', key: 'sk-ant-wrong-key-0000' });
  await expect(page.getByTestId('key-check')).toContainText('Key refused by Anthropic (401)');
  await page.goto('/#/chat');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready');
  await page.getByLabel('Next answer from').selectOption('claude');
  await sendMessage(page, 'hello');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'error');
  await expect(answer.getByRole('alert')).toContainText('Claude rejected the API key');
  await expect(answer.getByTestId('answer-notice')).toContainText(
    'You chose Claude for this answer, so the local model was not asked.',
  );
  await expect(answer.getByTestId('route-label')).toHaveAttribute('data-target', 'claude');
  await expect(answer).not.toContainText('Hello from Tandem');
  expect(messageRequests(fake()).map((r) => r.keyMatched)).toEqual([false]);
});
