/**
 * The GGUF engine on the real stories260K model: Tandem's path (GgufProvider -> gguf.worker.ts ->
 * wllama, files from IndexedDB) against wllama called directly in the same page (the reference), at
 * 1 and 2 CPU threads, cross-origin isolated. Temperature 0 from "Once upon a time"; TTFT, decode
 * tok/s and load time; alternating, each run in a fresh page; medians.
 *
 *   npx tsx bench/gguf-engine.ts [--tokens 96] [--reps 3]
 */
import { chromium } from '@playwright/test';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { LAUNCH } from './harness/serve';
import { BENCH_ROOT, writeReportSection } from './report';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const r1 = (x: number) => Math.round(x * 10) / 10;

const WLLAMA_WASM = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@wllama/wllama/package.json')),
  'esm/wasm/wllama.wasm',
);
const MODEL = path.join(BENCH_ROOT, 'tests/fixtures/models/gguf/stories260K.gguf');

/** Builds the harness and serves it cross-origin isolated, with the model (Hub layout) and wllama's wasm. */
async function serve(): Promise<{ url: string; close: () => void }> {
  const outDir = path.join(BENCH_ROOT, '.cache/bench/gguf');
  await build({
    root: path.join(BENCH_ROOT, 'bench/harness/gguf'),
    configFile: false,
    logLevel: 'silent',
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: true },
  });
  const routes: Record<string, string> = {
    '/wllama/wllama.wasm': WLLAMA_WASM,
    '/hub/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf': MODEL,
  };
  const server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = routes[rel] ?? path.join(outDir, rel === '/' ? 'index.html' : rel);
    if (!existsSync(file) || statSync(file).isDirectory()) return void res.writeHead(404).end();
    const ext = path.extname(file);
    res.writeHead(200, {
      'Content-Type':
        ext === '.html'
          ? 'text/html'
          : ext === '.js'
            ? 'text/javascript'
            : ext === '.wasm'
              ? 'application/wasm'
              : 'application/octet-stream',
      'Content-Length': statSync(file).size,
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

interface Run {
  mode: 'raw' | 'tandem';
  threads: number;
  loadMs: number;
  ttftMs: number;
  decodeTokensPerSecond: number;
  chunks: number;
  text: string;
}

async function main(): Promise<void> {
  const tokens = arg('tokens', 96);
  const reps = arg('reps', 3);
  const { url, close } = await serve();
  const load0 = os.loadavg()[0]!;
  const browser = await chromium.launch({ headless: true, ...LAUNCH });
  const runs: Run[] = [];
  let isolated = false;
  try {
    for (let rep = 0; rep < reps; rep++) {
      for (const threads of [1, 2]) {
        for (const mode of ['raw', 'tandem'] as const) {
          const context = await browser.newContext();
          const page = await context.newPage();
          page.on('pageerror', (e) => console.error('page error:', e.message));
          await page.goto(url);
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
          console.log(`${mode} ${threads}t ${rep + 1}/${reps}:`, { ...r, text: r.text.slice(0, 40) });
          runs.push(r);
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    close();
  }
  const load1 = os.loadavg()[0]!;
  const pick = (mode: 'raw' | 'tandem', threads: number) =>
    runs.filter((r) => r.mode === mode && r.threads === threads);
  const row = (threads: number) => {
    const raw = pick('raw', threads);
    const app = pick('tandem', threads);
    const tps = {
      raw: median(raw.map((r) => r.decodeTokensPerSecond)),
      app: median(app.map((r) => r.decodeTokensPerSecond)),
    };
    const ttft = { raw: median(raw.map((r) => r.ttftMs)), app: median(app.map((r) => r.ttftMs)) };
    const load = { raw: median(raw.map((r) => r.loadMs)), app: median(app.map((r) => r.loadMs)) };
    return {
      threads,
      tps,
      ttft,
      load,
      overheadPct: r1((1 - tps.app / tps.raw) * 100),
      sameText: app.every((r) => r.text === raw[0]?.text),
    };
  };
  const rows = [row(1), row(2)];
  const summary = {
    date: new Date().toISOString(),
    params: { tokens, reps },
    crossOriginIsolated: isolated,
    loadavg1mStartEnd: [r1(load0), r1(load1)],
    cpus: os.cpus().length,
    rows,
    runs,
  };
  await mkdir(path.join(BENCH_ROOT, 'bench/results'), { recursive: true });
  await writeFile(
    path.join(BENCH_ROOT, 'bench/results/gguf-engine.json'),
    JSON.stringify(summary, null, 2) + '\n',
  );
  const s = summary;
  await writeReportSection(
    'gguf-engine',
    `
## GGUF engine on the real stories260K model (llama.cpp via wllama 3.13, CPU)

\`npx tsx bench/gguf-engine.ts\` (defaults: \`--tokens ${tokens} --reps ${reps}\`). Results: \`bench/results/gguf-engine.json\`. ${s.date.slice(0, 16)}, ${s.cpus} cores, 1-min load average ${s.loadavg1mStartEnd.join(' → ')} (shared machine: read the ratios), cross-origin isolated: ${s.crossOriginIsolated}.

**Tandem**: GgufProvider → \`gguf.worker.ts\` (typed RPC, GGUF header check, the file from IndexedDB) → wllama → the provider's text deltas in the page. **Raw** (reference, same page, same wasm): wllama called directly with the model as a Blob. Temperature 0, "Once upon a time", ${tokens} tokens, alternating, ${reps} runs each in a fresh page; medians. Load includes the download from the local server (Tandem also stores it in IndexedDB).

| Threads | Decode tok/s: Tandem | raw | Tandem / raw | TTFT: Tandem | raw | Load: Tandem | raw | Same text |
|---:|---:|---:|---:|---:|---:|---:|---:|:---|
${s.rows.map((r) => `| ${r.threads} | ${r1(r.tps.app)} | ${r1(r.tps.raw)} | ${Math.round((r.tps.app / r.tps.raw) * 1000) / 1000} | ${r1(r.ttft.app)} ms | ${r1(r.ttft.raw)} ms | ${Math.round(r.load.app)} ms | ${Math.round(r.load.raw)} ms | ${r.sameText ? 'yes' : 'no'} |`).join('\n')}

- Tandem's decode overhead against the raw engine: ${s.rows.map((r) => `${r.overheadPct}% at ${r.threads} thread(s)`).join(', ')} (target ≤ 3%). For a 260K-parameter model nearly all of a token's time is per-token overhead in wllama (one worker round trip per token), so this measures the plumbing, not the arithmetic.
- Every run's decode tok/s (the spread is the noise to read the ratio against): ${[1, 2]
      .map(
        (t) =>
          `${t} thread(s): Tandem ${pick('tandem', t)
            .map((r) => r1(r.decodeTokensPerSecond))
            .join(', ')}; raw ${pick('raw', t)
            .map((r) => r1(r.decodeTokensPerSecond))
            .join(', ')}`,
      )
      .join('; ')}.
- Threads: llama.cpp's threads spin while they wait for each other, so on a 2-core machine that is also busy, 2 threads are far slower than 1; Tandem therefore uses half the logical cores (wllama's default rule), which is 1 here.
- transformers.js on the same model (converted to ONNX), against llama.cpp and each against its raw engine: the "Four engines" section (\`bench/engines.ts\`). Not measured yet: a ~100M-parameter model in both formats, WebGPU.
`,
  );
  console.log(JSON.stringify(rows, null, 2));
}

void main();
