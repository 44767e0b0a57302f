/** Builds a benchmark harness page with Vite and serves it on 127.0.0.1 (a secure context). */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { build, preview } from 'vite';
import { BENCH_ROOT } from '../report';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
};

export async function buildAndServe(name: string): Promise<{ url: string; server: Server }> {
  const root = path.join(BENCH_ROOT, 'bench/harness', name);
  const outDir = path.join(BENCH_ROOT, '.cache/bench', name);
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins: [svelte()],
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: true },
  });
  const server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(outDir, rel === '/' ? 'index.html' : rel);
    if (!file.startsWith(outDir) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, server };
}

export const LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

/** Debian's Chromium, or the one CHROME_PATH names (undefined: Playwright's own). */
export function chromiumExecutable(): string | undefined {
  return [process.env.CHROME_PATH, '/usr/bin/chromium'].find((p) => !!p && existsSync(p));
}

/** `vite preview` of the built app (its real headers) on a free port of 127.0.0.1; close() ends it. */
export async function previewApp(root = BENCH_ROOT): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = await preview({
    root,
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'error',
    preview: { port: 0, strictPort: false, host: '127.0.0.1' },
  });
  const address = server.httpServer.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { origin, close: () => new Promise<void>((resolve) => server.httpServer.close(() => resolve())) };
}

/** Bundles one module of the app as a script (IIFE, global `name`) for a page to evaluate. */
export async function bundleScript(entry: string, name: string): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'error',
    build: { write: false, minify: false, lib: { entry, formats: ['iife'], name } },
  });
  const outputs = Array.isArray(out) ? out : [out];
  const chunk = (outputs[0] as { output: { type: string; code?: string }[] }).output.find(
    (o) => o.type === 'chunk',
  );
  if (!chunk?.code) throw new Error(`could not bundle ${entry}`);
  return chunk.code;
}
