/**
 * Builds a benchmark page with Vite and serves it cross-origin isolated (COOP/COEP, so WASM
 * threads work) on 127.0.0.1, with extra files mapped by URL prefix (models, wasm).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { build } from 'vite';
import { BENCH_ROOT } from '../report';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** `mounts`: URL prefix (or exact path) -> file or folder on disk. */
export async function serveIsolated(
  name: string,
  mounts: Record<string, string>,
): Promise<{ url: string; close: () => void }> {
  const outDir = path.join(BENCH_ROOT, '.cache/bench', name);
  await build({
    root: path.join(BENCH_ROOT, 'bench/harness', name),
    configFile: false,
    logLevel: 'silent',
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: true },
  });
  const resolve = (rel: string): string => {
    for (const [prefix, target] of Object.entries(mounts))
      if (rel === prefix || (prefix.endsWith('/') && rel.startsWith(prefix)))
        return rel === prefix ? target : path.join(target, rel.slice(prefix.length));
    return path.join(outDir, rel === '/' ? 'index.html' : rel);
  };
  const server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = resolve(rel);
    if (process.env.BENCH_LOG) console.log(req.method, rel, '->', file, existsSync(file));
    if (rel.includes('..') || !existsSync(file) || statSync(file).isDirectory())
      return void res.writeHead(404).end();
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': statSync(file).size,
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}
