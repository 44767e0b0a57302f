/**
 * `npm run lighthouse`: Lighthouse accessibility (and best-practices) scores of every page
 * (Chat, Models, Evaluate, Metrics, Settings) on the built app, in headless Chromium. It serves
 * `dist/` with `vite preview` on TANDEM_APP_PORT (default 4173) unless something already answers
 * there, prints one line per page and every failing audit, and exits 1 when a page scores below
 * 100 for accessibility. Build first (`npm run build`); `$CHROME_PATH` or /usr/bin/chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const PORT = Number(process.env.TANDEM_APP_PORT ?? 4173);
const BASE = `http://localhost:${PORT}/`;
const PAGES = ['chat', 'models', 'evaluate', 'feedback', 'metrics', 'settings'] as const;
const CHROME = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => !!p && existsSync(p),
);

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

async function serve(): Promise<ChildProcess | null> {
  if (await answers(BASE)) return null;
  const server = spawn(
    'npx',
    ['vite', 'preview', '--port', String(PORT), '--strictPort', '--host', 'localhost'],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 120 && !(await answers(BASE)); i++) await new Promise((r) => setTimeout(r, 500));
  if (!(await answers(BASE))) throw new Error(`vite preview did not answer on ${BASE}`);
  return server;
}

async function main(): Promise<void> {
  const server = await serve();
  const chrome = await chromeLauncher.launch({
    ...(CHROME ? { chromePath: CHROME } : {}),
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  });
  let worst = 1;
  try {
    console.info(
      `Lighthouse ${PAGES.length} pages at ${BASE} (load average ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')})`,
    );
    for (const place of PAGES) {
      const url = `${BASE}#/${place}`;
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['accessibility', 'best-practices'],
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      const { categories, audits } = result.lhr;
      const a11y = categories['accessibility']?.score ?? 0;
      const practices = categories['best-practices']?.score ?? 0;
      worst = Math.min(worst, a11y);
      console.info(
        `${place.padEnd(9)} accessibility ${Math.round(a11y * 100)}  best practices ${Math.round(practices * 100)}`,
      );
      for (const audit of Object.values(audits)) {
        if (audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === 'binary') {
          console.info(`  - ${audit.id}: ${audit.title}`);
        }
      }
    }
  } finally {
    chrome.kill();
    server?.kill();
  }
  if (worst < 1) process.exitCode = 1;
}

await main();
