/**
 * The hostile probe of issue 29 as a repeatable suite: hostile HTML, `javascript:` links and
 * event handlers written straight into IndexedDB in every shown text field (titles, model ids,
 * feedback, evaluation and prompt names, rubric, judge reasons, error messages, …) run nothing
 * on any page; and the Claude key is in none of the files the app exports.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { CLAUDE_KEY, configureClaude, useFakeClaude } from './claude-helpers';
import { domDamage, hostileRecords, NO_DAMAGE, PAYLOADS, seedHostile } from './hostile-helpers';
import { readStore } from './storage-helpers';
import { loadConfiguration } from './eval-helpers';

const FIELDS = hostileRecords('', 0, 0).reduce((n, s) => n + s.fields.length, 0);
const PLACEMENTS = PAYLOADS.length * FIELDS;

/** Dialogs the page opened (an `alert` from a payload would be one). */
function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return dialogs;
}

async function expectInert(page: Page, where: string, dialogs: string[]): Promise<void> {
  expect(await domDamage(page), where).toEqual(NO_DAMAGE);
  expect(dialogs, where).toEqual([]);
}

test(`${PAYLOADS.length} payloads × ${FIELDS} fields (${PLACEMENTS} hostile values) in storage run nothing on any page`, async ({
  page,
}) => {
  test.setTimeout(90_000);
  expect(FIELDS).toBeGreaterThanOrEqual(20);
  const dialogs = watchDialogs(page);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'New chat' })).toBeVisible();
  const seeded = await seedHostile(page);
  expect(seeded).toEqual({ fields: FIELDS, placements: PLACEMENTS });
  await page.reload();

  // Chat: every conversation opened, its title in the list shown as text.
  for (const [i, p] of PAYLOADS.entries()) {
    const title = page.locator(`[data-conversation-id="c_hostile_${i}"] button.title`);
    await expect(title).toHaveText(p);
    await title.click();
    await expect(title).toHaveAttribute('aria-current', 'true');
    await expect(page.getByTestId('message-user')).toHaveCount(1);
    await expect(page.getByTestId('message-assistant')).toHaveCount(2);
    await expectInert(page, `chat, conversation ${i}`, dialogs);
  }
  // The set-aside records' notice names their store, key and reason as text.
  await expect(page.getByText(`Tandem set aside ${PAYLOADS.length} damaged records`)).toBeVisible();
  await expectInert(page, 'the set-aside notice', dialogs);

  // Evaluate: every evaluation selected and its answers opened.
  await page.goto('/#/evaluate');
  // (one plain and one imported from promptfoo per payload).
  const items = page.getByTestId('evaluation-item');
  await expect(items).toHaveCount(2 * PAYLOADS.length);
  for (let i = 0; i < 2 * PAYLOADS.length; i++) {
    const select = items.nth(i).locator('button').first();
    await select.click();
    await expect(select).toHaveAttribute('aria-pressed', 'true');
    const name = (await select.textContent())!.trim().replace(/ \(promptfoo\)$/, '');
    await expect(page.getByTestId('results-matrix').locator('thead')).toContainText(`${name} model`);
    const answer = page.getByTestId('matrix-cell').locator('details.answer').first();
    await answer.locator('summary').click();
    await expect(answer).toHaveAttribute('open', '');
    await expectInert(page, `evaluate, evaluation ${i}`, dialogs);
  }
  for (const p of PAYLOADS) await expect(items.filter({ hasText: p })).toHaveCount(2);

  const pages: [string, string][] = [
    ['models', 'main.models-page'],
    ['feedback', '[data-testid="curated-list"]'],
    ['metrics', '[data-testid="metrics-table"]'],
    ['settings', 'main.settings-page'],
    ['chat', 'main.chat-main'],
  ];
  for (const [route, shown] of pages) {
    await page.goto(`/#/${route}`);
    await expect(page.locator(shown)).toBeVisible();
    if (route === 'metrics') await expect(page.locator(shown)).toContainText(PAYLOADS[0]);
    if (route === 'feedback') await expect(page.locator('main')).toContainText(PAYLOADS[1]);
    await expectInert(page, route, dialogs);
  }

  // Every seeded record was read as valid: only the eight seeded set-aside records are set aside.
  expect(await readStore(page, 'quarantine')).toHaveLength(PAYLOADS.length);

  // The detector is not blind: markup that did reach the DOM (inert here: never clicked) is seen.
  await page.evaluate(() => {
    const link = document.createElement('a');
    link.id = 'probe-self-test';
    link.setAttribute('href', 'javascript:void 0');
    link.setAttribute('onprobe', 'void 0'); // an on… attribute no browser runs
    document.body.append(link);
  });
  expect(await domDamage(page)).toMatchObject({ handlers: 1, jsUrls: 1 });
  await page.evaluate(() => document.getElementById('probe-self-test')?.remove());
});

const fake = useFakeClaude();
const CONFIG = {
  version: 1,
  name: 'Key probe',
  models: ['claude:claude-fake-eval'],
  sequences: [{ name: 'One', prompts: [{ name: 'Hi', text: 'Say hi.' }] }],
  settings: { runs: 1, maxTokens: 16, temperature: 0 },
};
/** Every file the app exports but one: the raw dump, offered only when the database cannot open. */
const EXPORTS = [
  'Export this chat: Markdown (.md)',
  'Export this chat: JSON (.json)',
  'Export all data',
  'Export as JSON',
  'Export as Markdown',
  'Export it (set-aside records)',
  'Metrics CSV',
  'Metrics JSON',
  'Export training file (JSONL)',
  'Export preference pairs (JSONL)',
  'Export results (JSON)',
  'Export results (CSV)',
  'Export results (promptfoo JSON)',
  'Save configuration',
];

test(`the Claude key is in none of the ${EXPORTS.length} exported files, nor in any page`, async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'New chat' })).toBeVisible();
  await seedHostile(page);
  await page.reload();
  // Remembered on this device: the key is in IndexedDB, next to everything that is exported.
  await configureClaude(page, fake().url, { storage: 'device' });
  expect(JSON.stringify(await readStore(page, 'kv'))).toContain(CLAUDE_KEY);
  const files: { button: string; name: string; text: string }[] = [];
  const save = async (button: string, click: () => Promise<void>): Promise<void> => {
    const downloading = page.waitForEvent('download');
    await click();
    const download = await downloading;
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    files.push({ button, name: download.suggestedFilename(), text: await readFile(path, 'utf8') });
  };
  const press = (name: string) => () => page.getByRole('button', { name, exact: true }).click();
  const pagesSeen: string[] = [];
  /** Opens a page and checks the key is nowhere in its DOM (attributes and input values included). */
  const visit = async (route: string, shown: string): Promise<void> => {
    await page.goto(`/#/${route}`);
    await expect(page.locator(shown).first()).toBeVisible();
    const dom = await page.evaluate(
      () =>
        document.documentElement.outerHTML +
        [...document.querySelectorAll('input, textarea')]
          .map((e) => (e as HTMLInputElement).value)
          .join('\n'),
    );
    expect(dom, route).not.toContain(CLAUDE_KEY);
    pagesSeen.push(route);
  };

  await visit('chat', 'main.chat-main');
  await page.locator('[data-conversation-id="c_hostile_0"] button.title').click();
  for (const format of ['Markdown (.md)', 'JSON (.json)']) {
    await page.getByLabel('Export this chat').click();
    await save(`Export this chat: ${format}`, press(format));
  }
  await visit('models', 'main.models-page');
  await visit('settings', 'main.settings-page');
  await save('Export all data', press('Export all data'));
  await page.getByLabel('Conversation to export').selectOption('c_hostile_0');
  await save('Export as JSON', press('Export as JSON'));
  await save('Export as Markdown', press('Export as Markdown'));
  await save('Export it (set-aside records)', press('Export it'));

  await visit('metrics', '[data-testid="metrics-table"]');
  await page.getByTestId('export-text').check();
  await save('Metrics CSV', () => page.getByTestId('export-csv').click());
  await save('Metrics JSON', () => page.getByTestId('export-json').click());

  await visit('feedback', '[data-testid="curated-list"]');
  await save('Export training file (JSONL)', press('Export training file (JSONL)'));
  await save('Export preference pairs (JSONL)', press('Export preference pairs (JSONL)'));

  await visit('evaluate', '[data-testid="evaluation-item"]');
  const imported = page.getByTestId('evaluation-item').filter({ hasText: '(promptfoo)' }).first();
  await imported.locator('button').first().click();
  await expect(imported.locator('button').first()).toHaveAttribute('aria-pressed', 'true');
  await save('Export results (JSON)', press('Export results (JSON)'));
  await save('Export results (CSV)', press('Export results (CSV)'));
  await save('Export results (promptfoo JSON)', press('Export results (promptfoo JSON)'));
  await loadConfiguration(page, CONFIG);
  await expect(page.getByTestId('config-summary')).toContainText(CONFIG.name);
  await save('Save configuration', press('Save configuration'));

  expect(files.map((f) => f.button)).toEqual(EXPORTS);
  expect(pagesSeen).toEqual(['chat', 'models', 'settings', 'metrics', 'feedback', 'evaluate']);
  const key = CLAUDE_KEY;
  expect(key.length).toBeGreaterThan(10);
  for (const f of files) {
    // Each file holds the seeded data (so the search means something), and never the key.
    expect(f.text.length, f.name).toBeGreaterThan(50);
    expect(f.text, `${f.button}: ${f.name}`).not.toContain(key);
    expect(f.text, `${f.button}: ${f.name}`).not.toContain(key.slice(-12));
  }
});
