/**
 * The GGUF engine (llama.cpp through wllama) on the real trained stories260K model, in the real
 * app: added through "Add a GGUF model", downloaded from the local hub into IndexedDB, answering at
 * temperature 0 with its own greedy continuation. Also: Stop, a truncated file, an architecture
 * llama.cpp does not know, and a LoRA adapter generated for the model.
 */
import { expect, test } from './fixtures';
import { GREEDY_CONTINUATION, loadGguf, readyInChat, setGeneration } from './gguf-helpers';
import {
  STORIES_FILE,
  STORIES_LORA_FILE,
  STORIES_LORA_REPO,
  STORIES_REPO,
  SPLIT_FILES,
  SPLIT_REPO,
  STORIES_TRUNCATED_FILE,
  STORIES_TRUNCATED_REPO,
  UNKNOWN_ARCH_FILE,
  UNKNOWN_ARCH_REPO,
} from '../fixtures/models/gguf-fixtures';
import { lastAnswer, openSettingsAndSetHost, sendMessage, settledAnswer } from './helpers';

test('the real stories260K GGUF model continues "Once upon a time" with its greedy text', async ({
  page,
}) => {
  await openSettingsAndSetHost(page);
  await setGeneration(page, 0, 32);
  const card = await loadGguf(page, STORIES_REPO, STORIES_FILE);
  // Per-file progress while it downloads, then the engine's facts once it is ready.
  await expect(card.getByTestId('load-info')).toBeVisible({ timeout: 60_000 });
  await expect(card.getByTestId('load-info')).toHaveAttribute('data-downloaded', '1');
  await expect(card.getByTestId('load-info')).toContainText('llama.cpp, CPU');
  // No chat template in the file: a text-completion model, and the card says so.
  await expect(card.getByTestId('gguf-mode')).toHaveAttribute('data-mode', 'completion');

  await readyInChat(page);
  await expect(page.getByTestId('model-status')).toContainText('llama.cpp');
  await sendMessage(page, 'Once upon a time');
  expect(await lastAnswer(page)).toContain(GREEDY_CONTINUATION);
  const answer = page.getByTestId('message-assistant').last();
  await expect(answer.getByTestId('timings')).toContainText('tok/s');

  // Reloaded, it loads from IndexedDB by itself (nothing downloaded) and answers the same.
  await page.reload();
  await readyInChat(page);
  await page.getByRole('button', { name: 'New chat' }).click();
  await sendMessage(page, 'Once upon a time');
  expect(await lastAnswer(page)).toContain(GREEDY_CONTINUATION);
  await page.goto('/#/models');
  const again = page.locator(`[data-testid="gguf-entry"][data-model="gguf:${STORIES_REPO}/${STORIES_FILE}"]`);
  await expect(again.getByTestId('load-info')).toHaveAttribute('data-downloaded', '0');
});

test('Stop ends a GGUF answer at once and keeps what it wrote', async ({ page }) => {
  await openSettingsAndSetHost(page);
  await setGeneration(page, 0, 1500);
  await loadGguf(page, STORIES_REPO, STORIES_FILE);
  await readyInChat(page);
  await sendMessage(page, 'Once upon a time');
  const answer = page.getByTestId('message-assistant').last();
  await expect(answer).toContainText('Lily', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(answer).toHaveAttribute('data-status', 'stopped', { timeout: 5_000 });
  const partial = (await answer.locator('.markdown, .plain').first().innerText()).trim();
  expect(partial).toContain('Lily');
  // Nothing more arrives after Stop, and the model answers the next message.
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  expect((await answer.locator('.markdown, .plain').first().innerText()).trim()).toBe(partial);
});

test('a truncated GGUF file is a damaged-file error, not a crash', async ({ page }) => {
  await openSettingsAndSetHost(page);
  const card = await loadGguf(page, STORIES_TRUNCATED_REPO, STORIES_TRUNCATED_FILE);
  const error = card.getByTestId('load-error');
  await expect(error).toHaveAttribute('data-code', 'damaged-file', { timeout: 60_000 });
  await expect(error).toContainText('damaged or incomplete');
  await expect(card.getByRole('button', { name: 'Verify / repair' })).toBeVisible();
});

test('a stored file that lost its end: damaged-file on load, Verify / repair removes it, the next load fetches it again', async ({
  page,
}) => {
  await openSettingsAndSetHost(page);
  await setGeneration(page, 0, 32);
  const card = await loadGguf(page, STORIES_REPO, STORIES_FILE);
  await expect(card.getByTestId('load-info')).toBeVisible({ timeout: 60_000 });
  // Damage the stored copy as a disk or an interrupted old write could: half the bytes, a record that
  // agrees with itself (so only the file's own header tells).
  const key = `${STORIES_REPO}/resolve/main/${STORIES_FILE}`;
  await page.evaluate(async (key) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('tandem-models');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const store = db.transaction('files', 'readwrite').objectStore('files');
    const record = await new Promise<{ data: Blob; size: number }>((resolve) => {
      const get = store.get(key);
      get.onsuccess = () => resolve(get.result as { data: Blob; size: number });
    });
    const data = record.data.slice(0, 600_000);
    await new Promise((resolve) => (store.put({ ...record, data, size: data.size }).onsuccess = resolve));
    db.close();
  }, key);
  // On reload the selected model loads by itself, and its header shows the damage.
  await page.reload();
  await page.goto('/#/models');
  const damaged = page.locator(
    `[data-testid="gguf-entry"][data-model="gguf:${STORIES_REPO}/${STORIES_FILE}"]`,
  );
  await expect(damaged.getByTestId('load-error')).toHaveAttribute('data-code', 'damaged-file', {
    timeout: 60_000,
  });
  await damaged.getByRole('button', { name: 'Verify / repair' }).click();
  await expect(damaged.getByTestId('verify-result')).toContainText('1 file(s) were incomplete');
  await damaged.getByRole('button', { name: 'Download & load' }).click();
  await expect(damaged.getByTestId('load-info')).toHaveAttribute('data-downloaded', '1', { timeout: 60_000 });
  await readyInChat(page);
  await sendMessage(page, 'Once upon a time');
  expect(await lastAnswer(page)).toContain(GREEDY_CONTINUATION);
});

test('a split GGUF (two files) is one model and gives the same greedy text', async ({ page }) => {
  await openSettingsAndSetHost(page);
  await setGeneration(page, 0, 32);
  const card = await loadGguf(page, SPLIT_REPO, SPLIT_FILES[0]!);
  await expect(card).toContainText('stories260K (2 parts)');
  await expect(card.getByTestId('load-info')).toHaveAttribute('data-downloaded', '2', { timeout: 60_000 });
  await readyInChat(page);
  await sendMessage(page, 'Once upon a time');
  expect(await lastAnswer(page)).toContain(GREEDY_CONTINUATION);
});

test('an architecture llama.cpp does not know is an unsupported-architecture error', async ({ page }) => {
  await openSettingsAndSetHost(page);
  const card = await loadGguf(page, UNKNOWN_ARCH_REPO, UNKNOWN_ARCH_FILE);
  const error = card.getByTestId('load-error');
  await expect(error).toHaveAttribute('data-code', 'unsupported-architecture', { timeout: 60_000 });
  await expect(error).toContainText('tandem-unknown');
});

test('a LoRA adapter at scale 0 keeps the greedy text; at scale 1 it changes it and is named on the answer', async ({
  page,
}) => {
  await openSettingsAndSetHost(page);
  await setGeneration(page, 0, 32);
  const answers: string[] = [];
  for (const scale of [0, 1]) {
    await page.goto('/#/models');
    await page.getByText('LoRA adapter (GGUF').click();
    const form = page.getByRole('form', { name: 'LoRA adapter' });
    await form.getByLabel('Adapter repository').fill(STORIES_LORA_REPO);
    await form.getByLabel('Adapter file').fill(STORIES_LORA_FILE);
    await form.getByLabel('Scale').fill(String(scale));
    await form.getByRole('button', { name: 'Use adapter' }).click();
    await expect(page.getByTestId('lora-current')).toContainText(`×${scale}`);
    const card = await loadGguf(page, STORIES_REPO, STORIES_FILE);
    await expect(card.getByTestId('load-info')).toContainText(`LoRA stories260K-lora ×${scale}`, {
      timeout: 60_000,
    });
    await readyInChat(page);
    await page.getByRole('button', { name: 'New chat' }).click();
    await sendMessage(page, 'Once upon a time');
    answers.push(await lastAnswer(page));
    const who = (await settledAnswer(page)).locator('.who');
    if (scale === 0) await expect(who).not.toContainText('stories260K-lora');
    else await expect(who).toContainText('stories260K-lora ×1');
  }
  expect(answers[0]).toContain(GREEDY_CONTINUATION);
  expect(answers[1]).not.toContain(GREEDY_CONTINUATION);
  expect(answers[1]!.length).toBeGreaterThan(0);
});
