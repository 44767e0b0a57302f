/**
 * The Evaluate configuration editor (issue 28, minor): a configuration built from scratch (one
 * local model of the test hub, two prompts, a contains check) is refused with the message by the
 * wrong field, survives a reload as a draft, saves as the current configuration and runs; the
 * downloaded JSON is the version-1 file and loads again through the file input; a loaded file
 * opens in the editor, as does a starter set. The disabled "Use starter set" button says why.
 */
import { expect, test } from './fixtures';
import { violations } from './axe-helpers';
import { downloadedText, expectEvaluationStatus, loadConfiguration, storedResponses } from './eval-helpers';
import {
  addAndLoadModel,
  chooseBackend,
  openSettingsAndSetHost,
  TEST_MODEL,
  waitForModelReady,
} from './helpers';

const NAME = 'Built in the editor';

test('the disabled starter button says why; a starter set in use opens in the editor', async ({ page }) => {
  await page.goto('/#/evaluate');
  await page.getByText('Or start from a built-in set').click();
  const use = page.getByRole('button', { name: 'Use starter set' });
  await expect(use).toBeDisabled();
  await expect(use).toHaveAccessibleDescription('Tick at least one model above to use a starter set.');
  await page.getByTestId('eval-config').getByRole('checkbox').first().check();
  await expect(use).toBeEnabled();
  await expect(use).toHaveAccessibleDescription('');
  await expect(page.getByTestId('starter-reason')).toHaveCount(0);

  // A starter set, once used, opens in the editor.
  await use.click();
  await expect(page.getByTestId('config-summary')).toContainText('Short factual questions (starter:');
  await page.getByRole('button', { name: 'Edit in the editor' }).click();
  const editor = page.getByTestId('config-editor');
  await expect(editor.getByLabel('Configuration name')).toHaveValue('Short factual questions');
  await expect(editor.getByLabel('Text of prompt 1 in sequence 2')).toHaveValue(
    'What is the chemical formula of water?',
  );
  await expect(editor.getByLabel(/^Value of check 1/)).toHaveValue('200');
  await expect(editor.getByLabel('Type of check 1')).toHaveValue('max-length');
});

test('build a configuration in the editor, keep it over a reload, save, run, download and re-import it', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  await addAndLoadModel(page, TEST_MODEL);
  await waitForModelReady(page);
  await page.goto('/#/evaluate');

  await page.getByRole('button', { name: 'New configuration in the editor' }).click();
  const editor = page.getByTestId('config-editor');
  await editor.getByLabel('Configuration name').fill(NAME);
  await editor.getByRole('checkbox', { name: TEST_MODEL }).check();
  await editor.getByLabel('Text of prompt 1 in sequence 1').fill('Say hello.');
  await editor.getByRole('button', { name: 'Add a prompt to sequence 1' }).click();

  // An empty prompt is refused by its field, and nothing is loaded.
  await editor.getByRole('button', { name: 'Save and use' }).click();
  const second = editor.getByLabel('Text of prompt 2 in sequence 1');
  await expect(second).toHaveAttribute('aria-invalid', 'true');
  await expect(second).toHaveAccessibleDescription(
    'sequences.0.prompts.1.text: a prompt text must not be empty',
  );
  await expect(page.getByTestId('config-summary')).toHaveCount(0);
  await second.fill('Say it again.');
  await expect(second).not.toHaveAttribute('aria-invalid', 'true');

  // A check: an empty value, then a bad regular expression, are refused by the value field.
  await editor.getByRole('button', { name: 'Add a check' }).click();
  const value = editor.getByLabel(/^Value of check 1/);
  await expect(value).toHaveAccessibleDescription('checks.0.value: a contains value must be non-empty text');
  await editor.getByLabel('Type of check 1').selectOption('regex');
  await value.fill('(');
  await expect(value).toHaveAccessibleDescription(/^checks\.0\.value: not a valid regular expression/);
  await editor.getByRole('button', { name: 'Save and use' }).click();
  await expect(page.getByTestId('config-summary')).toHaveCount(0);
  await editor.getByLabel('Type of check 1').selectOption('contains');
  await value.fill('e');
  await expect(editor.getByTestId('editor-error')).toHaveCount(0);
  expect(await violations(page)).toEqual([]);

  // Nothing typed is lost on a reload.
  await page.reload();
  await expect(editor.getByLabel('Configuration name')).toHaveValue(NAME);
  await expect(editor.getByLabel('Text of prompt 2 in sequence 1')).toHaveValue('Say it again.');
  await expect(editor.getByLabel(/^Value of check 1/)).toHaveValue('e');
  await expect(editor.getByRole('checkbox', { name: TEST_MODEL })).toBeChecked();

  await editor.getByRole('button', { name: 'Save and use' }).click();
  await expect(editor.getByTestId('editor-saved')).toHaveText(`Saved and loaded “${NAME}”.`);
  const summary = page.getByTestId('config-summary');
  await expect(summary).toContainText(`${NAME} (editor: ${NAME}): 1 models, 1 sequences, 1 runs`);

  const downloading = page.waitForEvent('download');
  await editor.getByRole('button', { name: 'Download JSON' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('Built-in-the-editor.eval.json');
  const json = await downloadedText(download);
  expect(JSON.parse(json)).toEqual({
    version: 1,
    name: NAME,
    models: [TEST_MODEL],
    sequences: [
      {
        name: 'Sequence 1',
        prompts: [
          { name: 'Prompt 1', text: 'Say hello.' },
          { name: 'Prompt 2', text: 'Say it again.' },
        ],
      },
    ],
    settings: { runs: 1, maxTokens: 256, temperature: 0.2 },
    checks: [{ type: 'contains', value: 'e' }],
  });

  await page.getByRole('button', { name: 'Run evaluation' }).click();
  await expectEvaluationStatus(page, 'done', 90_000);
  const stored = await storedResponses(page);
  expect(stored.map((r) => [r.model, r.status])).toEqual([
    [TEST_MODEL, 'ok'],
    [TEST_MODEL, 'ok'],
  ]);
  const passing = stored.filter((r) => r.text.includes('e')).length;
  const row = page.locator(`[data-testid="summary-row"][data-model="${TEST_MODEL}"]`);
  await expect(row.getByTestId('pass-rate')).toHaveText(`${Math.round((passing / 2) * 100)}%`);

  // The downloaded file loads through the file input; a loaded file opens in the editor.
  await editor.getByRole('button', { name: 'Discard draft and close' }).click();
  await expect(editor).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('eval-config')).toBeVisible();
  await expect(editor).toHaveCount(0);
  await loadConfiguration(page, json, 'downloaded.eval.json');
  await expect(summary).toContainText(`${NAME} (downloaded.eval.json): 1 models, 1 sequences`);
  await page.getByRole('button', { name: 'Edit in the editor' }).click();
  await expect(editor.getByLabel('Configuration name')).toHaveValue(NAME);
  await expect(editor.getByLabel('Text of prompt 1 in sequence 1')).toHaveValue('Say hello.');
});
