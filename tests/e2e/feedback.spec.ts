/**
 * Feedback on answers in real Chromium with the scripted test model and the generated sentence
 * encoder: rate (keyboard), comment and correct; the Feedback page's curated set merges a near
 * duplicate and leaves out a low rating; the training export has the exact line shape with the
 * correction and no key; the preference file pairs a regeneration and a correction; deleting
 * the conversation asks whether to keep its feedback.
 */
import { expect, test } from './fixtures';
import { E2E_PROMPTS } from '../fixtures/feedback/prompts';
import { DEFAULT_SCRIPT } from '../fixtures/models/scripts';
import { CLAUDE_KEY, configureClaude, useFakeClaude } from './claude-helpers';
import { download, improve, openFeedback, rate } from './feedback-helpers';
import {
  FEEDBACK_ENCODER,
  TEST_MODEL,
  sendMessage,
  setHealthModel,
  setMaxTokens,
  setUpLocalModel,
  settledAnswer,
} from './helpers';

const fake = useFakeClaude();
const { capital, capitalNear, sailing, everest } = E2E_PROMPTS;
const CORRECTION = 'Mount Everest is 8,849 m tall.';

test('rate, comment and correct; curate, export and pair; deleting asks about the feedback', async ({
  page,
}) => {
  await setUpLocalModel(page);
  await setHealthModel(page, FEEDBACK_ENCODER);
  // A key in this session: it must never reach an export.
  await configureClaude(page, fake().url, { strategy: 'local-only' });
  await page.goto('/#/chat');

  await sendMessage(page, capital);
  let answer = await settledAnswer(page);
  await rate(answer, 5);
  await improve(answer, { comment: 'Right, but long.' });

  await sendMessage(page, capitalNear);
  await rate(await settledAnswer(page), 4);

  await sendMessage(page, sailing);
  await rate(await settledAnswer(page), 2);
  // Regenerated under a smaller limit: another answer to the same prompt, rated higher.
  await setMaxTokens(page, 6);
  await page.getByTestId('message-assistant').last().getByRole('button', { name: 'Regenerate' }).click();
  answer = await settledAnswer(page);
  await expect(answer.getByTestId('cut-mark')).toBeVisible();
  const shortAnswer = (await answer.locator('.markdown').innerText()).trim();
  await rate(answer, 4);
  await setMaxTokens(page, 512);

  await sendMessage(page, everest);
  answer = await settledAnswer(page);
  await improve(answer, { correction: CORRECTION });
  await expect(answer.getByTestId('feedback-toggle')).toHaveText('Improved…');

  await openFeedback(page);
  await expect(page.getByTestId('curated-example')).toHaveCount(3);
  await expect(page.getByTestId('curated-list')).toContainText(capital);
  await expect(page.getByTestId('curated-list')).not.toContainText(capitalNear);
  await expect(page.getByTestId('curated-example').filter({ hasText: everest })).toHaveAttribute(
    'data-source',
    'corrected',
  );
  await expect(page.getByTestId('curated-summary')).toContainText(
    'left out: 1 rated lower, 0 flagged, 1 duplicate merged',
  );
  await page.getByTestId('merged').getByText('Merged duplicates (1)').click();
  await expect(page.getByTestId('merged-item')).toHaveText(
    new RegExp(
      `“${capitalNear}” merged into “${capital.replace('?', '\\?')}” \\(similarity 0\\.9[5-9]\\d\\)`,
    ),
  );
  // One name per model: the card's name, the same on every page (not "tiny-chat (CPU (WASM))").
  await expect(page.getByTestId('progress')).toHaveText('3 of 50 examples for tiny-chat');
  const counts = page.getByTestId('rating-counts').locator(`tr[data-model="custom:${TEST_MODEL}"]`);
  await expect(counts.locator('td').first()).toHaveText('tiny-chat');
  await expect(counts.locator('td[data-rating="5"]')).toHaveText('1');
  await expect(counts.locator('td[data-rating="4"]')).toHaveText('2');
  await expect(counts.locator('td[data-rating="2"]')).toHaveText('1');
  await expect(counts.locator('td[data-rating="0"]')).toHaveText('1');

  const training = await download(page, 'Export training file (JSONL)');
  expect(training.name).toMatch(/^tandem-finetune-\d{4}-\d\d-\d\d\.jsonl$/);
  expect(training.text).not.toContain(CLAUDE_KEY);
  const lines = training.text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines).toHaveLength(3);
  for (const line of lines) {
    expect(Object.keys(line)).toEqual(['messages', 'model', 'rating', 'source']);
    expect(line.model).toBe(`custom:${TEST_MODEL}`);
    for (const m of line.messages as Record<string, unknown>[]) {
      expect(Object.keys(m)).toEqual(['role', 'content']);
      expect(['system', 'user', 'assistant']).toContain(m.role);
    }
  }
  const corrected = lines.find((l) => l.source === 'corrected')!;
  const messages = corrected.messages as { role: string; content: string }[];
  expect(messages.at(-1)).toEqual({ role: 'assistant', content: CORRECTION });
  expect(messages.at(-2)).toEqual({ role: 'user', content: everest });
  expect(corrected.rating).toBeNull();
  // The conversation up to the rated answer: the earlier turns, never later ones.
  const rated = lines.find((l) => (l.messages as { content: string }[]).at(-2)?.content === capital)!;
  expect(rated).toMatchObject({ rating: 5, source: 'rated' });
  expect((rated.messages as { role: string }[]).map((m) => m.role)).toEqual(['system', 'user', 'assistant']);

  const preferences = await download(page, 'Export preference pairs (JSONL)');
  expect(preferences.text).not.toContain(CLAUDE_KEY);
  const pairs = preferences.text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, string>);
  for (const pair of pairs) expect(Object.keys(pair)).toEqual(['prompt', 'chosen', 'rejected']);
  expect(pairs).toHaveLength(2);
  expect(pairs).toContainEqual({ prompt: everest, chosen: CORRECTION, rejected: DEFAULT_SCRIPT });
  expect(pairs).toContainEqual({ prompt: sailing, chosen: shortAnswer, rejected: DEFAULT_SCRIPT });

  // Deleting the conversation asks whether its feedback stays in the dataset.
  await page.goto('/#/chat');
  await page
    .getByTestId('conversation-item')
    .first()
    .getByRole('button', { name: /delete/i })
    .click();
  const question = page.getByText(/Keep the feedback on 5 answers of .* in your dataset\?/);
  await expect(question).toBeVisible();
  await page.getByRole('button', { name: 'Remove feedback' }).click();
  await openFeedback(page);
  await expect(page.getByTestId('progress-empty')).toBeVisible();
  await expect(page.getByTestId('curated-example')).toHaveCount(0);
});
