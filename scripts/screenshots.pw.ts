/** Screenshots of the app's main places, made against the local test hub and fake Claude server. */
import { expect, test, type Page } from '@playwright/test';
import { configureClaude } from '../tests/e2e/claude-helpers';
import { sendMessage, setUpLocalModel, settledAnswer } from '../tests/e2e/helpers';
import { CLAUDE_URL } from '../tests/e2e/ports';

const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

async function shoot(page: Page, place: string, size: string): Promise<void> {
  await page.goto(`/#/${place}`);
  await expect(page.getByRole('main')).toBeVisible();
  await page.screenshot({ path: `docs/screenshots/${place}-${size}.png`, animations: 'disabled' });
}

for (const size of SIZES) {
  test(`screenshots at ${size.width}x${size.height}`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await configureClaude(page, CLAUDE_URL, { strategy: 'hybrid' });
    await setUpLocalModel(page);
    await sendMessage(page, 'Hi there, who are you?');
    await settledAnswer(page);
    await sendMessage(page, 'Please calculate 12*(3+4)');
    await settledAnswer(page);
    for (const place of ['chat', 'models', 'evaluate', 'feedback', 'metrics', 'settings'])
      await shoot(page, place, size.name);
  });
}
