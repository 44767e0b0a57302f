/**
 * Node side of bench/documents-browser.ts: serves the built app with `vite preview` (its real
 * headers, cross-origin isolated), the model from the local hub, and opens one Chromium page that
 * runs bench/documents/page.ts (bundled from the app's source) against the built documents and
 * embedding workers. The page's origin is the app's, so its IndexedDB is the app's database.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { startHub } from '../../tests/fixtures/hub/server';
import { chromiumExecutable, previewApp } from '../harness/serve';
import type { IndexRun, SearchBlock } from './page';

type PageApi = typeof import('./page');

export interface DocBenchPage {
  info: { threads: number; loadMs: number; isolated: boolean };
  indexOnce(text: string, reference: string[]): Promise<IndexRun>;
  seed(count: number, docs: number): Promise<{ ids: string[]; ms: number }>;
  searchBlock(ids: string[], from: number, to: number): Promise<SearchBlock>;
  close(): Promise<void>;
}

/** page.ts as one script; .svelte.ts modules need the Svelte compiler (runes). */
async function bundlePage(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'error',
    plugins: [svelte()],
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      minify: false,
      lib: {
        entry: fileURLToPath(new URL('./page.ts', import.meta.url)),
        formats: ['iife'],
        name: 'TandemDocBench',
      },
    },
  });
  const outputs = Array.isArray(out) ? out : [out];
  const chunk = (outputs[0] as { output: { type: string; code?: string }[] }).output.find(
    (o) => o.type === 'chunk',
  );
  if (!chunk?.code) throw new Error('could not bundle bench/documents/page.ts');
  return chunk.code;
}

async function builtWorker(root: string, name: string): Promise<string> {
  const file = (await readdir(path.join(root, 'dist/assets'))).find((f) =>
    new RegExp(`^${name}\\.worker-.*\\.js$`).test(f),
  );
  if (!file) throw new Error('Build the app first: npx vite build');
  return `/assets/${file}`;
}

export async function openDocBench(root: string, modelsDir: string, repo: string): Promise<DocBenchPage> {
  const embedWorker = await builtWorker(root, 'embed');
  const documentsWorker = await builtWorker(root, 'documents');
  const code = await bundlePage();
  const hub = await startHub({ root: modelsDir });
  // The embedding worker downloads from the local hub: allow it in connect-src, as the e2e run does.
  process.env.TANDEM_CSP_CONNECT_SRC ??= 'http://127.0.0.1:*';
  const server = await previewApp(root);
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: ['--no-sandbox', '--disable-background-networking'],
  });
  // The page evaluates the bundled script inline: the app's CSP (script-src 'self') would block it.
  const context = await browser.newContext({ serviceWorkers: 'block', bypassCSP: true });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await browser.close();
    await server.close();
    await hub.close();
  };
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') console.error(`[page] ${m.text()}`);
    });
    await page.goto(`${server.origin}/manifest.webmanifest`);
    await page.evaluate('globalThis.__name = (f) => f');
    await page.addScriptTag({ content: code });
    const api = <K extends keyof PageApi>(name: K, ...args: Parameters<PageApi[K]>) =>
      page.evaluate(
        ({ name, args }) => {
          const bench = (
            globalThis as unknown as { TandemDocBench: Record<string, (...a: unknown[]) => unknown> }
          ).TandemDocBench;
          return bench[name]!(...args);
        },
        { name, args: args as unknown[] },
      ) as Promise<Awaited<ReturnType<PageApi[K]>>>;
    const info = await api('prepare', {
      embedWorkerUrl: `${server.origin}${embedWorker}`,
      documentsWorkerUrl: `${server.origin}${documentsWorker}`,
      repo,
      hubUrl: hub.url,
      origin: server.origin,
    });
    return {
      info,
      indexOnce: (text, reference) => api('indexOnce', text, reference),
      seed: (count, docs) => api('seed', count, docs),
      searchBlock: (ids, from, to) => api('searchBlock', ids, from, to),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
