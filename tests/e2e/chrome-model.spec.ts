/**
 * Chrome's built-in model on the Models page, against the fake `LanguageModel` (the Prompt API
 * IDL) installed before the app loads: shown only where the API exists, each availability state,
 * the download with its progress (from a click), a streamed answer with its usage, and Stop.
 */
import { type Page } from '@playwright/test';
import {
  installFakeLanguageModel,
  type FakeLanguageModelOptions,
} from '../../src/providers/chrome/testing/fake-language-model';
import { expect, test } from './fixtures';

async function open(page: Page, options: FakeLanguageModelOptions | null): Promise<void> {
  if (options) await page.addInitScript(installFakeLanguageModel, options);
  await page.goto('/#/models');
  await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
}

test('not shown where the Prompt API does not exist', async ({ page }) => {
  // This Chromium itself may define LanguageModel: take it away, as in a browser without it.
  await page.addInitScript(() => {
    delete (globalThis as { LanguageModel?: unknown }).LanguageModel;
  });
  await open(page, null);
  await expect(page.getByTestId('webllm-section')).toBeVisible();
  await expect(page.getByTestId('chrome-model')).toHaveCount(0);
});

test('each availability state is stated', async ({ context }) => {
  const expected = {
    unavailable: 'Not available on this device',
    downloadable: 'one-time download',
    downloading: 'Chrome is downloading it',
    available: 'Ready: no download needed',
  } as const;
  for (const [availability, text] of Object.entries(expected)) {
    const page = await context.newPage();
    await open(page, { availability: availability as FakeLanguageModelOptions['availability'] });
    const panel = page.getByTestId('chrome-model');
    await expect(panel).toHaveAttribute('data-availability', availability);
    await expect(panel.getByTestId('chrome-availability')).toContainText(text);
    await expect(panel.getByRole('button', { name: 'Download built-in model' })).toHaveCount(
      availability === 'downloadable' || availability === 'downloading' ? 1 : 0,
    );
    await page.close();
  }
});

test('downloads from a click with progress, then answers and stops', async ({ page }) => {
  await open(page, {
    availability: 'downloadable',
    holdAtProgress: 0.5,
    chunkDelayMs: 30,
    holdAfterChunks: 4,
  });
  const panel = page.getByTestId('chrome-model');
  await expect(panel.getByTestId('chrome-availability')).toContainText('one-time download');
  await panel.getByRole('button', { name: 'Download built-in model' }).click();
  await expect(panel.getByTestId('chrome-progress')).toHaveText('50%');
  await page.evaluate(() =>
    (
      globalThis as unknown as { __fakeLanguageModel: { releaseDownload: () => void } }
    ).__fakeLanguageModel.releaseDownload(),
  );
  await expect(panel).toHaveAttribute('data-availability', 'available');
  expect(
    await page.evaluate(
      () =>
        (globalThis as unknown as { __fakeLanguageModel: { progress: number[] } }).__fakeLanguageModel
          .progress,
    ),
  ).toEqual([0, 0.25, 0.5, 0.75, 1]);

  await panel.getByRole('button', { name: 'Ask built-in model' }).click();
  const answer = panel.getByTestId('chrome-answer');
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  await expect(answer).toHaveText(/^Built-in \(fake\) answer to:/);
  await panel.getByRole('button', { name: 'Stop built-in model' }).click();
  await expect(answer).toHaveAttribute('data-status', 'stopped');
  await expect(answer).toHaveText('Built-in (fake) answer to: ');
});

test('available: streams a whole answer and reports the usage the session counted', async ({ page }) => {
  await open(page, { availability: 'available' });
  const panel = page.getByTestId('chrome-model');
  await expect(panel.getByTestId('chrome-availability')).toContainText('Ready');
  await panel.getByRole('button', { name: 'Ask built-in model' }).click();
  const answer = panel.getByTestId('chrome-answer');
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer).toHaveText('Built-in (fake) answer to: Say hello in one sentence.');
  await expect(panel.getByTestId('chrome-usage')).toHaveText(/^\d+ tokens in, 9 out$/);
});
