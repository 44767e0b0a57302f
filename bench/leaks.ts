/**
 * No leaks (issue 27, target 6): the app's memory (page and workers, JS and WebAssembly, via
 * `performance.measureUserAgentSpecificMemory`) over a session, against the same measure after
 * the first step of the same run: after 100 answers of the local test model (a new chat every 10),
 * and after 20 loads alternating two local models. Never pass/fail: the report shows the curve.
 *
 *   npx vite build && npm run fixtures && npx tsx bench/leaks.ts [--answers 100] [--loads 20]
 *
 * The model is the scripted tandem-test/tiny-chat (transformers.js, WASM) from the local hub;
 * the two models of the load test are its aliases tiny-chat-eval and tiny-chat-cache. Not covered:
 * evaluations (the target's third case) and GPU memory (SwiftShader here; no GPU).
 * Writes bench/results/leaks.json and the "No leaks" section of bench/REPORT.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startHub } from '../tests/fixtures/hub/server';
import { chromiumExecutable, previewApp } from './harness/serve';
import { loadAverage, machine } from './health/common';
import {
  answerOnce,
  loadModel,
  lostEnters,
  measureMemory,
  newChat,
  setHost,
  type MemorySample,
} from './leaks/drive';
import { BENCH_ROOT, writeReportSection } from './report';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) || fallback : fallback;
};
const ANSWERS = arg('answers', 100);
const LOADS = arg('loads', 20);
const MODELS = ['tandem-test/tiny-chat-eval', 'tandem-test/tiny-chat-cache'];
const PROMPTS = ['Say hello.', 'Show me some code.', 'Please ponder the question.', 'And then?'];

interface Point extends MemorySample {
  step: number;
}

const mb = (b: number): string => (b / 2 ** 20).toFixed(1);

function curveTable(title: string, unit: string, points: Point[]): string {
  const first = points[0];
  if (!first) return `### ${title}\n\nNot measured.`;
  const rows = points.map(
    (p) =>
      `| ${p.step} | ${mb(p.totalBytes)} | ${mb(p.windowBytes)} | ${mb(p.workerBytes)} | ${(p.totalBytes / first.totalBytes).toFixed(3)}× |`,
  );
  return [
    `### ${title}`,
    '',
    `| After ${unit} | Total MB | Page MB | Workers MB | Total / after the first |`,
    '| ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

async function main(): Promise<void> {
  const loadBefore = loadAverage();
  const hub = await startHub({ root: path.join(BENCH_ROOT, '.cache/models') });
  process.env.TANDEM_CSP_CONNECT_SRC ??= 'http://127.0.0.1:*';
  const app = await previewApp();
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--enable-blink-features=ForceEagerMeasureMemory',
    ],
  });
  const answers: Point[] = [];
  const loads: Point[] = [];
  let failure: string | null = null;
  try {
    const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    await setHost(page, app.origin, hub.url);
    if (!(await page.evaluate(() => crossOriginIsolated)))
      throw new Error('the app is not cross-origin isolated');

    // 1. Answers.
    await loadModel(page, app.origin, MODELS[0]!);
    const marks = new Set([1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, ANSWERS]);
    for (let n = 1; n <= ANSWERS; n++) {
      if (n > 1 && (n - 1) % 10 === 0) await newChat(page);
      await answerOnce(page, PROMPTS[n % PROMPTS.length]!);
      if (marks.has(n)) {
        answers.push({ step: n, ...(await measureMemory(page)) });
        console.log(`answer ${n}: ${mb(answers.at(-1)!.totalBytes)} MB`);
      }
    }

    // 2. Loads, alternating the two models (the first was loaded above: load 1 is the other one).
    for (let n = 1; n <= LOADS; n++) {
      await loadModel(page, app.origin, MODELS[n % 2]!);
      await newChat(page);
      await answerOnce(page, 'Say hello.');
      loads.push({ step: n, ...(await measureMemory(page)) });
      console.log(`load ${n}: ${mb(loads.at(-1)!.totalBytes)} MB`);
    }
  } catch (error) {
    // Keep what was measured: the report says where the run stopped.
    failure = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    console.error(error);
  } finally {
    await browser.close();
    await app.close();
    await hub.close();
  }

  const loadAfter = loadAverage();
  const when = new Date().toISOString().slice(0, 16);
  await mkdir(path.join(BENCH_ROOT, 'bench/results'), { recursive: true });
  await writeFile(
    path.join(BENCH_ROOT, 'bench/results/leaks.json'),
    JSON.stringify({ when, machine: machine(), loadBefore, loadAfter, failure, answers, loads }, null, 2),
  );
  const growth = (p: Point[]): string =>
    p.length > 1 ? `${((p.at(-1)!.totalBytes / p[0]!.totalBytes - 1) * 100).toFixed(1)}%` : 'not measured';
  await writeReportSection(
    'leaks',
    [
      '## No leaks: memory over a session (`bench/leaks.ts`)',
      '',
      `\`npx vite build && npm run fixtures && npx tsx bench/leaks.ts --answers ${ANSWERS} --loads ${LOADS}\`. ${when}, ${machine()}, load average ${loadBefore} → ${loadAfter}. Results: \`bench/results/leaks.json\`.`,
      '',
      'Memory is `performance.measureUserAgentSpecificMemory()` in the cross-origin isolated app (page and dedicated workers, JavaScript and WebAssembly, after a GC; eager with `--enable-blink-features=ForceEagerMeasureMemory`), against the same measure after the first step of the same run (target: within 10%).',
      '',
      `- After ${ANSWERS} answers (a new chat every 10): **${growth(answers)}** against answer 1.`,
      `- After ${LOADS} loads alternating two local models: **${growth(loads)}** against load 1.`,
      ...(failure ? [`- **The run stopped early**: ${failure}`] : []),
      `- Enters the driver pressed a second time because the first sent nothing (right after New chat; see \`bench/leaks/drive.ts\`): ${lostEnters}.`,
      '- Not measured: 10 evaluations (the third case) and GPU memory (no GPU here; WebGPU is SwiftShader).',
      '',
      curveTable('Answers', 'answer', answers),
      '',
      curveTable('Loads', 'load', loads),
    ].join('\n'),
  );
  console.log(`answers: ${growth(answers)}, loads: ${growth(loads)}`);
  if (failure) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
