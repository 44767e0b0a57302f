/**
 * Runs WebLLM models against the fake engine: the app's WebLLM worker script is answered with
 * `tests/fixtures/webllm/fake-worker.ts` (bundled once here with Vite, in one file), everything
 * else stays the app's own (the page's WebLLM client, provider, loading, the worker's headers).
 */
import type { Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

let bundle: Promise<string> | null = null;

async function bundleFakeWorker(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'error',
    build: {
      write: false,
      minify: false,
      lib: {
        entry: fileURLToPath(new URL('../fixtures/webllm/fake-worker.ts', import.meta.url)),
        formats: ['es'],
        fileName: 'fake-worker',
      },
      rolldownOptions: { output: { codeSplitting: false } },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
  const chunk = outputs.find((o) => o.type === 'chunk');
  if (!chunk || outputs.length !== 1) throw new Error('The fake WebLLM worker did not bundle into one file.');
  return chunk.code;
}

/** Requests for the app's WebLLM worker script seen (and answered with the fake) so far. */
export interface FakeWebLLM {
  workerStarts(): number;
}

export async function useFakeWebLLMWorker(page: Page): Promise<FakeWebLLM> {
  bundle ??= bundleFakeWorker();
  const body = await bundle;
  let starts = 0;
  await page.context().route(/\/assets\/webllm\.worker-[\w-]+\.js$/, async (route) => {
    starts++;
    const response = await route.fetch();
    await route.fulfill({ response, body });
  });
  return { workerStarts: () => starts };
}
