/**
 * Few-shot memory for the local model, asserted on what the chat worker was asked to generate
 * from (a test-only recorder of the page's worker calls): the curated example whose prompt is
 * near the new one goes before the conversation, the unrelated one does not, the answer lists
 * it, and with memory off the worker gets the conversation alone.
 */
import { expect, test } from './fixtures';
import { E2E_PROMPTS } from '../fixtures/feedback/prompts';
import { generateCalls, improve, openFeedback, rate, recordWorkerCalls } from './feedback-helpers';
import { FEEDBACK_ENCODER, sendMessage, setHealthModel, setUpLocalModel, settledAnswer } from './helpers';

const { capital, capitalNear, sailing } = E2E_PROMPTS;
const PARIS = 'Paris is the capital of France.';

test('few-shot memory puts the nearest curated example before the conversation, and can be turned off', async ({
  page,
}) => {
  await recordWorkerCalls(page);
  await setUpLocalModel(page);
  await setHealthModel(page, FEEDBACK_ENCODER);
  await page.goto('/#/chat');
  await sendMessage(page, capitalNear);
  await improve(await settledAnswer(page), { correction: PARIS });
  await sendMessage(page, sailing);
  await rate(await settledAnswer(page), 5);

  await openFeedback(page);
  await expect(page.getByTestId('curated-example')).toHaveCount(2);
  const floor = page.getByLabel('Lowest similarity');
  await floor.fill(String(E2E_PROMPTS.memoryFloor));
  await floor.press('Enter');
  await floor.blur();

  await page.goto('/#/chat');
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.getByTestId('message-user')).toHaveCount(0);
  const before = (await generateCalls(page)).length;
  await sendMessage(page, capital);
  const answer = await settledAnswer(page);
  const notice = answer.locator('[data-testid="answer-notice"][data-kind="memory"]');
  await expect(notice).toContainText('Few-shot memory: 1 curated example put before the conversation.');
  await notice.getByText('Examples used').click();
  await expect(notice.getByTestId('memory-example')).toHaveCount(1);
  await expect(notice.getByTestId('memory-example')).toContainText(capitalNear);

  const calls = await generateCalls(page);
  expect(calls).toHaveLength(before + 1);
  const sent = calls.at(-1)!.params.messages!;
  expect(sent.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
  expect(sent.slice(1)).toEqual([
    { role: 'user', content: capitalNear },
    { role: 'assistant', content: PARIS },
    { role: 'user', content: capital },
  ]);
  expect(JSON.stringify(sent)).not.toContain(sailing);

  // Off: the next answer gets the conversation alone and shows no examples.
  await page.goto('/#/feedback');
  await page.getByLabel('Few-shot memory for local models').uncheck();
  await page.goto('/#/chat');
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.getByTestId('message-user')).toHaveCount(0);
  await sendMessage(page, capital);
  const plain = await settledAnswer(page);
  await expect(plain.locator('[data-kind="memory"]')).toHaveCount(0);
  const last = (await generateCalls(page)).at(-1)!.params.messages!;
  expect(last.map((m) => m.role)).toEqual(['system', 'user']);
  expect(last[1]).toEqual({ role: 'user', content: capital });
});
