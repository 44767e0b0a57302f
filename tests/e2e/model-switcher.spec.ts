/**
 * The model switcher in the chat header (issue 28): the user sees which model answers and switches
 * among the models on this device and Claude from the chat, by keyboard too; the choice is the
 * conversation's, follows the strategy's rules and is said on each answer.
 */
import { expect, test } from './fixtures';
import { EVAL_MODEL, addAndLoadModel, sendMessage, setUpLocalModel, waitForModelReady } from './helpers';
import { configureClaude, messageRequests, settledAnswer, useFakeClaude } from './claude-helpers';

const fake = useFakeClaude();

test('a new chat answered by Claude, then by the local model, as chosen in the header', async ({ page }) => {
  await setUpLocalModel(page);
  await configureClaude(page, fake().url, { strategy: 'hybrid' });
  await page.goto('/#/chat');
  const switcher = page.getByRole('combobox', { name: 'Model for this conversation' });
  await expect(switcher.locator('option:checked')).toHaveText('Auto: by task');
  await expect(switcher.locator('option')).toHaveText(['Auto: by task', 'tiny-chat', /^Claude \(/]);

  // Chosen before the first question: the new conversation starts with it.
  await switcher.selectOption({ label: (await switcher.locator('option').nth(2).textContent()) ?? '' });
  await sendMessage(page, 'hello');
  const first = await settledAnswer(page);
  await expect(first.getByTestId('route-label')).toHaveText(
    'Claude: greeting, you chose Claude for this conversation',
  );
  expect(messageRequests(fake())).toHaveLength(1);

  // By keyboard: a code request stays on this device once tiny-chat is chosen.
  await switcher.focus();
  await switcher.press('ArrowUp');
  await expect(switcher.locator('option:checked')).toHaveText('tiny-chat');
  await sendMessage(page, 'Write a Python function that reverses a linked list');
  const second = await settledAnswer(page);
  await expect(second.getByTestId('route-label')).toHaveAttribute('data-target', 'local');
  await expect(second.getByTestId('route-label')).toContainText('you chose local for this conversation');
  expect(messageRequests(fake())).toHaveLength(1);

  // The choice is the conversation's (the routing controls agree), kept after a reload; Auto gives
  // the conversation back to the strategy.
  await expect(page.getByLabel('This conversation answers from')).toHaveValue('local');
  await page.reload();
  await expect(switcher.locator('option:checked')).toHaveText('tiny-chat');
  await switcher.selectOption('auto');
  await expect(switcher.locator('option:checked')).toHaveText('Auto: by task');
  await page.reload();
  await expect(switcher.locator('option:checked')).toHaveText('Auto: by task');
});

test('switching to another model on this device loads it; local only never offers Claude', async ({
  page,
}) => {
  await setUpLocalModel(page);
  await addAndLoadModel(page, EVAL_MODEL);
  await waitForModelReady(page);
  await configureClaude(page, fake().url, { strategy: 'local-only' });
  await page.goto('/#/chat');
  const switcher = page.getByRole('combobox', { name: 'Model for this conversation' });
  await expect(switcher.locator('option')).toHaveText([
    'Auto: this device only',
    'tiny-chat-eval',
    'tiny-chat',
  ]);

  await switcher.selectOption({ label: 'tiny-chat' });
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('model-status')).toContainText('tiny-chat (');
  await expect(page.getByTestId('model-status')).not.toContainText('tiny-chat-eval');
  await sendMessage(page, 'hello');
  const answer = await settledAnswer(page);
  await expect(answer.getByTestId('route-label')).toHaveText(/^local tiny-chat: greeting/);
  await expect(switcher.locator('option:checked')).toHaveText('tiny-chat');
  expect(messageRequests(fake())).toHaveLength(0);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  test('the switcher fits in the header', async ({ page }) => {
    await setUpLocalModel(page);
    await page.goto('/#/chat');
    const switcher = page.getByRole('combobox', { name: 'Model for this conversation' });
    await expect(switcher).toBeVisible();
    const box = await switcher.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
