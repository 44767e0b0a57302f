/**
 * Initial JavaScript size: what a first visit downloads before any model library.
 *
 *   npx vite build && npx tsx bench/bundle-size.ts [--dist dist] [--dry-run]
 *
 * Starts at dist/index.html, takes the entry `<script type="module">` and the
 * `<link rel="modulepreload">` files, and follows static `import`/`export ... from`
 * statements between chunks. Dynamic `import()` is not followed: that is how the model
 * runtimes (web-llm, transformers.js / onnxruntime) are meant to load, later and on demand.
 * If one of them shows up in the static graph anyway, the report says so.
 *
 * Writes bench/results/bundle-size.json and the "Initial JavaScript size" section of
 * bench/REPORT.md.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mib, precacheInfo } from './precache';
import { writeReportSection } from './report';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Files whose name or content marks them as a model runtime. */
const MODEL_LIB = {
  name: /web-?llm|transformers|onnx|ort[-.]|tvmjs|mlc/i,
  // Code only the libraries contain (the app's own text may name onnxruntime, e.g. the offline check).
  content: ['@mlc-ai/web-llm', 'InferenceSession', 'onnxruntime-web', '@huggingface/transformers', 'tvmjs'],
};

interface FileInfo {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
  via: string;
  modelLibrary: boolean;
}

/** Static imports in (possibly minified) ES module code. `import(` is dynamic and skipped. */
export function staticImports(code: string): string[] {
  const out = new Set<string>();
  const patterns = [
    // import x from "a"; import {a as b} from"a"; import * as n from "a"; import "a"
    /(?:^|[^.\w$])import\s*(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*\s*as\s+[\w$]+)?\s*(?:from)?\s*["']([^"'\n]+)["']/g,
    // export * from "a"; export {a} from "a"
    /(?:^|[^.\w$])export\s*(?:\*(?:\s*as\s+[\w$]+)?|\{[^}]*\})\s*from\s*["']([^"'\n]+)["']/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) if (m[1]) out.add(m[1]);
  return [...out];
}

/** `src`/`href` values of entry scripts and modulepreload links in index.html. */
export function htmlEntries(html: string): { entries: string[]; preloads: string[] } {
  const attr = (tag: string, name: string) =>
    new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, 'i').exec(tag)?.[1];
  const entries: string[] = [];
  const preloads: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*>/gi)) {
    const tag = m[0];
    if (/type\s*=\s*["']module["']/i.test(tag)) {
      const src = attr(tag, 'src');
      if (src) entries.push(src);
    }
  }
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    if (/rel\s*=\s*["']modulepreload["']/i.test(tag)) {
      const href = attr(tag, 'href');
      if (href) preloads.push(href);
    }
  }
  return { entries, preloads };
}

function resolveInDist(dist: string, from: string, spec: string): string | null {
  if (/^(?:[a-z]+:)?\/\//i.test(spec) || spec.startsWith('data:')) return null; // external
  const clean = spec.split(/[?#]/)[0]!;
  const candidates = clean.startsWith('/')
    ? // Absolute paths are relative to the deploy base, which may be a sub-path: try stripping segments.
      clean
        .split('/')
        .filter(Boolean)
        .map((_, i, parts) => path.join(dist, ...parts.slice(i)))
    : [path.resolve(path.dirname(from), clean)];
  return candidates.find((c) => c.startsWith(dist) && existsSync(c)) ?? null;
}

async function jsFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await jsFilesUnder(p)));
    else if (/\.m?js$/.test(entry.name)) out.push(p);
  }
  return out;
}

function sizes(buf: Buffer) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** Follows static imports from `queue`, adding every file reached to `seen`. */
async function walk(dist: string, queue: { file: string; via: string }[], seen: Map<string, FileInfo>) {
  while (queue.length > 0) {
    const { file, via } = queue.shift()!;
    if (seen.has(file)) continue;
    const buf = await readFile(file);
    const code = buf.toString('utf8');
    const rel = path.relative(dist, file);
    const modelLibrary =
      MODEL_LIB.name.test(path.basename(file)) || MODEL_LIB.content.some((s) => code.includes(s));
    seen.set(file, { file: rel, ...sizes(buf), via, modelLibrary });
    for (const spec of staticImports(code)) {
      const dep = resolveInDist(dist, file, spec);
      if (dep && !seen.has(dep)) queue.push({ file: dep, via: `import from ${rel}` });
    }
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

function precacheSection(p: Awaited<ReturnType<typeof precacheInfo>>): string {
  if (!p) return '\nNo `sw.js` in this build: no precache measured.\n';
  const list = (xs: { url: string; bytes: number }[]) =>
    xs.map((x) => `\`${x.url}\` ${mib(x.bytes)}`).join(', ');
  return `
**Service worker precache** (downloaded on the first visit, whatever the user will use): **${mib(p.bytes)}** in ${p.entries} files; largest: ${list(p.largest.slice(0, 3))}. Cached on first use instead (Workbox runtime caching, cache-first): ${list(p.onFirstUse)}.
`;
}

async function main(): Promise<void> {
  const dist = path.resolve(ROOT, option('dist') ?? 'dist');
  const indexHtml = path.join(dist, 'index.html');
  if (!existsSync(indexHtml)) {
    console.error(`bundle-size: ${indexHtml} not found. Build first: npx vite build (or pass --dist <dir>).`);
    process.exit(1);
  }
  const html = await readFile(indexHtml, 'utf8');
  const { entries, preloads } = htmlEntries(html);
  if (entries.length === 0) {
    console.error('bundle-size: no <script type="module" src=...> in index.html; nothing to measure.');
    process.exit(1);
  }

  const seen = new Map<string, FileInfo>();
  const start: { file: string; via: string }[] = [];
  for (const e of entries) {
    const f = resolveInDist(dist, indexHtml, e);
    if (f) start.push({ file: f, via: 'entry <script>' });
    else console.warn(`bundle-size: entry ${e} not found in dist`);
  }
  for (const p of preloads) {
    const f = resolveInDist(dist, indexHtml, p);
    if (f && /\.m?js$/.test(f)) start.push({ file: f, via: 'modulepreload' });
  }
  await walk(dist, start, seen);
  // The first visit opens Chat, whose page loads right after the entry (lazy pages, src/app/routes.ts).
  const entrySet = new Set(seen.keys());
  const allJs = await jsFilesUnder(dist);
  const chatPage = allJs.find((f) => /^ChatPage-[\w-]+\.js$/.test(path.basename(f)));
  if (chatPage) await walk(dist, [{ file: chatPage, via: 'Chat page (lazy)' }], seen);
  const firstVisit = [...seen.values()];
  for (const f of [...seen.keys()]) if (!entrySet.has(f)) seen.delete(f);
  const chatExtra = firstVisit.filter((f) => !entrySet.has(path.join(dist, f.file)));
  const sum = (files: FileInfo[]) =>
    files.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }), {
      raw: 0,
      gzip: 0,
      brotli: 0,
    });
  const visit = sum(firstVisit);
  const precache = await precacheInfo(dist, await filesUnder(dist));

  const initial = [...seen.values()].sort((a, b) => b.raw - a.raw);
  const total = initial.reduce(
    (t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  );
  const lazyFiles = allJs.filter((f) => !seen.has(f));
  const lazy = { files: lazyFiles.length, raw: 0 };
  for (const f of lazyFiles) lazy.raw += (await stat(f)).size;
  const modelLibsInitial = initial.filter((f) => f.modelLibrary).map((f) => f.file);

  const result = {
    date: new Date().toISOString(),
    dist: path.relative(ROOT, dist) || dist,
    note: 'JS reachable from index.html through entry scripts, modulepreload and static imports; dynamic import() excluded. gzip level 9, brotli quality 11.',
    total,
    files: initial,
    modelLibrariesInInitialGraph: modelLibsInitial,
    notInitial: lazy,
    firstVisitToChat: { total: visit, chatPageFiles: chatExtra },
    precache,
  };
  console.log(
    `initial JS: ${initial.length} files, ${kb(total.raw)} raw, ${kb(total.gzip)} gzip, ${kb(total.brotli)} brotli`,
  );
  for (const f of initial)
    console.log(
      `  ${f.file}  ${kb(f.raw)} / ${kb(f.gzip)} gz  (${f.via})${f.modelLibrary ? '  MODEL LIBRARY' : ''}`,
    );
  console.log(`not initial: ${lazy.files} JS files, ${kb(lazy.raw)}`);
  console.log(
    `ENTRY ${kb(total.gzip)} gzip | FIRST VISIT (entry + Chat page) ${kb(visit.gzip)} gzip | ` +
      (precache ? `PRECACHE ${mib(precache.bytes)} in ${precache.entries} files` : 'no sw.js'),
  );
  if (modelLibsInitial.length > 0)
    console.warn(`warning: model library in initial graph: ${modelLibsInitial.join(', ')}`);
  if (process.argv.includes('--dry-run')) return;

  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  await writeFile(path.join(ROOT, 'bench/results/bundle-size.json'), JSON.stringify(result, null, 2) + '\n');

  const rows = initial
    .map(
      (f) =>
        `| \`${f.file}\`${f.modelLibrary ? ' ⚠ looks like a model library' : ''} | ${kb(f.raw)} | ${kb(f.gzip)} | ${kb(f.brotli)} | ${f.via} |`,
    )
    .join('\n');
  await writeReportSection(
    'bundle-size',
    `
## Initial JavaScript size

\`npx vite build && npx tsx bench/bundle-size.ts\`. Results: \`bench/results/bundle-size.json\`. Measured ${result.date.slice(0, 10)} on \`${result.dist}/\`.

JavaScript a first visit loads before any model library: the entry script in \`index.html\`, its \`modulepreload\` links and everything they import statically. Dynamic \`import()\` is not followed (that is how model runtimes load, on demand). Sizes are bytes on disk; gzip level 9 and brotli quality 11 approximate what a CDN sends.

| File | Raw | gzip | brotli | Loaded via |
|---|---:|---:|---:|---|
${rows}
| **Total (${initial.length} files)** | **${kb(total.raw)}** | **${kb(total.gzip)}** | **${kb(total.brotli)}** | |

Not in the initial graph: ${lazy.files} more JS files, ${kb(lazy.raw)} raw (lazy chunks, workers, model runtimes).

**First visit to Chat** (the entry above plus the lazily loaded Chat page and its static imports; pages load on demand, see \`src/app/routes.ts\`; the markdown renderer loads with the first answer shown): **${kb(visit.gzip)} gzip** (${kb(visit.raw)} raw, ${kb(visit.brotli)} brotli); the Chat page adds ${chatExtra.map((f) => `\`${f.file}\` ${kb(f.gzip)}`).join(', ')}.
${precacheSection(precache)}
${modelLibsInitial.length > 0 ? `\n**Warning:** model library code is in the initial graph: ${modelLibsInitial.map((f) => `\`${f}\``).join(', ')}. It should be behind a dynamic \`import()\`.\n` : '\nNo model library code in the initial graph.\n'}`,
  );
  console.log('wrote bench/results/bundle-size.json and bench/REPORT.md');
}

await main();
