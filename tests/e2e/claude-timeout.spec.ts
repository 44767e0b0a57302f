/**
 * The first-byte timeout (issue 16), against the fake Messages API server holding back its
 * response headers: each attempt gives up after the timeout set in Settings, the client retries
 * as for any retryable failure, and the answer ends with a retryable timeout error whose Retry
 * gets a full answer once the server answers again.
 */
import { expect, test } from './fixtures';
import { sendMessage } from './helpers';
import { configureClaude, messageRequests, settledAnswer, useFakeClaude } from './claude-helpers';

const fake = useFakeClaude();

test('a server that never sends its headers times out after the first-byte timeout; Retry gets the answer', async ({
  page,
}) => {
  await configureClaude(page, fake().url, { strategy: 'claude-only' });
  const firstByte = page.getByTestId('claude-settings').getByLabel('First-byte timeout');
  await firstByte.fill('0.5');
  await firstByte.blur();
  await page.goto('/#/chat');
  // Every attempt of this message is held before the headers (the client tries 3 times).
  fake().setScenario({ scenario: 'stall-before-headers', times: 3 });
  const started = Date.now();
  await sendMessage(page, 'what is the tallest mountain?');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'error');
  await expect(answer.getByRole('alert')).toContainText('Claude did not start answering within 0.5 s');
  await expect(answer.getByRole('alert')).toContainText('raise the timeout in Settings');
  // It gave up by itself, long before anyone would press Stop (3 attempts of 0.5 s plus back-off).
  expect(Date.now() - started).toBeLessThan(30_000);
  expect(messageRequests(fake())).toHaveLength(3);

  await answer.getByRole('button', { name: 'Retry' }).click();
  const retried = await settledAnswer(page);
  await expect(retried).toHaveAttribute('data-status', 'complete');
  await expect(retried.locator('.markdown')).toHaveText(
    'Claude (fake) answer to: what is the tallest mountain?',
  );
  expect(messageRequests(fake())).toHaveLength(4);
});
