/**
 * Runs every benchmark, one after another, each rewriting its own section of bench/REPORT.md,
 * then prints each section's figures against their targets (headlines.ts) and the first-visit
 * size and the precache size at a glance.
 *
 *   npm run bench                         # all of them (builds first; health-latency takes minutes)
 *   npm run bench -- --only bundle-size,streaming
 *   npm run bench -- --skip health-latency,markdown-render
 *
 * Each benchmark measures against a reference in the same run and notes the load average; on a
 * shared machine compare ratios, not absolute times.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { printHeadlines } from './headlines';
import { BENCH_ROOT } from './report';

interface Bench {
  id: string;
  /** Commands to run first (builds, fixtures). */
  before?: string[][];
  args: string[];
}

const BENCHES: Bench[] = [
  { id: 'bundle-size', before: [['npx', 'vite', 'build']], args: ['bench/bundle-size.ts'] },
  { id: 'streaming', args: ['bench/streaming.ts'] },
  { id: 'gguf-engine', args: ['bench/gguf-engine.ts'] },
  { id: 'engines', before: [['npm', 'run', 'fixtures']], args: ['bench/engines.ts'] },
  { id: 'long-conversation', args: ['bench/long-conversation.ts'] },
  { id: 'markdown-render', args: ['bench/markdown-render.ts'] },
  { id: 'routing', args: ['bench/routing.ts'] },
  { id: 'documents-retrieval', args: ['bench/documents-retrieval.ts'] },
  { id: 'claude-caching', args: ['bench/claude-caching.ts'] },
  { id: 'compression-latency', before: [['npm', 'run', 'fixtures']], args: ['bench/compression-latency.ts'] },
  {
    id: 'health-latency',
    before: [['npx', 'tsx', 'tests/fixtures/models/generate.ts', '--minilm']],
    args: ['bench/health-latency.ts'],
  },
  { id: 'health-app', args: ['bench/health-app.ts'] },
  {
    id: 'documents-browser',
    before: [
      ['npx', 'vite', 'build'],
      ['npx', 'tsx', 'tests/fixtures/models/generate.ts', '--minilm'],
    ],
    args: ['bench/documents-browser.ts'],
  },
  { id: 'eval-overhead', before: [['npm', 'run', 'fixtures']], args: ['bench/eval-overhead.ts'] },
  { id: 'metrics', args: ['bench/metrics.ts'] },
  { id: 'server-provider', args: ['bench/server-provider.ts'] },
  { id: 'leaks', before: [['npm', 'run', 'fixtures']], args: ['bench/leaks.ts'] },
];

function list(name: string): string[] | null {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? '').split(',').filter(Boolean) : null;
}

function run(cmd: string[]): number {
  console.log(`\n$ ${cmd.join(' ')}`);
  const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd: BENCH_ROOT, stdio: 'inherit' });
  return r.status ?? 1;
}

const load = (): string =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const only = list('only');
  const skip = list('skip') ?? [];
  const chosen = BENCHES.filter((b) => (!only || only.includes(b.id)) && !skip.includes(b.id));
  const results: { id: string; status: number; seconds: number; loadBefore: string }[] = [];
  const built = new Set<string>();
  for (const bench of chosen) {
    const loadBefore = load();
    const t0 = Date.now();
    let status = 0;
    for (const cmd of bench.before ?? []) {
      const key = cmd.join(' ');
      if (built.has(key)) continue;
      built.add(key);
      status ||= run(cmd);
    }
    if (status === 0) status = run(['npx', 'tsx', ...bench.args]);
    results.push({ id: bench.id, status, seconds: Math.round((Date.now() - t0) / 1000), loadBefore });
  }
  console.log('\nBenchmark            status   time   load average before (1, 5, 15 min)');
  for (const r of results)
    console.log(
      `${r.id.padEnd(20)} ${(r.status === 0 ? 'ok' : `FAILED ${r.status}`).padEnd(8)} ${`${r.seconds}s`.padStart(5)}   ${r.loadBefore}`,
    );
  await printHeadlines();
  await glance();
  if (results.some((r) => r.status !== 0)) process.exitCode = 1;
}

/** The two numbers a regression shows in first: from bench/results/bundle-size.json. */
async function glance(): Promise<void> {
  try {
    const r = JSON.parse(await readFile(path.join(BENCH_ROOT, 'bench/results/bundle-size.json'), 'utf8')) as {
      date: string;
      total: { gzip: number };
      firstVisitToChat?: { total: { gzip: number } };
      precache?: { bytes: number; entries: number } | null;
    };
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      `\nAT A GLANCE (${r.date.slice(0, 16)}): entry ${kb(r.total.gzip)} gzip; first visit to Chat ` +
        `${r.firstVisitToChat ? kb(r.firstVisitToChat.total.gzip) : '?'} gzip (target 60 KB); precache ` +
        `${r.precache ? `${(r.precache.bytes / 1024 / 1024).toFixed(2)} MiB in ${r.precache.entries} files` : '?'} (target 16 MiB)`,
    );
  } catch {
    console.log('\nAT A GLANCE: no bench/results/bundle-size.json yet (run with --only bundle-size).');
  }
}

await main();
