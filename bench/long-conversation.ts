/**
 * Long conversations: open a conversation of 1,000 messages generated into IndexedDB, against
 * one of 10 messages in the same run (the reference), each in a fresh page, alternating.
 *
 *   npx tsx bench/long-conversation.ts [--messages 1000] [--reference 10] [--reps 3]
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

type Result = Record<string, number>;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const r1 = (x: number) => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const n = arg('messages', 1000);
  const ref = arg('reference', 10);
  const reps = arg('reps', 3);
  const { url, server } = await buildAndServe('streaming');
  const load0 = os.loadavg()[0]!;
  const browser = await chromium.launch({
    headless: true,
    ...LAUNCH,
    args: [...LAUNCH.args, '--enable-precise-memory-info'],
  });
  const runs: { size: number; result: Result }[] = [];
  try {
    for (let rep = 0; rep < reps; rep++) {
      for (const size of [ref, n]) {
        const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
        const page = await context.newPage();
        page.on('pageerror', (e) => console.error('page error:', e.message));
        await page.goto(url);
        await page.waitForFunction(() => 'bench' in window);
        const result = await page.evaluate(
          (size) =>
            (window as unknown as { bench: { openLong: (n: number) => Promise<Result> } }).bench.openLong(
              size,
            ),
          size,
        );
        console.log(`${size} messages, ${rep + 1}/${reps}:`, result);
        runs.push({ size, result });
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const load1 = os.loadavg()[0]!;
  const med = (size: number, k: string) =>
    r1(median(runs.filter((r) => r.size === size).map((r) => r.result[k]!)));
  const all = (size: number, k: string) => runs.filter((r) => r.size === size).map((r) => r1(r.result[k]!));
  const keys = ['firstRenderMs', 'interactiveMs', 'heapDeltaMB', 'domNodes', 'scrollMsPerFrame'];
  const summary = {
    date: new Date().toISOString(),
    params: { messages: n, reference: ref, reps },
    loadavg1mStartEnd: [r1(load0), r1(load1)],
    medians: Object.fromEntries(keys.map((k) => [k, { long: med(n, k), reference: med(ref, k) }])),
    longTasks: {
      open: all(n, 'openLongTasks'),
      scroll: all(n, 'scrollLongTasks'),
      longestMs: all(n, 'longestTaskMs'),
    },
    scrollFrames: all(n, 'scrollFrames'),
    runs,
  };
  await mkdir(path.join(BENCH_ROOT, 'bench/results'), { recursive: true });
  await writeFile(
    path.join(BENCH_ROOT, 'bench/results/long-conversation.json'),
    JSON.stringify(summary, null, 2) + '\n',
  );
  const m = summary.medians as Record<string, { long: number; reference: number }>;
  const row = (label: string, k: string, unit: string) =>
    `| ${label} | ${m[k]!.long}${unit} | ${m[k]!.reference}${unit} | ${r1(m[k]!.long / Math.max(m[k]!.reference, 1e-6))}x |`;
  await writeReportSection(
    'long-conversation',
    `
## Long conversations (1,000 messages)

\`npx tsx bench/long-conversation.ts\` (defaults: \`--messages ${n} --reference ${ref} --reps ${reps}\`). Results: \`bench/results/long-conversation.json\`. ${summary.date.slice(0, 16)}, ${os.cpus().length} cores, 1-min load average ${summary.loadavg1mStartEnd.join(' → ')} (shared machine: absolute times are inflated; read the ratio).

A conversation of ${n} messages (alternating questions and markdown answers with a list and inline code) is written into the real IndexedDB, then opened the way the app opens one: \`ChatState.open\` reads it, \`MessageList\` renders every message with \`Markdown\` (renderer already loaded). First render = open + mount + forced style/layout; interactive = first render plus the next frame and a task. Reference: the same with ${ref} messages, same run, alternating, each in a fresh page; medians of ${reps}.

| Metric | ${n} messages | ${ref} messages (reference) | Ratio |
|---|---:|---:|---:|
${row('Time to first render', 'firstRenderMs', ' ms')}
${row('Time to interactive', 'interactiveMs', ' ms')}
${row('JS heap growth on open', 'heapDeltaMB', ' MB')}
${row('DOM elements', 'domNodes', '')}
${row('Scrolling, ms per frame (one screen per frame)', 'scrollMsPerFrame', ' ms')}

- Long tasks (> 50 ms) with ${n} messages: while opening ${summary.longTasks.open.join(', ')}; while scrolling ${summary.longTasks.scroll.join(', ')} over ${summary.scrollFrames.join(', ')} frames; longest ${summary.longTasks.longestMs.join(', ')} ms.
- Target: interactive ≤ 300 ms and no long task while scrolling. Every message is rendered (no virtualisation); see the interpretation below the table in the README's Benchmarks section.
`,
  );
}

await main();
