/**
 * Conversation health in the running app (Chromium, the built app, the local hub): after a reload
 * ("app open") with the chat model and the MiniLM-sized q8 embedding model cached, a message is sent
 * as soon as the chat model is ready; timed from the page's navigation start with a MutationObserver:
 * the answer's end, its health strip scored, and the same for a second turn (warm). The reference in
 * the same run: native onnxruntime-node per turn on the same model (20 turns). Never pass/fail.
 *
 *   npx vite build && npx tsx tests/fixtures/models/generate.ts --minilm
 *   npx tsx bench/health-app.ts
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { startHub } from '../tests/fixtures/hub/server';
import { chromiumExecutable, previewApp } from './harness/serve';
import { MINILM_SIZED_Q8_MODEL_ID } from '../tests/fixtures/models/scripts';
import { conversation, loadAverage, machine, median, ms } from './health/common';
import { runNative } from './health/native';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modelsDir = path.join(root, '.cache/models');
const OPENS = 3;

interface Marks {
  answers: number[];
  strips: number[];
}

async function marks(page: Page): Promise<Marks> {
  return page.evaluate(() => (window as unknown as { __marks: Marks }).__marks);
}

async function main(): Promise<void> {
  const loadBefore = loadAverage();
  const nativeRun = await runNative(modelsDir, MINILM_SIZED_Q8_MODEL_ID, conversation(20));
  const nativePerTurn = median(nativeRun.perTurnMs);
  const hub = await startHub({ root: modelsDir });
  // The e2e helpers read the hub's port when first imported: point them at this one.
  process.env.TANDEM_HUB_PORT = new URL(hub.url).port;
  const helpers = await import('../tests/e2e/helpers');
  // The worker downloads from the local hub: allow it in connect-src, as the e2e run does.
  process.env.TANDEM_CSP_CONNECT_SRC ??= 'http://127.0.0.1:*';
  const server = await previewApp(root);
  const origin = server.origin;
  const executablePath = chromiumExecutable();
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  const context = await browser.newContext({ baseURL: origin, serviceWorkers: 'block' });
  const page = await context.newPage();
  // Times (ms since navigation start) at which each answer finished and each strip was scored.
  await page.addInitScript(() => {
    const m = { answers: [] as number[], strips: [] as number[] };
    (window as unknown as { __marks: typeof m }).__marks = m;
    const seen = new WeakSet<Element>();
    const seenStrip = new WeakSet<Element>();
    new MutationObserver(() => {
      for (const el of document.querySelectorAll(
        '[data-testid="message-assistant"][data-status="complete"]',
      )) {
        if (seen.has(el)) continue;
        seen.add(el);
        m.answers.push(performance.now());
      }
      for (const el of document.querySelectorAll('[data-testid="health-strip"][data-state="scored"]')) {
        if (seenStrip.has(el)) continue;
        seenStrip.add(el);
        m.strips.push(performance.now());
      }
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  const opens: { answer: number; first: number; firstAfterEnd: number; secondAfterEnd: number }[] = [];
  try {
    await helpers.setUpLocalModel(page);
    await helpers.setHealthModel(page, MINILM_SIZED_Q8_MODEL_ID);
    await page.goto('/#/chat');
    await helpers.sendMessage(page, 'Warm the prototypes up once');
    await helpers.lastAnswer(page);
    const strips = page.locator('[data-testid="health-strip"][data-state="scored"]');
    await strips.first().waitFor({ timeout: 120_000 });
    for (let i = 0; i < OPENS; i++) {
      await page.reload();
      await page.getByTestId('conversation-item').first().getByRole('button').first().click();
      const scoredBefore = await strips.count();
      await page.getByTestId('model-status').and(page.locator('[data-status="ready"]')).waitFor();
      await helpers.sendMessage(page, `What should we deploy first, option ${i + 1}?`);
      await helpers.lastAnswer(page);
      await strips.nth(scoredBefore).waitFor({ timeout: 120_000 });
      // A different answer (the test model's code script): the same text would come from the memo.
      await helpers.sendMessage(page, `Show me the code for step two, option ${i + 1}?`);
      await helpers.lastAnswer(page);
      await strips.nth(scoredBefore + 1).waitFor({ timeout: 120_000 });
      const m = await marks(page);
      // After a reload the stored strips are scored on render: the new turns' marks are the last two.
      const [a1, a2] = m.answers.slice(-2);
      const [s1, s2] = m.strips.slice(-2);
      opens.push({ answer: a1!, first: s1!, firstAfterEnd: s1! - a1!, secondAfterEnd: s2! - a2! });
    }
  } finally {
    await browser.close();
    await server.close();
    await hub.close();
  }
  const loadAfter = loadAverage();
  const firstAfter = median(opens.map((o) => o.firstAfterEnd));
  const secondAfter = median(opens.map((o) => o.secondAfterEnd));
  const section = [
    '### In the app: app open → first health strip',
    '',
    `Measured ${new Date().toISOString()} on ${machine()}; load average ${loadBefore} before, ${loadAfter} after. Command: \`npx vite build && npx tsx bench/health-app.ts\`. Built app in Chromium, tiny test chat model, health on \`${MINILM_SIZED_Q8_MODEL_ID}\` (cached), ${OPENS} reloads; a message is sent as soon as the chat model is ready, then a second one with another answer (the test model's code script; an identical answer text would be served by the memo, not embedded).`,
    '',
    '| | median ms | runs |',
    '| --- | ---: | --- |',
    `| app open (navigation start) → first answer ends (chat model load + answer) | ${ms(median(opens.map((o) => o.answer)))} | ${opens.map((o) => ms(o.answer)).join(', ')} |`,
    `| app open (navigation start) → first health strip | ${ms(median(opens.map((o) => o.first)))} | ${opens.map((o) => ms(o.first)).join(', ')} |`,
    `| first turn after open: answer end → strip | ${ms(firstAfter)} (${(firstAfter / nativePerTurn).toFixed(2)}x native per turn) | ${opens.map((o) => ms(o.firstAfterEnd)).join(', ')} |`,
    `| second turn (another answer): answer end → strip | ${ms(secondAfter)} (${(secondAfter / nativePerTurn).toFixed(2)}x native per turn) | ${opens.map((o) => ms(o.secondAfterEnd)).join(', ')} |`,
    `| reference: native onnxruntime-node per turn (q8, 20 turns, same run) | ${ms(nativePerTurn)} | |`,
    '',
    '- Answer end → strip includes what the app does after the answer is stored: reading the conversation from IndexedDB, embedding the answer (the question was embedded while it streamed), scoring, storing both embeddings and the report, and rendering. The first turn after open does not wait for the embedding model: it was loaded in idle time after start.',
    '',
  ].join('\n');
  await mkdir(path.join(root, 'bench/results'), { recursive: true });
  await writeFile(
    path.join(root, 'bench/results/health-app.json'),
    JSON.stringify({ opens, nativePerTurn }, null, 2),
  );
  const reportPath = path.join(root, 'bench/REPORT.md');
  let report = await readFile(reportPath, 'utf8');
  const start = '<!-- bench:health-app:start -->';
  const end = '<!-- bench:health-app:end -->';
  const block = `${start}\n${section}${end}`;
  report =
    report.includes(start) && report.includes(end)
      ? report.slice(0, report.indexOf(start)) + block + report.slice(report.indexOf(end) + end.length)
      : `${report.trimEnd()}\n\n${block}\n`;
  await writeFile(reportPath, report);
  console.log(section);
}

await main();
