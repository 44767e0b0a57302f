/**
 * Presets: a system prompt with generation settings saved under a name from a conversation's
 * Generation settings, picked for a new chat (its first request to Claude carries them), kept
 * after a reload, and deleted.
 */
import type { Page } from '@playwright/test';
import { configureClaude, messageRequests, settledAnswer, useFakeClaude } from './claude-helpers';
import { sendMessage } from './helpers';
import { expect, test } from './fixtures';

const fake = useFakeClaude();
const PIRATE = 'Answer like a pirate, matey.';

/** The body of the Messages request that asked `question` (the key check asks nothing). */
function requestFor(question: string): string {
  const sent = messageRequests(fake()).map((r) => JSON.stringify(r.body));
  const found = sent.find((body) => body.includes(question));
  if (!found) throw new Error(`no request asked "${question}"`);
  return found;
}

async function openGenerationSettings(page: Page): Promise<ReturnType<Page['getByTestId']>> {
  const settings = page.getByTestId('conversation-settings');
  if ((await settings.getAttribute('open')) === null) await settings.getByText('Generation settings').click();
  return settings;
}

test('a preset saved from a conversation starts a new chat with its system prompt and settings; it stays after a reload and can be deleted', async ({
  page,
}) => {
  await configureClaude(page, fake().url, { strategy: 'claude-only' });
  await page.goto('/#/chat');
  await sendMessage(page, 'first question');
  await expect(await settledAnswer(page)).toHaveAttribute('data-status', 'complete');
  expect(requestFor('first question')).not.toContain(PIRATE);

  let settings = await openGenerationSettings(page);
  await settings.getByLabel('Conversation system prompt').fill(PIRATE);
  await settings.getByLabel('Temperature').fill('0.3');
  await settings.getByLabel('Max tokens').fill('77');
  await settings.getByLabel('Preset name').fill('  Pirate\u202E ');
  await settings.getByRole('button', { name: 'Save as preset' }).click();
  await expect(settings.getByText('Preset saved.')).toBeVisible();

  await page.getByRole('button', { name: 'New chat' }).click();
  settings = await openGenerationSettings(page);
  await expect(settings.getByText('Send a first message')).toBeVisible();
  await settings.getByLabel('Preset', { exact: true }).selectOption('Pirate');
  await expect(settings.getByText('The new chat starts with the preset “Pirate”.')).toBeVisible();

  await sendMessage(page, 'second question');
  await expect(await settledAnswer(page)).toHaveAttribute('data-status', 'complete');
  const body = requestFor('second question');
  expect(body).toContain(PIRATE);
  expect(JSON.parse(body)).toMatchObject({ max_tokens: 77 });
  expect(JSON.parse(requestFor('first question'))).not.toMatchObject({ max_tokens: 77 });
  // The new conversation shows the preset's settings as its own.
  await expect(settings.getByLabel('Conversation system prompt')).toHaveValue(PIRATE);
  await expect(settings.getByLabel('Temperature')).toHaveValue('0.3');
  await expect(settings.getByLabel('Max tokens')).toHaveValue('77');

  await page.reload();
  await page.getByRole('button', { name: 'New chat' }).click();
  settings = await openGenerationSettings(page);
  const picker = settings.getByLabel('Preset', { exact: true });
  await expect(picker.locator('option')).toHaveText(['None', 'Pirate']);
  await picker.selectOption('Pirate');
  await settings.getByRole('button', { name: 'Delete preset' }).click();
  await expect(picker).toHaveCount(0);
  await expect(settings.getByText('Send a first message')).toBeVisible();

  await page.reload();
  await page.getByRole('button', { name: 'New chat' }).click();
  settings = await openGenerationSettings(page);
  await expect(settings.getByText('Send a first message')).toBeVisible();
  await expect(settings.getByLabel('Preset', { exact: true })).toHaveCount(0);
});
