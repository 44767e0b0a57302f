/**
 * Four engines on the real stories260K model, one run: Tandem's GGUF engine (GgufProvider ->
 * gguf.worker -> wllama) against wllama called directly, and Tandem's transformers.js engine
 * (TransformersProvider -> the app's llm.worker) against transformers.js' pipeline called directly,
 * on the same model converted to ONNX (fp32, WASM). 1 and 2 threads (wllama n_threads,
 * onnxruntime-web numThreads), cross-origin isolated; temperature 0, same prompt and token count;
 * the modes interleaved (the order rotates each repetition), each run in a fresh page; medians.
 *
 *   npx tsx bench/engines.ts [--tokens 96] [--reps 5]
 *   npx tsx bench/engines.ts --report-only   (rewrites the REPORT.md section from the saved JSON)
 */
import { chromium } from '@playwright/test';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { LAUNCH } from './harness/serve';
import { serveIsolated } from './harness/isolated-serve';
import { startHub } from '../tests/fixtures/hub/server';
import { MODES, summarize, type Mode, type Run } from './harness/engines/summary';
import { reportSection, type Summary } from './harness/engines/report';
import { BENCH_ROOT, writeReportSection } from './report';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const r1 = (x: number) => Math.round(x * 10) / 10;
const fromHere = createRequire(import.meta.url);
const WLLAMA = path.dirname(fromHere.resolve('@wllama/wllama/package.json'));
const ORT = path.dirname(
  createRequire(fromHere.resolve('@huggingface/transformers')).resolve('onnxruntime-web'),
);
const MODELS = path.join(BENCH_ROOT, '.cache/models');
/** BENCH_ONLY=mode,mode: run only those (to debug one engine). */
const ONLY = process.env.BENCH_ONLY?.split(',');

const RESULTS = path.join(BENCH_ROOT, 'bench/results/engines.json');

async function main(): Promise<void> {
  if (process.argv.includes('--report-only')) {
    const saved = JSON.parse(await readFile(RESULTS, 'utf8')) as Summary;
    return writeReportSection('engines', reportSection(saved));
  }
  const tokens = arg('tokens', 96);
  const reps = arg('reps', 5);
  const { url, close } = await serveIsolated('engines', {
    '/wllama/wllama.wasm': path.join(WLLAMA, 'esm/wasm/wllama.wasm'),
    '/hub/ggml-org/models/resolve/main/': path.join(MODELS, 'ggml-org/models'),
    '/ort/': ORT,
  });
  // The ONNX model comes from the e2e tests' Hub stand-in (Hub headers, CORS), as in the app.
  const hub = await startHub({ root: MODELS });
  const loadStart = os.loadavg().map(r1);
  const browser = await chromium.launch({ headless: true, ...LAUNCH });
  const runs: Run[] = [];
  let isolated = false;
  try {
    for (let rep = 0; rep < reps; rep++) {
      for (const threads of [1, 2]) {
        const order = MODES.map((_, i) => MODES[(i + rep) % MODES.length]!);
        for (const mode of order.filter((m) => !ONLY || ONLY.includes(m))) {
          const context = await browser.newContext();
          const page = await context.newPage();
          page.on('pageerror', (e) => console.error('page error:', e.message));
          if (process.env.BENCH_LOG) page.on('console', (m) => console.log('console:', m.text()));
          if (process.env.BENCH_LOG)
            page.on('worker', (w) => w.on('console', (m) => console.log('worker:', m.text())));
          await page.goto(`${url}?hub=${encodeURIComponent(hub.url)}`);
          await page.waitForFunction(() => 'bench' in window);
          isolated = await page.evaluate(() => crossOriginIsolated);
          const r = await page.evaluate(
            ({ mode, threads, tokens }) =>
              (window as unknown as { bench: { run: (...a: unknown[]) => Promise<Run> } }).bench.run(
                mode,
                threads,
                tokens,
              ),
            { mode, threads, tokens },
          );
          const load1m = r1(os.loadavg()[0]!);
          console.log(`${mode} ${threads}t ${rep + 1}/${reps} (load ${load1m}):`, {
            ...r,
            text: r.text.slice(0, 40),
          });
          runs.push({ ...r, mode: r.mode as Mode, load1m });
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    close();
    await hub.close();
  }
  const loadEnd = os.loadavg().map(r1);
  const summary: Summary = {
    date: new Date().toISOString(),
    command: `npx tsx bench/engines.ts --tokens ${tokens} --reps ${reps}`,
    params: { tokens, reps, prompt: 'Once upon a time', temperature: 0 },
    crossOriginIsolated: isolated,
    cpus: os.cpus().length,
    loadavgStart: loadStart,
    loadavgEnd: loadEnd,
    ...summarize(runs),
    runs,
  };
  await mkdir(path.join(BENCH_ROOT, 'bench/results'), { recursive: true });
  await writeFile(RESULTS, JSON.stringify(summary, null, 2) + '\n');
  await writeReportSection('engines', reportSection(summary));
  console.log(JSON.stringify({ rows: summary.rows, sameText: summary.sameText }, null, 2));
}

void main();
