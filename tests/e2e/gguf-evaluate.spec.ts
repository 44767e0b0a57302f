/** A GGUF model in the Evaluate workbench: the real stories260K model answers its greedy continuation. */
import { expect, test } from './fixtures';
import { STORIES_FILE, STORIES_REPO } from '../fixtures/models/gguf-fixtures';
import { expectEvaluationStatus, loadConfiguration, storedResponses } from './eval-helpers';
import { GREEDY_CONTINUATION } from './gguf-helpers';
import { openSettingsAndSetHost } from './helpers';

const MODEL = `gguf:${STORIES_REPO}/${STORIES_FILE}`;

test('an evaluation runs a GGUF model (by repo and file) and stores its greedy answer', async ({ page }) => {
  await openSettingsAndSetHost(page);
  await page.goto('/#/evaluate');
  await loadConfiguration(page, {
    version: 1,
    name: 'GGUF e2e',
    models: [MODEL],
    sequences: [{ name: 'Story', prompts: [{ name: 'Start', text: 'Once upon a time' }] }],
    settings: { runs: 1, maxTokens: 32, temperature: 0, systemPrompt: '' },
  });
  await expect(page.getByTestId('config-summary')).toContainText('GGUF e2e');
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  await expectEvaluationStatus(page, 'done', 90_000);
  const responses = await storedResponses(page);
  expect(responses).toHaveLength(1);
  // The story goes on past 32 tokens: the answer is recorded as cut at the limit, not as finished.
  expect(responses[0]).toMatchObject({ model: MODEL, status: 'cut' });
  expect(responses[0]!.text).toContain(GREEDY_CONTINUATION);
});
