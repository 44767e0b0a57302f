/**
 * Metrics benchmark, in Chromium on the built app's origin (real IndexedDB):
 * 1. Recording overhead per operation: the time a caller spends in `OperationRecorder.record`
 *    (what every embedding, compression, load and routing decision pays), p50/p95 over 5,000
 *    calls, against an empty function call in the same run; plus the batched write's cost per
 *    record (which runs later, off the measured operation).
 * 2. Dashboard with 100,000 recorded operations (50,000 generation attempts + 50,000 other
 *    operations over the last day): the app is opened at #/metrics and timed from navigation to
 *    the Metrics heading (the page chunk painted) and to the aggregated numbers on screen; the
 *    aggregation alone (index scan into an Aggregator) is timed in the page too. Reference in the
 *    same run: the app opened at #/settings (its first paint).
 *
 *   npx vite build && npx tsx bench/metrics.ts [--records 100000]
 *
 * Prints the load average with the numbers; writes bench/results/metrics.json and the section
 * between <!-- bench:metrics:start --> and <!-- bench:metrics:end --> of bench/REPORT.md.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { bundleScript, chromiumExecutable, previewApp } from './harness/serve';
import { BENCH_ROOT as root, writeReportSection } from './report';

const args = process.argv.slice(2);
const RECORDS = Number(args[args.indexOf('--records') + 1] || 100_000) || 100_000;

function bundle(): Promise<string> {
  return bundleScript(path.join(root, 'bench/metrics-entry.ts'), 'TandemMetrics');
}

const load = (): string =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');

async function recordingOverhead(page: Page) {
  return page.evaluate(async () => {
    const M = (globalThis as unknown as { TandemMetrics: typeof import('./metrics-entry') }).TandemMetrics;
    const db = await M.openAppDb();
    const repo = new M.MetricsRepository(db);
    const recorder = new M.OperationRecorder((r) => repo.addOperations(r), {
      delayMs: 1_000_000,
      maxQueue: 1e9,
    });
    const N = 5000;
    const op = (i: number) => ({
      kind: 'embedding' as const,
      at: Date.now(),
      modelId: 'bench/encoder',
      status: 'ok' as const,
      totalMs: i % 50,
      backend: 'wasm',
      detail: 'health',
      items: 2,
      tokensIn: 40,
      tokensOut: null,
      bytes: null,
      route: null,
    });
    const noop = (_x: unknown): void => undefined;
    const time = (f: (i: number) => void): number[] => {
      const out: number[] = [];
      for (let i = 0; i < N; i++) {
        const t = performance.now();
        f(i);
        out.push(performance.now() - t);
      }
      return out.sort((a, b) => a - b);
    };
    const q = (s: number[], p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
    const reference = time((i) => noop(op(i)));
    const record = time((i) => recorder.record(op(i)));
    // The batched write, per record: 50 batches of 100 (the recorder's usual batch is smaller).
    const writes: number[] = [];
    for (let b = 0; b < 50; b++) {
      const batch = Array.from({ length: 100 }, (_, i) => ({ ...op(i), id: `w${b}_${i}`, errorCode: null }));
      const t = performance.now();
      await repo.addOperations(batch);
      writes.push((performance.now() - t) / 100);
    }
    await recorder.flush();
    await repo.clear();
    db.close();
    writes.sort((a, b) => a - b);
    return {
      calls: N,
      recordP50: q(record, 0.5),
      recordP95: q(record, 0.95),
      recordMax: record[record.length - 1]!,
      referenceP95: q(reference, 0.95),
      writePerRecordP50: q(writes, 0.5),
      writePerRecordP95: q(writes, 0.95),
    };
  });
}

async function seed(page: Page, n: number) {
  return page.evaluate(async (n) => {
    const M = (globalThis as unknown as { TandemMetrics: typeof import('./metrics-entry') }).TandemMetrics;
    const db = await M.openAppDb();
    const now = Date.now();
    const half = Math.floor(n / 2);
    const models = ['custom:tandem-test/tiny-chat', 'claude-sonnet-4-5', 'webllm-phi'];
    const kinds = ['embedding', 'compression', 'load', 'route'] as const;
    const started = performance.now();
    for (let start = 0; start < half; start += 10_000) {
      const tx = db.transaction(['answerMetrics', 'operations'], 'readwrite');
      for (let i = start; i < Math.min(half, start + 10_000); i++) {
        const at = now - Math.floor((i / half) * 86_000_000);
        const model = models[i % 3]!;
        void tx.objectStore('answerMetrics').put({
          id: `m${i}:0`,
          messageId: `m${i}`,
          conversationId: `c${i % 200}`,
          attempt: i % 17 === 0 ? 1 : 0,
          source: 'chat',
          modelId: model,
          modelLabel: model,
          backend: model.startsWith('claude')
            ? 'claude'
            : model.startsWith('webllm')
              ? 'webllm'
              : 'transformers',
          device: 'wasm',
          route: null,
          status: i % 23 === 0 ? 'error' : 'ok',
          errorCode: i % 23 === 0 ? 'overloaded' : null,
          startedAt: at,
          totalMs: 200 + (i % 900),
          ttftMs: 20 + (i % 80),
          prefillTokensPerSecond: 300 + (i % 50),
          decodeTokensPerSecond: 20 + (i % 30),
          inputTokens: 100 + (i % 40),
          outputTokens: 50 + (i % 60),
          costUsd: model.startsWith('claude') ? 0.001 : null,
        });
        void tx.objectStore('operations').put({
          id: `o${i}`,
          kind: kinds[i % 4]!,
          at,
          modelId: i % 4 === 3 ? models[i % 3]! : 'tandem-test/tiny-encoder',
          status: 'ok',
          errorCode: null,
          totalMs: 5 + (i % 40),
          backend: 'wasm',
          detail: i % 4 === 2 ? 'indexeddb' : i % 4 === 3 ? 'simple' : 'health',
          items: 2,
          tokensIn: 60,
          tokensOut: i % 4 === 1 ? 30 : null,
          bytes: i % 4 === 2 ? 1_000_000 : null,
          route:
            i % 4 === 3
              ? { target: i % 8 === 3 ? 'claude' : 'local', kind: 'simple', reasons: ['bench'] }
              : null,
        });
      }
      await tx.done;
    }
    db.close();
    return performance.now() - started;
  }, n);
}

/**
 * Opens the app at a route in a fresh page; for each selector, ms from navigation start to the
 * first animation frame after it matched (a MutationObserver in the page notes the moment).
 */
async function openAt(page: Page, url: string, selectors: string[]): Promise<number[]> {
  // tsx compiles this file with keepNames: evaluated functions refer to its helper.
  await page.addInitScript('globalThis.__name = (f) => f');
  await page.addInitScript((sels: string[]) => {
    const seen: Record<string, number> = {};
    (globalThis as unknown as { __seen: Record<string, number> }).__seen = seen;
    const check = () => {
      for (const s of sels) {
        if (seen[s] === undefined && document.querySelector(s)) {
          seen[s] = -1;
          requestAnimationFrame(() => (seen[s] = performance.now()));
        }
      }
    };
    new MutationObserver(check).observe(document, {
      childList: true,
      subtree: true,
      attributes: true,
      characterData: true,
    });
  }, selectors);
  await page.goto(url);
  const last = selectors[selectors.length - 1]!;
  await page.locator(last).first().waitFor({ state: 'visible', timeout: 300_000 });
  return page.evaluate(
    (sels) =>
      new Promise<number[]>((resolve) => {
        const seen = (globalThis as unknown as { __seen: Record<string, number> }).__seen;
        const poll = () =>
          sels.every((s) => (seen[s] ?? -1) >= 0) ? resolve(sels.map((s) => seen[s]!)) : setTimeout(poll, 10);
        poll();
      }),
    selectors,
  );
}

async function main(): Promise<void> {
  if (!existsSync(path.join(root, 'dist/index.html'))) throw new Error('Build the app first: npx vite build');
  const code = await bundle();
  const server = await previewApp(root);
  const origin = server.origin;
  const executablePath = chromiumExecutable();
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-background-networking'],
  });
  // bypassCSP: the bench injects its bundled code as an inline script (the app's policy forbids those).
  const context = await browser.newContext({ serviceWorkers: 'block', bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/manifest.webmanifest`);
    await page.evaluate('globalThis.__name = (f) => f');
    await page.addScriptTag({ content: code });
    const loadBefore = load();
    const overhead = await recordingOverhead(page);
    const seedMs = await seed(page, RECORDS);
    const aggregate = await page.evaluate(async () => {
      const M = (globalThis as unknown as { TandemMetrics: typeof import('./metrics-entry') }).TandemMetrics;
      const db = await M.openAppDb();
      const repo = new M.MetricsRepository(db);
      const now = Date.now();
      const t = performance.now();
      const agg = new M.Aggregator(M.timeBuckets(now - 86_400_000, now));
      await repo.scan(now - 86_400_000, {
        answer: (m) => agg.add(M.rowFromAnswerMetric(m)),
        operation: (o) => agg.add(M.rowFromOperation(o)),
      });
      const total = agg.summary().total;
      db.close();
      return { ms: performance.now() - t, total };
    });
    await page.close();
    const runs: {
      settings: number;
      heading: number;
      numbers: number;
      final: number;
      appComputeMs: number;
    }[] = [];
    for (let i = 0; i < 3; i++) {
      const ref = await context.newPage();
      const [settings] = await openAt(ref, `${origin}/#/settings`, ['h1']);
      await ref.close();
      const p = await context.newPage();
      const [heading, numbers, final] = await openAt(p, `${origin}/#/metrics`, [
        'h1',
        '[data-testid="metrics-total"]',
        '[data-testid="metrics-total"][data-computing="false"]',
      ]);
      const text = await p.getByTestId('metrics-total').innerText();
      await p.close();
      runs.push({
        settings: settings!,
        heading: heading!,
        numbers: numbers!,
        final: final!,
        appComputeMs: Number(/aggregated in (\d+) ms/.exec(text)?.[1] ?? NaN),
      });
    }
    const med = (k: keyof (typeof runs)[number]) => [...runs.map((r) => r[k])].sort((a, b) => a - b)[1]!;
    const result = {
      date: new Date().toISOString(),
      loadAverage: { before: loadBefore, after: load() },
      machine: `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, ${process.platform}`,
      records: RECORDS,
      overhead,
      seedMs,
      aggregateInPageMs: aggregate.ms,
      aggregatedRecords: aggregate.total,
      dashboard: {
        runs,
        settingsFirstPaintMs: med('settings'),
        headingMs: med('heading'),
        numbersMs: med('numbers'),
        finalMs: med('final'),
        appComputeMs: med('appComputeMs'),
      },
    };
    console.log(JSON.stringify(result, null, 2));
    await mkdir(path.join(root, 'bench/results'), { recursive: true });
    await writeFile(path.join(root, 'bench/results/metrics.json'), JSON.stringify(result, null, 2) + '\n');
    const f = (n: number, d = 1) => n.toFixed(d);
    await writeReportSection(
      'metrics',
      `## Metrics: recording overhead and dashboard with ${RECORDS.toLocaleString('en-US')} operations

Command: \`npx vite build && npx tsx bench/metrics.ts\` (Chromium, the built app's origin, real IndexedDB).
Measured ${result.date}; load average (1/5/15 min) ${result.loadAverage.before} before, ${result.loadAverage.after} after; ${result.machine}.

| What | Measured | Target |
| --- | --- | --- |
| \`record()\` per operation, p50 / p95 / max (${overhead.calls} calls) | ${f(overhead.recordP50 * 1000)} / ${f(overhead.recordP95 * 1000)} / ${f(overhead.recordMax * 1000)} µs | p95 ≤ 1 ms |
| Reference: empty call, p95 (same run) | ${f(overhead.referenceP95 * 1000)} µs | |
| Batched write, per record, p50 / p95 (batches of 100, later, off the operation) | ${f(overhead.writePerRecordP50 * 1000)} / ${f(overhead.writePerRecordP95 * 1000)} µs | |
| Aggregation alone (index scan → Aggregator, ${aggregate.total.toLocaleString('en-US')} records, last day) | ${f(aggregate.ms, 0)} ms | |
| Open #/metrics → Metrics heading painted (median of 3) | ${f(result.dashboard.headingMs, 0)} ms | ≤ 500 ms |
| Open #/metrics → first numbers painted (median of 3) | ${f(result.dashboard.numbersMs, 0)} ms | ≤ 500 ms |
| Open #/metrics → all ${RECORDS.toLocaleString('en-US')} aggregated, final numbers painted (median of 3) | ${f(result.dashboard.finalMs, 0)} ms | |
| The app's own aggregation time shown on the page (median) | ${f(result.dashboard.appComputeMs, 0)} ms | |
| Reference: open #/settings → heading painted (same run) | ${f(result.dashboard.settingsFirstPaintMs, 0)} ms | |

Seeding took ${f(seedMs / 1000)} s. Times from navigation start (\`performance.now()\` at the next animation frame after the element is visible).`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
