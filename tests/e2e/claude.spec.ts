/**
 * Claude with the user's own key, against a fake Messages API server: key entry and check,
 * answers, every error the API can give (with a clear message and nothing lost), retry after a
 * cut, offline, and tool use shown in the conversation. Strategy "Claude only" throughout, so no
 * local model is needed and no fallback hides an error.
 */
import { expect, test } from './fixtures';
import { sendMessage } from './helpers';
import { CLAUDE_KEY, configureClaude, messageRequests, settledAnswer, useFakeClaude } from './claude-helpers';

const fake = useFakeClaude();

test('the key field is masked, can be shown, and "Check key" tells a valid key from a rejected one', async ({
  page,
}) => {
  await configureClaude(page, fake().url, { key: null });
  const section = page.getByTestId('claude-settings');
  const input = section.getByLabel('Claude API key');
  await expect(input).toHaveAttribute('type', 'password');
  await input.fill('sk-ant-wrong-key');
  await section.getByRole('button', { name: 'Show' }).click();
  await expect(input).toHaveAttribute('type', 'text');
  await section.getByRole('button', { name: 'Hide' }).click();
  await expect(input).toHaveAttribute('type', 'password');

  await section.getByRole('button', { name: 'Check key' }).click();
  const status = section.getByTestId('key-check');
  await expect(status).toHaveAttribute('data-state', 'failed');
  await expect(status).toContainText('Key refused by Anthropic (401): invalid x-api-key');
  await expect(status).not.toContainText('sk-ant-wrong-key');

  await input.fill(CLAUDE_KEY);
  await section.getByRole('button', { name: 'Check key' }).click();
  await expect(status).toHaveAttribute('data-state', 'ok');
  await expect(status).toContainText('Key works');
  const checks = fake()
    .requests()
    .filter((r) => r.path.startsWith('/v1/models'));
  expect(checks.map((r) => r.keyMatched)).toEqual([false, true]);

  await section.getByRole('button', { name: 'Save key' }).click();
  await expect(section.getByTestId('key-status')).toContainText(`Key set (••••••••${CLAUDE_KEY.slice(-4)})`);
  await expect(section.getByTestId('key-status')).not.toContainText(CLAUDE_KEY);
});

test('claude-only answers from Claude, with the decision label and the cost of the message', async ({
  page,
}) => {
  await configureClaude(page, fake().url, { strategy: 'claude-only' });
  await page.goto('/#/chat');
  await sendMessage(page, 'hello there');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.locator('.markdown')).toHaveText('Claude (fake) answer to: hello there');
  await expect(answer.getByTestId('route-label')).toHaveText('Claude: greeting');
  await expect(answer.getByTestId('message-cost')).toContainText(/\d+ in \/ \d+ out · \$0\.\d+/);
  await expect(page.getByTestId('conversation-cost')).toContainText('This conversation: Claude $0.');
  const [sent] = messageRequests(fake());
  expect(sent?.keyMatched).toBe(true);
  expect(sent?.headers['anthropic-dangerous-direct-browser-access']).toBe('true');

  await page.goto('/#/metrics');
  await expect(page.getByTestId('total-cost')).toContainText('$0.');
});

test('saving a key checks it at once with one free request: a wrong key is refused with the reason, a good one works', async ({
  page,
}) => {
  await configureClaude(page, fake().url, { key: null });
  const section = page.getByTestId('claude-settings');
  const status = section.getByTestId('key-check');
  await section.getByLabel('Claude API key').fill('sk-ant-wrong-key');
  await section.getByRole('button', { name: 'Save key' }).click();
  await expect(status).toHaveAttribute('data-state', 'failed');
  await expect(status).toHaveText(
    'Key refused by Anthropic (401): invalid x-api-key. Check that it was copied whole from the Anthropic Console.',
  );
  await expect(status).not.toContainText('sk-ant-wrong-key');
  const models = () =>
    fake()
      .requests()
      .filter((r) => r.path === '/v1/models');
  expect(models().map((r) => [r.method, r.keyMatched])).toEqual([['GET', false]]);

  await section.getByLabel('Claude API key').fill(CLAUDE_KEY);
  await section.getByRole('button', { name: 'Save key' }).click();
  await expect(status).toHaveAttribute('data-state', 'ok');
  await expect(status).toHaveText('Key works: Anthropic accepted it.');
  expect(models().map((r) => r.keyMatched)).toEqual([false, true]);
  // The check is the list of models only: no message (no tokens) was sent.
  expect(messageRequests(fake())).toEqual([]);
});

const ERRORS = [
  { scenario: '401', text: 'Claude rejected the API key. Check it in Settings.' },
  { scenario: '403', text: 'This API key is not allowed to do that' },
  { scenario: '400', text: 'Claude could not accept this request' },
  { scenario: '413', text: 'This conversation is too large for Claude' },
] as const;

for (const { scenario, text } of ERRORS) {
  test(`a ${scenario} from Claude shows "${text}", keeps the question, and Retry works once fixed`, async ({
    page,
  }) => {
    await configureClaude(page, fake().url, { strategy: 'claude-only' });
    await page.goto('/#/chat');
    fake().setScenario(scenario);
    await sendMessage(page, 'Write a haiku about rain');
    const answer = await settledAnswer(page);
    await expect(answer).toHaveAttribute('data-status', 'error');
    await expect(answer.getByRole('alert')).toContainText(text);
    await expect(answer).not.toContainText(CLAUDE_KEY);
    await expect(page.getByTestId('message-user').last()).toHaveText(/Write a haiku about rain/);
    expect(messageRequests(fake())).toHaveLength(1); // not retryable: asked once

    fake().setScenario('ok');
    await answer.getByRole('button', { name: 'Retry' }).click();
    const retried = await settledAnswer(page);
    await expect(retried).toHaveAttribute('data-status', 'complete');
    await expect(retried.locator('.markdown')).toHaveText(
      'Claude (fake) answer to: Write a haiku about rain',
    );
  });
}

test('a 429 with retry-after is waited out and then answered', async ({ page }) => {
  await configureClaude(page, fake().url, { strategy: 'claude-only' });
  await page.goto('/#/chat');
  fake().setScenario({ scenario: '429', times: 1, retryAfter: 1 });
  await sendMessage(page, 'hello after a rate limit');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.locator('.markdown')).toHaveText('Claude (fake) answer to: hello after a rate limit');
  const sent = messageRequests(fake());
  expect(sent).toHaveLength(2);
  expect(sent[1]!.time - sent[0]!.time).toBeGreaterThanOrEqual(900); // honoured retry-after: 1
});

test('529 overloaded is retried with backoff, then reported clearly', async ({ page }) => {
  await configureClaude(page, fake().url, { strategy: 'claude-only' });
  await page.goto('/#/chat');
  fake().setScenario('529');
  await sendMessage(page, 'hello while overloaded');
  // While it waits (1 s, then 2 s) the answer says so, not a plain "answering…".
  const streaming = page.getByTestId('message-assistant').last();
  await expect(streaming.getByTestId('answer-notice').first()).toContainText(
    /^Claude is overloaded, retrying \([23] of 3\)…/,
  );
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'error');
  await expect(answer.getByRole('alert')).toContainText('Claude is overloaded right now');
  // The wait's one notice, now in the past tense: nothing says it is still retrying.
  await expect(answer.getByTestId('answer-notice').first()).toHaveText(
    'Claude was still overloaded after 2 retries.',
  );
  await expect(answer).not.toContainText('retrying');
  expect(messageRequests(fake())).toHaveLength(3); // first try + 2 retries
});

test('an SSE error event after a 200 keeps the partial answer and marks it', async ({ page }) => {
  await configureClaude(page, fake().url, { strategy: 'claude-only' });
  await page.goto('/#/chat');
  fake().setScenario('sse-error-after-200');
  await sendMessage(page, 'tell me about the ocean tides please');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'error');
  await expect(answer.locator('.markdown')).toHaveText('Claude (fake) answer');
  await expect(answer.getByTestId('partial-mark')).toBeVisible();
  await expect(answer.getByRole('alert')).toContainText('Claude is overloaded');
});

test('a connection cut mid-stream keeps the partial answer, marks it, and Retry gets a full one', async ({
  page,
}) => {
  // Remembered on this device, so the key survives the reload below.
  await configureClaude(page, fake().url, { strategy: 'claude-only', storage: 'device' });
  await page.goto('/#/chat');
  fake().setScenario({ scenario: 'cut-mid-stream', times: 1, holdCut: true });
  await sendMessage(page, 'tell me about the moon');
  // The server sends three deltas and holds the stream until the test has seen them on screen:
  // a cut right away could reset the socket before the browser read them.
  const partial = 'Claude (fake) answer';
  const streaming = page.getByTestId('message-assistant').last();
  await expect(streaming.locator('.markdown')).toHaveText(partial);
  fake().cutStreams();
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'error');
  // Exactly what arrived before the cut is kept.
  const full = 'Claude (fake) answer to: tell me about the moon';
  await expect(answer.locator('.markdown')).toHaveText(partial);
  await expect(answer.getByTestId('partial-mark')).toBeVisible();
  await expect(answer.getByRole('alert')).toContainText('lost in the middle of the answer');
  // Kept after a reload too.
  await page.reload();
  const reloaded = await settledAnswer(page);
  expect((await reloaded.locator('.markdown').innerText()).trim()).toBe(partial);

  await reloaded.getByRole('button', { name: 'Retry' }).click();
  const retried = await settledAnswer(page);
  await expect(retried).toHaveAttribute('data-status', 'complete');
  await expect(retried.locator('.markdown')).toHaveText(full);
});

test('offline: Claude is not called and the message says what to do', async ({ page, context }) => {
  await configureClaude(page, fake().url, { strategy: 'claude-only' });
  await page.goto('/#/chat');
  await context.setOffline(true);
  await sendMessage(page, 'hello while offline');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'error');
  await expect(answer.getByRole('alert')).toContainText('offline');
  await expect(page.getByTestId('message-user').last()).toHaveText(/hello while offline/);
  expect(messageRequests(fake())).toHaveLength(0);
  await context.setOffline(false);
});

test('tool use: the calculator call and its result are shown in the conversation', async ({ page }) => {
  await configureClaude(page, fake().url, { strategy: 'claude-only' });
  await page.goto('/#/chat');
  await sendMessage(page, 'Please calculate 12*(3+4)');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  const event = answer.getByTestId('tool-event');
  await expect(event).toHaveAttribute('data-tool', 'calculator');
  await expect(event).toContainText('12*(3+4)');
  await expect(event).toContainText('84');
  await expect(answer.locator('.markdown')).toContainText('used the tool result: 84');
  const sent = messageRequests(fake());
  expect(sent).toHaveLength(2);
  expect(JSON.stringify(sent[1]!.body)).toContain('tool_result');
  // Stored with the message: still there after a reload.
  await page.reload();
  await expect(page.getByTestId('tool-event')).toContainText('84');
});

test("tool use: Claude searches the user's own conversation history and the result is shown", async ({
  page,
}) => {
  await configureClaude(page, fake().url, { strategy: 'claude-only' });
  await page.goto('/#/chat');
  await sendMessage(page, 'Plan a trip to Lisbon');
  await expect(await settledAnswer(page)).toHaveAttribute('data-status', 'complete');
  await page.getByRole('button', { name: /new chat/i }).click();
  // The new, empty conversation is open before the next message is typed.
  await expect(page.getByTestId('message-user')).toHaveCount(0);
  await sendMessage(page, 'search my history for Lisbon');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  const event = answer.getByTestId('tool-event');
  await expect(event).toHaveAttribute('data-tool', 'search_history');
  await expect(event).toContainText('Plan a trip to Lisbon');
  await expect(answer.locator('.markdown')).toContainText('used the tool result');
});

test('context compression before a paid call sends less and shows the tokens saved', async ({ page }) => {
  await configureClaude(page, fake().url, { strategy: 'claude-only' });
  await page.getByTestId('claude-settings').getByLabel('Compress context').check();
  await page.goto('/#/chat');
  const pasted = 'Notes about gardening, tomatoes, compost and the spring weather in the valley. '.repeat(
    120,
  );
  await sendMessage(page, pasted);
  await expect(await settledAnswer(page)).toHaveAttribute('data-status', 'complete');
  await sendMessage(page, 'What is the capital of France?');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  const notice = answer.getByTestId('answer-notice');
  await expect(notice).toHaveAttribute('data-kind', 'compression');
  await expect(notice).toContainText(/Context compressed before sending: [\d,]+ tokens saved/);
  const [first, second] = messageRequests(fake());
  // The second request carries the new question but not the whole pasted text again.
  expect(JSON.stringify(second!.body)).toContain('What is the capital of France?');
  expect(JSON.stringify(second!.body).length).toBeLessThan(JSON.stringify(first!.body).length);
});
