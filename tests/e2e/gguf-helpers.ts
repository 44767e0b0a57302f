/** Steps the GGUF specs share: generation settings, adding and loading a GGUF model, waiting for it in the chat. */
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** What llama.cpp writes after "Once upon a time" with greedy decoding (environment.md). */
export const GREEDY_CONTINUATION =
  'there was a little girl named Lily. She loved to play outside in the park.';

export async function setGeneration(page: Page, temperature: number, maxTokens: number): Promise<void> {
  await page.goto('/#/settings');
  for (const [label, value] of [
    ['Temperature', temperature],
    ['Max tokens', maxTokens],
  ] as const) {
    const field = page.getByLabel(label, { exact: true });
    await field.fill(String(value));
    await field.blur();
  }
}

/** Adds a GGUF model on the Models page; returns its card. */
export async function addGguf(page: Page, repo: string, file: string): Promise<Locator> {
  await page.goto('/#/models');
  const form = page.getByRole('form', { name: 'Add a GGUF model' });
  await form.getByLabel('Hub repository').fill(repo);
  await form.getByLabel('GGUF file').fill(file);
  await form.getByRole('button', { name: 'Add model' }).click();
  const card = page.locator(`[data-testid="gguf-entry"][data-model="gguf:${repo}/${file}"]`);
  await expect(card).toBeVisible();
  return card;
}

/** Adds the model and presses its load button (after unloading it, when it is the one loaded). */
export async function loadGguf(page: Page, repo: string, file: string): Promise<Locator> {
  const card = await addGguf(page, repo, file);
  const unload = card.getByRole('button', { name: 'Unload' });
  if ((await unload.count()) > 0) await unload.click();
  await card.getByRole('button', { name: /^(Download & load|Load)$/ }).click();
  return card;
}

export async function readyInChat(page: Page): Promise<void> {
  await page.goto('/#/chat');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-backend', 'gguf');
}
