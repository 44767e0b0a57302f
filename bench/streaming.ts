/**
 * Streaming overhead: 2,000 tokens at 1,000 tok/s from the fake WebLLM engine in a worker,
 * through WebLLM's worker protocol, WebLLMProvider, ChatState (collectAnswer, IndexedDB
 * persistence) and the markdown message list into the page ("app"), against the same worker
 * stream read by the same page and appended as plain text ("raw", the reference). Same run,
 * alternating, each in a fresh page.
 *
 *   npx tsx bench/streaming.ts [--tokens 2000] [--rate 1000] [--reps 3]
 */
import { chromium } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildAndServe, LAUNCH } from './harness/serve';
import { BENCH_ROOT, writeReportSection } from './report';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

/** ~4-character tokens of a markdown answer: headings, paragraphs, lists, a code block. */
function tokens(n: number): string[] {
  const words = 'the model streams tokens into the page while the chat state keeps every answer safe'.split(
    ' ',
  );
  const out: string[] = [];
  let i = 0;
  const push = (s: string) => out.push(s);
  while (out.length < n) {
    const k = i++ % 12;
    if (k === 0) push(`\n\n## Part ${i}\n\n`);
    else if (k === 5) push('\n\n- ');
    else if (k === 6 || k === 7) push('\n- ');
    else if (k === 9) push('\n\n```ts\nconst x = 1;\n```\n\n');
    for (let w = 0; w < 6 && out.length < n; w++) push(`${words[(i * 7 + w) % words.length]} `);
  }
  return out.slice(0, n);
}

type Run = {
  mode: 'app' | 'raw';
  tokens: number;
  firstToLastMs: number;
  tokensPerSecond: number;
  longTasks: number[];
  idbWrites: number;
  composerMutations: number;
  otherAnswerMutations: number;
  streamingAnswerMutations: number;
  shownChars: number;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const r1 = (x: number) => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const n = arg('tokens', 2000);
  const rate = arg('rate', 1000);
  const reps = arg('reps', 3);
  const chunks = tokens(n);
  const { url, server } = await buildAndServe('streaming');
  const load0 = os.loadavg()[0]!;
  const browser = await chromium.launch({ headless: true, ...LAUNCH });
  const runs: Run[] = [];
  try {
    for (let rep = 0; rep < reps; rep++) {
      for (const mode of ['raw', 'app'] as const) {
        const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
        const page = await context.newPage();
        page.on('pageerror', (e) => console.error('page error:', e.message));
        await page.goto(url);
        await page.waitForFunction(() => 'bench' in window);
        const result = await page.evaluate(
          ({ mode, chunks, rate }) =>
            (window as unknown as { bench: { run: (...a: unknown[]) => Promise<Run> } }).bench.run(
              mode,
              chunks,
              rate,
            ),
          { mode, chunks, rate },
        );
        console.log(`${mode} ${rep + 1}/${reps}:`, { ...result, longTasks: result.longTasks.length });
        runs.push(result);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const load1 = os.loadavg()[0]!;
  const of = (mode: 'app' | 'raw') => runs.filter((r) => r.mode === mode);
  const app = of('app');
  const raw = of('raw');
  const tpsApp = median(app.map((r) => r.tokensPerSecond));
  const tpsRaw = median(raw.map((r) => r.tokensPerSecond));
  const summary = {
    date: new Date().toISOString(),
    params: { tokens: n, rate, reps },
    loadavg1mStartEnd: [r1(load0), r1(load1)],
    cpus: os.cpus().length,
    tokensPerSecond: { app: r1(tpsApp), raw: r1(tpsRaw), ratio: Math.round((tpsApp / tpsRaw) * 1000) / 1000 },
    overheadPct: r1((1 - tpsApp / tpsRaw) * 100),
    longTasks: { app: app.map((r) => r.longTasks.length), raw: raw.map((r) => r.longTasks.length) },
    longestTaskMs: {
      app: Math.max(0, ...app.flatMap((r) => r.longTasks)),
      raw: Math.max(0, ...raw.flatMap((r) => r.longTasks)),
    },
    idbWritesPerAnswer: app.map((r) => r.idbWrites),
    composerMutations: app.map((r) => r.composerMutations),
    otherAnswerMutations: app.map((r) => r.otherAnswerMutations),
    streamingAnswerMutations: {
      app: app.map((r) => r.streamingAnswerMutations),
      raw: raw.map((r) => r.streamingAnswerMutations),
    },
    tokensReceived: { app: app.map((r) => r.tokens), raw: raw.map((r) => r.tokens) },
    runs,
  };
  await mkdir(path.join(BENCH_ROOT, 'bench/results'), { recursive: true });
  await writeFile(
    path.join(BENCH_ROOT, 'bench/results/streaming.json'),
    JSON.stringify(summary, null, 2) + '\n',
  );
  const s = summary;
  await writeReportSection(
    'streaming',
    `
## Streaming overhead (2,000 tokens at 1,000 tok/s)

\`npx tsx bench/streaming.ts\` (defaults: \`--tokens ${n} --rate ${rate} --reps ${reps}\`). Results: \`bench/results/streaming.json\`. ${s.date.slice(0, 16)}, ${s.cpus} cores, 1-min load average ${s.loadavg1mStartEnd.join(' → ')} (shared machine: read the ratio).

The fake WebLLM engine (\`providers/webllm/testing/fake-engine.ts\`) runs in a worker behind the app's WebLLM worker handler and streams ${n} tokens paced at ${rate} tok/s; WebLLM's worker protocol asks for each chunk, so a busy page slows the stream down. **App**: WebLLMProvider → ChatState (collectAnswer, persistence to the real IndexedDB) → MessageList with Markdown, and the Composer, in the page. **Raw** (reference, same page code, same worker stream): the provider's text deltas appended to one element. Alternating, ${reps} runs each in a fresh page; medians.

| Metric | App | Raw (reference) | App / raw |
|---|---:|---:|---:|
| Tokens/s received by the page (median) | ${s.tokensPerSecond.app} | ${s.tokensPerSecond.raw} | ${s.tokensPerSecond.ratio} |
| Main-thread long tasks (> 50 ms) per run | ${s.longTasks.app.join(', ')} | ${s.longTasks.raw.join(', ')} | |
| Longest long task | ${r1(s.longestTaskMs.app)} ms | ${r1(s.longestTaskMs.raw)} ms | |
| DOM mutations in the streaming answer per run | ${s.streamingAnswerMutations.app.join(', ')} | ${s.streamingAnswerMutations.raw.join(', ')} | |

- **Overhead: ${s.overheadPct}%** of the raw rate (target ≤ 3%).
- IndexedDB writes per answer (\`putMessage\`): ${s.idbWritesPerAnswer.join(', ')} (the user message, the empty answer, one every 400 ms while streaming, the final answer).
- DOM mutations inside the composer over the whole answer: ${s.composerMutations.join(', ')} (the draft cleared on send and the Send/Stop swap at start and end, not per token); inside the earlier answer on screen: ${s.otherAnswerMutations.join(', ')} (target 0). The streaming answer's own mutations are per animation frame, not per token (raw: one per token).
- Tokens received: app ${s.tokensReceived.app.join(', ')}, raw ${s.tokensReceived.raw.join(', ')}.
- Streamed text reaches the DOM once per animation frame (\`src/ui/once-per-frame.ts\`), and only the streaming answer reads it (MessageList passes the stream to that item alone).
`,
  );
  console.log(
    `overhead ${s.overheadPct}% (app ${s.tokensPerSecond.app} vs raw ${s.tokensPerSecond.raw} tok/s)`,
  );
}

await main();
