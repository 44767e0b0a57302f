/**
 * What the service worker downloads on a first visit: the precache manifest in dist/sw.js, with
 * each file's size on disk, and the large files left to runtime caching (cached on first use).
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export interface PrecacheInfo {
  entries: number;
  bytes: number;
  largest: { url: string; bytes: number }[];
  /** Files in dist that runtime caching keeps on first use instead (not precached). */
  onFirstUse: { url: string; bytes: number }[];
}

const ON_FIRST_USE = [/^ort\/ort-wasm-simd-threaded\.asyncify\./, /^assets\/webllm/, /^assets\/compress/];

export async function precacheInfo(dist: string, allFiles: string[]): Promise<PrecacheInfo | null> {
  const sw = path.join(dist, 'sw.js');
  if (!existsSync(sw)) return null;
  const code = await readFile(sw, 'utf8');
  const urls = [...new Set([...code.matchAll(/url:\s*"([^"]+)"/g)].map((m) => m[1]!))];
  const sized = await Promise.all(
    urls.map(async (url) => {
      const file = path.join(dist, url);
      return { url, bytes: existsSync(file) ? (await stat(file)).size : 0 };
    }),
  );
  const precached = new Set(urls);
  const onFirstUse = await Promise.all(
    allFiles
      .map((f) => path.relative(dist, f).split(path.sep).join('/'))
      .filter((rel) => !precached.has(rel) && ON_FIRST_USE.some((re) => re.test(rel)))
      .map(async (url) => ({ url, bytes: (await stat(path.join(dist, url))).size })),
  );
  return {
    entries: urls.length,
    bytes: sized.reduce((a, b) => a + b.bytes, 0),
    largest: [...sized].sort((a, b) => b.bytes - a.bytes).slice(0, 5),
    onFirstUse: onFirstUse.sort((a, b) => b.bytes - a.bytes),
  };
}

export const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(2)} MiB`;
