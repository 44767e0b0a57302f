/**
 * Issue 9's remaining items, driven the way a newcomer would: labelled Settings fields, buttons
 * on one line, the Models page's order (one recommended card first, by mouse and keyboard), one
 * size and number style, a Retry wherever a message says "press Retry", no "Check it in
 * Settings" on Settings, and a drift chart with axes, a scale and turn numbers.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { configureClaude, useFakeClaude } from './claude-helpers';
import {
  RETRY_MODEL,
  TEST_ENCODER,
  addAndLoadModel,
  chooseBackend,
  lastAnswer,
  openSettingsAndSetHost,
  sendMessage,
  setHealthModel,
  setHubMode,
  setUpLocalModel,
} from './helpers';

const fake = useFakeClaude();

const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

/** Buttons in the page's main region whose label runs over more than one line. */
function wrappedButtons(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLButtonElement>('main button')]
      .filter((b) => b.getClientRects().length > 0)
      .filter((b) => {
        const style = getComputedStyle(b);
        const content = b.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
        // One line of text is about 1.2 font sizes high; two lines are 2.4.
        return content > parseFloat(style.fontSize) * 1.9;
      })
      .map((b) => b.textContent?.trim() ?? ''),
  );
}

test('Settings: the key, base URL, host and model id fields have real, visible labels', async ({ page }) => {
  await page.goto('/#/settings');
  for (const name of [
    'Model host URL',
    'Claude API key',
    'Claude base URL',
    'Add Claude model id',
    'Embedding model id',
  ]) {
    const field = page.getByLabel(name, { exact: true });
    await expect(field).toBeVisible();
    // A <label> element names it (not an aria-label that only a screen reader hears)...
    const naming = await field.evaluate((el) => ({
      labels: [...((el as HTMLInputElement).labels ?? [])].map((l) => l.textContent?.trim()),
      ariaLabel: el.getAttribute('aria-label'),
      placeholderOnly: !(el as HTMLInputElement).labels?.length,
    }));
    expect(naming, name).toEqual({ labels: [name], ariaLabel: null, placeholderOnly: false });
    // ...that a person sees and can click to reach the field.
    const label = page.locator('label').filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) });
    await expect(label).toBeVisible();
    await label.click({ position: { x: 5, y: 5 } });
    await expect(field).toBeFocused();
  }
});

for (const size of SIZES) {
  test(`at ${size.width}x${size.height} no button label wraps onto a second line`, async ({ page }) => {
    await page.setViewportSize(size);
    for (const place of ['settings', 'models', 'chat', 'metrics']) {
      await page.goto(`/#/${place}`);
      await expect(page.getByRole('main')).toBeVisible();
      if (place === 'models') await expect(page.getByTestId('webllm-entry').first()).toBeVisible();
      expect(await wrappedButtons(page), place).toEqual([]);
      // Nothing makes the page scroll sideways either.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), place).toBeLessThanOrEqual(
        size.width,
      );
    }
  });

  test(`Models at ${size.width}x${size.height}: one recommended model first, then the others, storage, hardware folded`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await page.goto('/#/models');
    const recommended = page.getByTestId('recommended');
    await expect(recommended).toBeInViewport();
    await expect(recommended.getByRole('heading')).toHaveText('Recommended for this device');
    // One model, one button to get it.
    const card = recommended.locator('[data-model]');
    await expect(card).toHaveCount(1);
    await expect(card.locator('button.primary')).toHaveCount(1);
    await expect(card.getByRole('button', { name: 'Download & load' })).toBeEnabled();
    // On this machine (a software GPU) it is a transformers.js model on the CPU.
    await expect(card).toHaveAttribute('data-backend', 'transformers');
    await expect(recommended.getByTestId('recommended-why')).toContainText('on the CPU');
    // It is not listed a second time.
    const model = (await card.getAttribute('data-model'))!;
    await expect(page.locator(`[data-model="${model}"]`)).toHaveCount(1);

    // The order down the page: recommended, other models, storage, then the hardware details.
    await expect(page.getByTestId('webllm-entry').first()).toBeVisible();
    const top = async (testId: string): Promise<number> => (await page.getByTestId(testId).boundingBox())!.y;
    const hardware = page.locator('details.hardware-details');
    const order = [
      await top('recommended'),
      await top('transformers-section'),
      await top('webllm-section'),
      await top('storage-panel'),
      (await hardware.boundingBox())!.y,
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    await expect(page.getByTestId('model-entry').first()).toBeVisible();
    // The recommended card is the first model card in the page.
    const first = page.locator('[data-testid="model-entry"], [data-testid="webllm-entry"]').first();
    await expect(first).toHaveAttribute('data-model', model);
    // Hardware details are folded until asked for.
    await expect(hardware).not.toHaveAttribute('open');
    await expect(page.getByTestId('hardware-panel')).toBeHidden();
    await hardware.getByText('Hardware details').click();
    await expect(page.getByTestId('hardware-panel')).toBeVisible();
  });
}

test('keyboard: after "Skip to content" the first Tab reaches the recommended model, and its errors show on its card', async ({
  page,
}) => {
  // The local hub has no such model: pressing its button fails fast, and the error must be in view.
  await openSettingsAndSetHost(page);
  await page.goto('/#/models');
  const card = page.getByTestId('recommended').locator('[data-model]');
  // The reload gives the keyboard walk a fresh document. It waits for the recommendation, which
  // waits for the device check: reloading while the check's WebGPU adapter request was still
  // pending crashed headless Chromium's renderer (SwiftShader) in two fresh-clone runs.
  await expect(card.getByRole('button', { name: 'Download & load' })).toBeVisible();
  await page.reload();
  // As a person would: the page and its recommendation are on screen before the walk starts.
  await expect(card.getByRole('button', { name: 'Download & load' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(card.getByRole('button', { name: 'Download & load' })).toBeFocused();
  await page.keyboard.press('Enter');
  const error = card.getByTestId('load-error');
  await expect(error).toContainText(/no file for/i, { timeout: 30_000 });
  await expect(error).toBeInViewport();
  await expect(card.getByRole('button', { name: 'Retry' })).toBeVisible();
});

test('Models: one size style and grouped numbers (no "1019 MB" beside "2.2 GB", no "32768")', async ({
  page,
}) => {
  await page.goto('/#/models');
  await expect(page.getByTestId('webllm-entry').first()).toBeVisible();
  const facts = await page.getByTestId('model-facts').allInnerTexts();
  expect(facts.length).toBeGreaterThan(5);
  for (const line of facts) {
    expect(line, line).not.toMatch(/\b\d{4,}(\.\d+)? (B|KB|MB|GB)\b/);
    expect(line, line).not.toMatch(/\b\d{4,} tokens context/);
  }
  expect(facts.join('\n')).toMatch(/\d{1,3},\d{3} tokens context/);
});

test('Claude usage counts use the same thousands separators as the token meter', async ({ page }) => {
  await configureClaude(page, fake().url, { strategy: 'claude-only' });
  await page.goto('/#/chat');
  await sendMessage(page, 'Please summarise these notes about the harbour and its boats. '.repeat(90));
  await lastAnswer(page);
  const cost = page.getByTestId('message-assistant').last().getByTestId('message-cost');
  await expect(cost).toHaveText(/^\d{1,3}(,\d{3})+ in \/ \d+ out/);
  await expect(page.getByTestId('conversation-cost')).toContainText(/\(\d{1,3}(,\d{3})+ in \/ \d+ out\)/);
});

test('on Settings a rejected key is explained without sending the user to Settings', async ({ page }) => {
  await configureClaude(page, fake().url, { key: null });
  const section = page.getByTestId('claude-settings');
  await section.getByLabel('Claude API key').fill('sk-ant-wrong-key');
  await section.getByRole('button', { name: 'Check key' }).click();
  const status = section.getByTestId('key-check');
  await expect(status).toHaveAttribute('data-state', 'failed');
  await expect(status).toContainText('Key refused by Anthropic (401)');
  await expect(status).not.toContainText(/in Settings/i);
});

test('a failed download says "press Retry" on the chat page, and Retry there loads the model', async ({
  page,
  request,
}) => {
  const match = `${RETRY_MODEL}/resolve/main/onnx/`;
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  await setHubMode(request, { mode: 'cut', match, cutAfterBytes: 4096 });
  try {
    await addAndLoadModel(page, RETRY_MODEL);
    await expect(page.getByTestId('load-error')).toBeVisible({ timeout: 60_000 });
    await page.goto('/#/chat');
    const status = page.getByTestId('model-status');
    await expect(status).toHaveAttribute('data-status', 'error');
    await expect(status.getByRole('alert')).toContainText('press Retry');
    const retry = status.getByRole('button', { name: 'Retry' });
    await expect(retry).toBeVisible();
    await setHubMode(request, { mode: 'normal', match });
    await retry.click();
    await expect(status).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  } finally {
    await setHubMode(request, { mode: 'normal', match });
  }
});

test('the drift chart has a scale, numbered turns and a sensible width, on a desktop and a phone', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await setUpLocalModel(page);
  await setHealthModel(page, TEST_ENCODER);
  await page.goto('/#/chat');
  for (const text of ['How do I fix the build?', 'Why does the test fail?', 'What about the deploy?']) {
    await sendMessage(page, text);
    await lastAnswer(page);
  }
  const strips = page.getByTestId('health-strip');
  await expect(strips.nth(2)).toHaveAttribute('data-state', 'scored', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Health chart' }).click();
  const chart = page.getByTestId('health-chart');
  await expect(chart).toHaveAttribute('data-turns', '3');
  const yAxis = chart.getByTestId('health-chart-y-axis');
  for (const tick of ['0.00', '0.25', '0.50', '0.75', '1.00']) {
    await expect(yAxis.getByText(tick, { exact: true })).toBeVisible();
  }
  await expect(yAxis.getByText('drift', { exact: true })).toBeVisible();
  await expect(chart.getByTestId('health-chart-turn')).toHaveText(['1', '2', '3']);
  await expect(chart.getByTestId('health-chart-x-axis').getByText('turn', { exact: true })).toBeVisible();

  const widths = async () =>
    chart.evaluate((figure) => ({
      figure: figure.getBoundingClientRect().width,
      svg: figure.querySelector('svg')!.getBoundingClientRect().width,
      main: figure.closest('main')!.getBoundingClientRect().width,
    }));
  const desktop = await widths();
  // It fills its figure, which takes most of the chat column (up to a readable 720 px).
  expect(desktop.svg).toBeGreaterThanOrEqual(desktop.figure - 1);
  expect(desktop.svg).toBeGreaterThanOrEqual(Math.min(720, desktop.main * 0.6));
  expect(desktop.svg).toBeLessThanOrEqual(721);

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(async () => {
    const phone = await widths();
    expect(phone.svg).toBeLessThanOrEqual(phone.main);
    expect(phone.svg).toBeGreaterThanOrEqual(phone.figure - 1);
  }).toPass();
  await expect(chart.getByTestId('health-chart-turn')).toHaveText(['1', '2', '3']);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test('the Metrics footer does not promise numbers that are already shown', async ({ page }) => {
  await page.goto('/#/metrics');
  await expect(page.getByRole('main')).not.toContainText('will add their numbers');
});
