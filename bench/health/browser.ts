/**
 * Browser side: the app's built `embed.worker.ts` (raw RPC envelope) in Chromium, served by
 * `vite preview` with the app's headers (cross-origin isolated), the model from the local hub into
 * IndexedDB, and the health tracker bundled from the app's source.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startHub } from '../../tests/fixtures/hub/server';
import { bundleScript, chromiumExecutable, previewApp } from '../harness/serve';
import type { Turn, TurnTimes } from './common';

export interface BrowserConfig {
  label: string;
  repo: string;
  threads?: number;
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
}

export interface BrowserRun extends TurnTimes {
  /** The question alone (embedded while the answer streams in the app). */
  userMs: number[];
  /** Both texts in one batch (the app before this change). */
  pairMs: number[];
  loadMs: number;
  /** From `new Worker` to the model ready (worker start, wasm, session, probe run). */
  openMs: number;
  filesFromCache: number;
  threads: number;
  isolated: boolean;
}

function bundleTracker(root: string): Promise<string> {
  return bundleScript(path.join(root, 'src/features/health/index.ts'), 'TandemHealth');
}

/** Runs each config on `turns` (first page downloads into IndexedDB), then `coldRuns` fresh pages each. */
export async function runBrowser(
  root: string,
  modelsDir: string,
  configs: BrowserConfig[],
  turns: Turn[],
  coldRuns = 3,
): Promise<Map<string, { warm: BrowserRun; cold: BrowserRun[] }>> {
  const workerFile = (await readdir(path.join(root, 'dist/assets'))).find((f) =>
    /^embed\.worker-.*\.js$/.test(f),
  );
  if (!workerFile) throw new Error('Build the app first: npx vite build');
  const trackerCode = await bundleTracker(root);
  const hub = await startHub({ root: modelsDir });
  // The worker downloads from the local hub: allow it in connect-src, as the e2e run does.
  process.env.TANDEM_CSP_CONNECT_SRC ??= 'http://127.0.0.1:*';
  const server = await previewApp(root);
  const origin = server.origin;
  const executablePath = chromiumExecutable();
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-background-networking'],
  });
  // The page evaluates the bundled tracker inline: the app's CSP (script-src 'self') would block it.
  const context = await browser.newContext({ serviceWorkers: 'block', bypassCSP: true });
  const results = new Map<string, { warm: BrowserRun; cold: BrowserRun[] }>();
  try {
    const runOnce = async (config: BrowserConfig, timed: Turn[]): Promise<BrowserRun> => {
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
      await page.goto(`${origin}/manifest.webmanifest`);
      await page.addScriptTag({ content: trackerCode });
      await page.evaluate('globalThis.__name = (f) => f');
      const result = await page.evaluate(
        async ({ turns, hubUrl, origin, config, workerUrl }) => {
          type Health = typeof import('../../src/features/health');
          const health = (globalThis as unknown as { TandemHealth: Health }).TandemHealth;
          const opened = performance.now();
          const worker = new Worker(workerUrl, { type: 'module' });
          let nextId = 1;
          const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
          worker.addEventListener('message', (event: MessageEvent) => {
            const m = event.data as {
              kind: string;
              id: number;
              value?: unknown;
              error?: { message: string };
            };
            if (m.kind === 'return') pending.get(m.id)?.resolve(m.value);
            if (m.kind === 'throw') pending.get(m.id)?.reject(new Error(m.error?.message));
          });
          const call = <T>(method: string, params: unknown): Promise<T> =>
            new Promise<T>((resolve, reject) => {
              const id = nextId++;
              pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
              worker.postMessage({ kind: 'call', id, method, params });
            });
          const info = await call<{ loadMs: number; filesFromCache: number; wasmThreads: number }>('load', {
            repo: config.repo,
            device: 'wasm',
            remoteHost: hubUrl,
            wasmBase: `${origin}/ort/`,
            ...(config.threads ? { threads: config.threads } : {}),
            ...(config.graphOptimizationLevel
              ? { sessionOptions: { graphOptimizationLevel: config.graphOptimizationLevel } }
              : {}),
          });
          const openMs = performance.now() - opened;
          const embedder = {
            async embed(texts: string[]): Promise<Float32Array[]> {
              const r = await call<{ vectors: number[][] }>('embed', { texts });
              return r.vectors.map((v) => Float32Array.from(v));
            },
          };
          const settings = health.defaultHealthSettings();
          const pairTracker = new health.HealthTracker(embedder, settings);
          await pairTracker.prepare();
          const prototypeCache = pairTracker.prototypeCache;
          const pairMs: number[] = [];
          for (const turn of turns) {
            const s = performance.now();
            await pairTracker.addTurn(turn);
            pairMs.push(performance.now() - s);
          }
          // The app's path: the question while the answer streams, then the answer and scoring.
          const tracker = new health.HealthTracker(embedder, settings, { prototypeCache });
          const userMs: number[] = [];
          const afterEndMs: number[] = [];
          const perTurnMs: number[] = [];
          for (const turn of turns) {
            const s = performance.now();
            const [userEmbedding] = await embedder.embed([turn.user]);
            const e = performance.now();
            await tracker.addTurn({ ...turn, userEmbedding: userEmbedding! });
            const end = performance.now();
            userMs.push(e - s);
            afterEndMs.push(end - e);
            perTurnMs.push(end - s);
          }
          worker.terminate();
          return {
            perTurnMs,
            afterEndMs,
            userMs,
            pairMs,
            loadMs: info.loadMs,
            openMs,
            filesFromCache: info.filesFromCache,
            threads: info.wasmThreads,
            isolated: globalThis.crossOriginIsolated === true,
          };
        },
        { turns: timed, hubUrl: hub.url, origin, config, workerUrl: `${origin}/assets/${workerFile}` },
      );
      await page.close();
      return result;
    };
    for (const config of configs) {
      console.log(`browser: ${config.label}…`);
      const warm = await runOnce(config, turns);
      const cold: BrowserRun[] = [];
      for (let i = 0; i < coldRuns; i++) cold.push(await runOnce(config, turns.slice(0, 2)));
      results.set(config.label, { warm, cold });
    }
    return results;
  } finally {
    await browser.close();
    await server.close();
    await hub.close();
  }
}
