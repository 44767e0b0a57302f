/**
 * Claude, complete (issue 16), against the fake Messages API server: refusals, extended
 * thinking streamed into a collapsed section and replayed in a tool round, x-should-retry,
 * the request id of a stream error, a stalled stream timing out with the partial answer and
 * Retry, and prompt caching lowering the billed input from the second turn on.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { sendMessage } from './helpers';
import { configureClaude, messageRequests, settledAnswer, useFakeClaude } from './claude-helpers';

const fake = useFakeClaude();

async function claudeOnlyChat(page: Page): Promise<void> {
  await configureClaude(page, fake().url, { strategy: 'claude-only' });
  await page.goto('/#/chat');
}

test('a refusal after some text keeps the text and says it was a refusal and what to do', async ({
  page,
}) => {
  await claudeOnlyChat(page);
  fake().setScenario({ scenario: 'refusal', times: 1 });
  await sendMessage(page, 'something Claude will not finish');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.locator('.markdown')).toHaveText('I can start on this, but');
  const notice = answer.getByTestId('answer-notice');
  await expect(notice).toHaveAttribute('data-kind', 'refusal');
  await expect(notice).toContainText('declined to continue');
  await expect(notice).toContainText('rephrase');
});

test('a refusal with no text shows the refusal instead of an empty answer', async ({ page }) => {
  await claudeOnlyChat(page);
  fake().setScenario({ scenario: 'refusal-empty', times: 1 });
  await sendMessage(page, 'something Claude will not answer');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.locator('.markdown')).toHaveText('');
  const notice = answer.getByTestId('answer-notice');
  await expect(notice).toHaveAttribute('data-kind', 'refusal');
  await expect(notice).toContainText('Claude declined to answer this request');
  await expect(notice).toContainText('local model');
});

test('extended thinking streams into a collapsed "Thinking" section and goes back signed in the tool round', async ({
  page,
}) => {
  await configureClaude(page, fake().url, { strategy: 'claude-only' });
  const section = page.getByTestId('claude-settings');
  await section.getByLabel('Extended thinking').check();
  await section.getByLabel('Thinking budget').fill('1500');
  await section.getByLabel('Thinking budget').blur();
  await page.goto('/#/chat');
  fake().setScenario({ scenario: 'slow', delayMs: 60 });
  await sendMessage(page, 'Please calculate 6*7');

  // While the answer streams, the thinking is already there, collapsed.
  const streaming = page.locator('[data-testid="message-assistant"][data-status="streaming"]');
  const liveThinking = streaming.getByTestId('thinking');
  await expect(liveThinking).toBeVisible();
  await expect(liveThinking).not.toHaveAttribute('open', '');
  await expect(liveThinking).toContainText('Thinking');

  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.locator('.markdown')).toContainText('used the tool result: 42');
  const thinking = answer.getByTestId('thinking');
  await expect(thinking.locator('p')).toBeHidden(); // collapsed
  await thinking.locator('summary').click();
  await expect(thinking.locator('p')).toHaveText(/^Thinking \(fake\) about Please calculate 6\*7\./);
  await expect(thinking.locator('p')).toContainText('Thinking (fake) about the tool result');

  const [first, second] = messageRequests(fake());
  expect(first!.body).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 1500 } });
  // The fake answers 400 unless the signed block comes back first and unchanged.
  const assistant = (second!.body as { messages: { role: string; content: { type: string }[] }[] })
    .messages[1]!;
  expect(assistant.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
  await page.reload();
  await expect(page.getByTestId('thinking').last()).toBeVisible();
});

test('x-should-retry: false on a 529 means exactly one request', async ({ page }) => {
  await claudeOnlyChat(page);
  fake().setScenario({ scenario: '529', shouldRetry: false });
  await sendMessage(page, 'hello while overloaded');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'error');
  await expect(answer.getByRole('alert')).toContainText('Claude is overloaded right now');
  expect(messageRequests(fake())).toHaveLength(1);
});

test('an error event after HTTP 200 keeps the response request id on the error', async ({ page }) => {
  await claudeOnlyChat(page);
  fake().setScenario('sse-error-after-200');
  await sendMessage(page, 'tell me about the ocean tides please');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'error');
  await expect(answer.getByTestId('request-id')).toContainText(/Request id: req_fake\d+/);
});

test('a stalled stream times out with the partial answer kept, and Retry gets a full one', async ({
  page,
}) => {
  await configureClaude(page, fake().url, { strategy: 'claude-only' });
  const idle = page.getByTestId('claude-settings').getByLabel('Idle timeout');
  await idle.fill('0.5');
  await idle.blur();
  await page.goto('/#/chat');
  fake().setScenario({ scenario: 'stall-mid-stream', times: 1 });
  await sendMessage(page, 'tell me about the moon');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'error');
  await expect(answer.getByRole('alert')).toContainText('Claude stopped sending for 0.5 s');
  await expect(answer.getByTestId('partial-mark')).toBeVisible();
  const full = 'Claude (fake) answer to: tell me about the moon';
  const partial = (await answer.locator('.markdown').innerText()).trim();
  expect(partial.length).toBeGreaterThan(0);
  expect(full.startsWith(partial) && partial.length < full.length).toBe(true);

  await answer.getByRole('button', { name: 'Retry' }).click();
  const retried = await settledAnswer(page);
  await expect(retried).toHaveAttribute('data-status', 'complete');
  await expect(retried.locator('.markdown')).toHaveText(full);
});

test('prompt caching: the second turn reads the first from the cache and is billed less input', async ({
  page,
}) => {
  fake().clearCache();
  await claudeOnlyChat(page);
  const pasted = 'Notes about gardening, tomatoes, compost and the spring weather in the valley. '.repeat(80);
  await sendMessage(page, pasted);
  const first = await settledAnswer(page);
  await expect(first).toHaveAttribute('data-status', 'complete');
  await expect(first.getByTestId('message-cache')).toContainText(/prompt cache: [1-9][\d,]* written, 0 read/);

  await sendMessage(page, 'What should I plant first?');
  const second = page.getByTestId('message-assistant').nth(1);
  await expect(second).toHaveAttribute('data-status', 'complete');
  await expect(second.getByTestId('message-cache')).toContainText(/, [1-9][\d,]* read/);

  // Billed input: what the API reported as uncached on turn 2 is a small part of the prompt.
  const requests = messageRequests(fake());
  expect(requests).toHaveLength(2);
  expect(JSON.stringify(requests[1]!.body)).toContain('cache_control');
  const text = (await second.getByTestId('message-cost').innerText()).trim();
  // Counts are shown with thousands separators ("1,620").
  const count = (s: string | undefined): number => Number((s ?? '').replaceAll(',', ''));
  const [, inputTokens] = /^([\d,]+) in/.exec(text) ?? [];
  const cacheText = await second.getByTestId('message-cache').innerText();
  const [, read] = /([\d,]+) read/.exec(cacheText) ?? [];
  expect(count(read)).toBeGreaterThan(count(inputTokens) * 0.8);

  await page.goto('/#/metrics');
  await expect(page.getByTestId('cache-totals')).toContainText(/read · saved \$0\.\d*[1-9]/);
});
