/**
 * Runs WebLLM models against the fake engine: the app's WebLLM worker script is answered with
 * `tests/fixtures/webllm/fake-worker.ts` (bundled once here with esbuild), everything else stays
 * the app's own (the page's WebLLM client, provider, loading, the worker's response headers).
 */
import type { Page } from '@playwright/test';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

let bundle: Promise<string> | null = null;

function fakeWorkerBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [fileURLToPath(new URL('../fixtures/webllm/fake-worker.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  }).then((result) => result.outputFiles[0]!.text);
  return bundle;
}

/** Requests for the app's WebLLM worker script seen (and answered with the fake) so far. */
export interface FakeWebLLM {
  workerStarts(): number;
}

export async function useFakeWebLLMWorker(page: Page): Promise<FakeWebLLM> {
  const body = await fakeWorkerBundle();
  let starts = 0;
  await page.context().route(/\/assets\/webllm\.worker-[\w-]+\.js$/, async (route) => {
    starts++;
    const response = await route.fetch();
    await route.fulfill({ response, body });
  });
  return { workerStarts: () => starts };
}
