/**
 * Health and feedback on your server's answers (hybrid strategy, the fake OpenAI-compatible
 * server and the fake Claude server): a chat answer from the server gets a health score and can
 * be rated; its metric record is on the server backend; the ratings are kept for the server's
 * model (shown as your server's on the Feedback page), and once they say its answers to a kind
 * are poor, that kind stays with Claude, with the reason in the label.
 */
import type { Page } from '@playwright/test';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fixtures/openai/fake-server';
import { configureClaude, messageRequests, settledAnswer, useFakeClaude } from './claude-helpers';
import { rate } from './feedback-helpers';
import { FEEDBACK_ENCODER, openSettingsAndSetHost, sendMessage, setHealthModel } from './helpers';
import { expect, test } from './fixtures';

const claude = useFakeClaude();
let server: FakeOpenAiServer;
test.beforeAll(async () => {
  server = await startFakeOpenAiServer({ port: 0, host: '127.0.0.1' });
});
test.afterAll(async () => {
  await server.close();
});

const PROMPT = 'Write a Python function that reverses a linked list.';

interface MetricRecord {
  messageId: string;
  backend: string;
  modelId: string;
  source: string;
  status: string;
  route: { target: string; category: string } | null;
}

async function answerMetrics(page: Page): Promise<MetricRecord[]> {
  return page.evaluate(
    () =>
      new Promise<MetricRecord[]>((resolve, reject) => {
        const open = indexedDB.open('tandem');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('answerMetrics').objectStore('answerMetrics').getAll();
          get.onsuccess = () => resolve(get.result as MetricRecord[]);
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

test("your server's answers get a health score and ratings, which routing learns per server model", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openSettingsAndSetHost(page);
  await setHealthModel(page, FEEDBACK_ENCODER);
  await configureClaude(page, claude().url, { strategy: 'hybrid' });
  const section = page.getByTestId('server-settings');
  await section.getByLabel('Server URL').fill(server.url);
  await section.getByRole('button', { name: 'Check connection' }).click();
  await expect(section.getByTestId('server-check')).toHaveAttribute('data-state', 'ok');
  await page.goto('/#/feedback');
  await page.getByLabel('Learn from ratings (hybrid strategy)').check();
  await page.goto('/#/chat');
  claude().clearRequests();

  for (let i = 0; i < 5; i++) {
    await sendMessage(page, PROMPT);
    const answer = await settledAnswer(page);
    await expect(answer).toHaveAttribute('data-status', 'complete');
    await expect(answer.getByTestId('route-label')).toHaveAttribute('data-target', 'server');
    await expect(answer.locator('.markdown')).toContainText('Server (fake llama3.1:8b) answer to:');
    // Health scores the server's answer like any other.
    const strip = answer.getByTestId('health-strip');
    await expect(strip).toHaveAttribute('data-state', 'scored', { timeout: 60_000 });
    await expect(strip.getByTestId('health-summary')).toContainText(/Health: [^·]+ · drift \d\.\d\d/);
    await rate(answer, 1);
  }
  expect(messageRequests(claude())).toHaveLength(0);

  // Each answer's metric record: the server backend and model, routed to the server.
  const chat = (await answerMetrics(page)).filter((m) => m.source === 'chat');
  expect(chat).toHaveLength(5);
  for (const m of chat) {
    expect(m).toMatchObject({ backend: 'server', modelId: 'llama3.1:8b', status: 'ok' });
    expect(m.route?.target).toBe('server');
  }
  const category = chat[0]!.route!.category;

  // The ratings count for the server's model, as your server's.
  await page.goto('/#/feedback');
  const row = page.getByTestId('quality-estimates').locator(`tr[data-category="${category}"]`);
  await expect(row).toHaveAttribute('data-target', 'server');
  await expect(row.locator('td').nth(1)).toHaveText('your server: llama3.1:8b');
  await expect(row.locator('td').nth(2)).toHaveText('1.0');
  await expect(row.locator('td').nth(3)).toHaveText('5');
  await expect(row.locator('td').nth(4)).toHaveText('Claude');

  // Learned: that kind now stays with Claude, and the label says why.
  await page.goto('/#/chat');
  await sendMessage(page, PROMPT);
  const flipped = await settledAnswer(page);
  const label = flipped.getByTestId('route-label');
  await expect(label).toHaveAttribute('data-target', 'claude');
  await expect(label).toContainText(`your server's answers to ${category} were rated 1.0/5`);
  expect(messageRequests(claude())).toHaveLength(1);
});
