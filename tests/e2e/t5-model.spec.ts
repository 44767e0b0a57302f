/**
 * An encoder-decoder model (seed 001's Flan-T5 kind, `text2text-generation`) end to end: the
 * generated tiny T5 is added by its id on the Models page from the local hub, answers in chat
 * (the conversation folded into one input), streams, stops, is measured like the other local
 * answers, and runs in an evaluation.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { LONG_SCRIPT, T5_DEFAULT_SCRIPT, TINY_T5_MODEL_ID } from '../fixtures/models/scripts';
import { expectEvaluationStatus, loadConfiguration, storedResponses } from './eval-helpers';
import {
  chooseBackend,
  lastAnswer,
  openSettingsAndSetHost,
  sendMessage,
  setMaxTokens,
  setUpLocalModel,
} from './helpers';

/** The id the app gives the model once added by its repository id. */
const T5_ID = `custom:${TINY_T5_MODEL_ID}`;

interface AnswerMetric {
  modelId: string;
  ttftMs: number | null;
  decodeTokensPerSecond: number | null;
  inputTokens: number | null;
  outputTokens?: number;
}

function answerMetrics(page: Page): Promise<AnswerMetric[]> {
  return page.evaluate(
    () =>
      new Promise<AnswerMetric[]>((resolve, reject) => {
        const open = indexedDB.open('tandem');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('answerMetrics').objectStore('answerMetrics').getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result as AnswerMetric[]);
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

test('a T5 model added by its id answers in chat, the conversation folded into one input, and is measured', async ({
  page,
}) => {
  await setUpLocalModel(page, { model: TINY_T5_MODEL_ID });
  await sendMessage(page, 'Hi there, who are you?');
  expect(await lastAnswer(page)).toBe(T5_DEFAULT_SCRIPT);
  const answer = page.getByTestId('message-assistant').last();
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.getByTestId('timings')).toContainText('tok/s');
  await expect(answer.getByTestId('timings')).toContainText('first token');

  // A second turn: the model gets the whole conversation as one text and answers the last message.
  await sendMessage(page, 'And once more, please.');
  await expect(page.getByTestId('message-assistant')).toHaveCount(2);
  expect(await lastAnswer(page)).toBe(T5_DEFAULT_SCRIPT);

  // Measured like the other local answers: a record per answer, with time to first token and speed.
  await expect(async () => {
    const mine = (await answerMetrics(page)).filter((m) => m.modelId === T5_ID);
    expect(mine).toHaveLength(2);
    for (const m of mine) {
      expect(m.ttftMs).toBeGreaterThan(0);
      expect(m.decodeTokensPerSecond).toBeGreaterThan(0);
      expect(m.inputTokens).toBeGreaterThan(0);
    }
  }).toPass({ timeout: 10_000 });
});

test('a T5 answer streams and Stop ends it at once, keeping the partial text', async ({ page }) => {
  await setUpLocalModel(page, { model: TINY_T5_MODEL_ID });
  // The whole long script (about 1,600 tokens): still streaming when Stop is pressed.
  await setMaxTokens(page, 2000);
  await sendMessage(page, 'Write something long');
  const answer = page.getByTestId('message-assistant').last();
  // Streamed: the text grows while the answer is still being written.
  await expect(answer).toContainText('Paragraph 2.');
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(answer).toHaveAttribute('data-status', 'stopped', { timeout: 5_000 });
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  const partial = (await answer.locator('.markdown').innerText()).trim();
  expect(partial.startsWith('Here is a long answer.')).toBe(true);
  expect(partial.length).toBeLessThan(LONG_SCRIPT.length);
  expect(partial).not.toContain('The end.');
  // What was stored is what was shown: the same partial text after a reload.
  await page.reload();
  const stored = page.getByTestId('message-assistant').last();
  await expect(stored).toHaveAttribute('data-status', 'stopped');
  expect((await stored.locator('.markdown').innerText()).trim()).toBe(partial);
});

test('an evaluation runs the T5 model on a two-prompt sequence and stores its scripted answers', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openSettingsAndSetHost(page);
  await chooseBackend(page, 'wasm');
  await page.goto('/#/evaluate');
  await loadConfiguration(page, {
    version: 1,
    name: 'T5 e2e',
    models: [TINY_T5_MODEL_ID],
    sequences: [
      {
        name: 'Two turns',
        prompts: [
          { name: 'Hello', text: 'Say hello.' },
          { name: 'Again', text: 'Now say it once more.' },
        ],
      },
    ],
    settings: { runs: 1, maxTokens: 100, temperature: 0, systemPrompt: 'Be brief.' },
  });
  await expect(page.getByTestId('config-summary')).toContainText('T5 e2e');
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  await expectEvaluationStatus(page, 'done', 90_000);
  const responses = await storedResponses(page);
  expect(responses).toHaveLength(2);
  for (const r of responses) {
    expect(r).toMatchObject({ model: TINY_T5_MODEL_ID, status: 'ok', text: T5_DEFAULT_SCRIPT });
    expect((r as unknown as { ttftMs: number | null }).ttftMs).toBeGreaterThan(0);
  }
});
