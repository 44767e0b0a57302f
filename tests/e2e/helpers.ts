/**
 * What the end-to-end tests do the way a person would: set the model host, add the test model,
 * load it, chat. Plus access to the local hub's failure switches and request log.
 */
import {
  expect,
  type APIRequestContext,
  type BrowserContext,
  type Locator,
  type Page,
  type Request,
} from '@playwright/test';
import type { HubMode, RequestLog } from '../fixtures/hub/server';
import { HUB_URL } from './ports';

export const TEST_MODEL = 'tandem-test/tiny-chat';
/** The same model under another id, for tests that break its downloads without disturbing others. */
export const FLAKY_MODEL = 'tandem-test/tiny-chat-flaky';
/** The generated sentence encoder used for conversation health, and an alias to break. */
export const TEST_ENCODER = 'tandem-test/tiny-encoder';
export const FLAKY_ENCODER = 'tandem-test/tiny-encoder-flaky';
/** The encoder under the id the router tests use, so health's request counts stay its own. */
export const ROUTER_ENCODER = 'tandem-test/tiny-encoder-router';
/** The encoder under the id the feedback tests use (dedupe and few-shot memory). */
export const FEEDBACK_ENCODER = 'tandem-test/tiny-encoder-feedback';
/** The encoder under the id the metrics tests use (their embedding records name it). */
export const METRICS_ENCODER = 'tandem-test/tiny-encoder-metrics';
/** Another alias of the test chat model, for the model manager tests (cut, resume, quota). */
export const MODELS_TEST_MODEL = 'tandem-test/tiny-chat-manager';
/** An alias only the cache test loads, so its request count is not disturbed by other tests. */
export const CACHE_TEST_MODEL = 'tandem-test/tiny-chat-cache';
/** A second local model for the Evaluate workbench tests (an alias of the test chat model). */
export const EVAL_MODEL = 'tandem-test/tiny-chat-eval';
/** A model id the local hub does not have: loading it fails (the workbench's failing model). */
export const MISSING_MODEL = 'tandem-test/not-on-the-hub';
/** An alias whose download the chat-page Retry test breaks. */
export const RETRY_MODEL = 'tandem-test/tiny-chat-retry';
/** A WebLLM model record whose library is not WebAssembly (written by global-setup.ts). */
export const WEBLLM_BROKEN_MODEL = 'tandem-test/webllm-broken';
/** The record id the WebLLM tests give that broken model. */
export const WEBLLM_BROKEN_ID = 'Tandem-Broken-q4f32_1-MLC';

/** Saves the broken WebLLM record as the user's own record on the Models page. */
export async function addBrokenWebLLMRecord(page: Page): Promise<void> {
  await page.goto('/#/models');
  const section = page.getByTestId('webllm-section');
  await section.getByText('Advanced: a WebLLM model record of your own').click();
  await page.getByLabel('Record id').fill(WEBLLM_BROKEN_ID);
  await page.getByLabel('Record model URL').fill(`${HUB_URL}${WEBLLM_BROKEN_MODEL}`);
  await page
    .getByLabel('Record library URL')
    .fill(`${HUB_URL}${WEBLLM_BROKEN_MODEL}/resolve/main/broken-model-lib.wasm`);
  await page.getByLabel('Record context window').fill('2048');
  await page.getByRole('button', { name: 'Save record' }).click();
}

export async function hubRequests(request: APIRequestContext): Promise<RequestLog[]> {
  const response = await request.get(`${HUB_URL}__requests`);
  return (await response.json()) as RequestLog[];
}

export async function setHubMode(request: APIRequestContext, mode: HubMode): Promise<void> {
  const response = await request.post(`${HUB_URL}__control`, { data: mode });
  expect(response.ok()).toBe(true);
}

/** Requests to the hub for one model's files. */
export function requestsFor(log: RequestLog[], model: string): RequestLog[] {
  return log.filter((r) => r.path.startsWith(`/${model}/`));
}

export async function openSettingsAndSetHost(page: Page, host = HUB_URL): Promise<void> {
  await page.goto('/#/settings');
  await page.getByLabel('Model host URL').fill(host);
  await page.getByRole('button', { name: 'Save host' }).click();
  await expect(page.getByText(`Models now come from ${host}`)).toBeVisible();
}

export async function chooseBackend(page: Page, backend: 'auto' | 'webgpu' | 'wasm'): Promise<void> {
  await page.goto('/#/models');
  await page.getByLabel('Backend').selectOption(backend);
}

/** Adds a model by id on the Models page and starts loading it. */
export async function addAndLoadModel(page: Page, model = TEST_MODEL): Promise<void> {
  await page.goto('/#/models');
  await page.getByLabel('Model id').fill(model);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const entry = page.locator(`[data-testid="model-entry"][data-model="${model}"]`);
  await entry.getByRole('button', { name: /load/i }).click();
}

export async function waitForModelReady(page: Page): Promise<void> {
  await page.goto('/#/chat');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
}

/** Fresh browser profile → local test model loaded on the given backend. */
export async function setUpLocalModel(
  page: Page,
  options: { backend?: 'wasm' | 'webgpu'; model?: string } = {},
): Promise<void> {
  await openSettingsAndSetHost(page);
  await chooseBackend(page, options.backend ?? 'wasm');
  await addAndLoadModel(page, options.model ?? TEST_MODEL);
  await waitForModelReady(page);
}

/** Sets the longest answer in Settings (the long test script needs more than the default). */
export async function setMaxTokens(page: Page, maxTokens: number): Promise<void> {
  await page.goto('/#/settings');
  const field = page.getByLabel('Max tokens');
  await field.fill(String(maxTokens));
  await field.blur();
  await page.goto('/#/chat');
}

/**
 * Types a message and presses Enter; returns once the message is in the conversation. Follows
 * the app, not a count taken before sending (the conversation may still be rendering then): the
 * app empties the box only after the message is stored and on screen, as the newest one.
 */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Message');
  await box.fill(text);
  await box.press('Enter');
  await expect(box).toHaveValue('');
  await expect(page.getByTestId('message-user').last().locator('.plain')).toHaveText(text);
}

/** The newest assistant message, once every user message has its answer and it has finished. */
export async function settledAnswer(page: Page): Promise<Locator> {
  const users = page.getByTestId('message-user');
  const answers = page.getByTestId('message-assistant');
  // The conversation is on screen (after a reload it renders a moment later: counting the user
  // messages at once could see none) and every user message has its answer (the newest one may
  // just have been added).
  await expect(async () => {
    const count = await users.count();
    expect(count).toBeGreaterThan(0);
    expect(await answers.count()).toBe(count);
  }).toPass({ timeout: 60_000 });
  // ...and the newest answer has finished.
  const answer = answers.last();
  await expect(answer).toHaveAttribute('data-status', /^(complete|stopped|error)$/, { timeout: 60_000 });
  return answer;
}

/** The text of the newest answer, once it has finished. */
export async function lastAnswer(page: Page): Promise<string> {
  const answer = await settledAnswer(page);
  return (await answer.locator('.markdown, .plain').first().innerText()).trim();
}

/** A key-value record as the app stored it in IndexedDB (undefined when there is none). */
export async function storedValue(page: Page, key: string): Promise<unknown> {
  return page.evaluate(
    (key) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('tandem');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('kv').objectStore('kv').get(key);
          get.onsuccess = () => {
            db.close();
            resolve((get.result as { value?: unknown } | undefined)?.value);
          };
          get.onerror = () => reject(get.error);
        };
      }),
    key,
  );
}

/** Chooses the embedding model for conversation health in Settings, as a person would. */
export async function setHealthModel(
  page: Page,
  model = TEST_ENCODER,
  expectStatus: 'ready' | 'error' = 'ready',
): Promise<void> {
  await page.goto('/#/settings');
  await page.getByLabel('Embedding model id').fill(model);
  await page.getByRole('button', { name: 'Use embedding model' }).click();
  await expect(page.getByTestId('health-model-status')).toHaveAttribute('data-status', expectStatus, {
    timeout: 60_000,
  });
}

/**
 * Records every request of the page, its workers and its service worker that left the machine
 * (not served by the service worker, not blob:/data:), or failed trying. `stop()` returns them.
 */
export function recordLeakedRequests(context: BrowserContext): { stop: () => string[] } {
  const leaked: string[] = [];
  const onRequest = (r: Request): void => {
    const url = r.url();
    if (url.startsWith('blob:') || url.startsWith('data:')) return;
    // Served by the service worker from its cache: stays on the machine.
    void r.response().then((response) => {
      if (!response?.fromServiceWorker()) leaked.push(url);
    });
  };
  const onFailed = (r: Request): void => {
    // A blob: or data: address never leaves the page (an aborted one is a worker or a
    // download the app revoked), so it is no leak.
    if (r.url().startsWith('blob:') || r.url().startsWith('data:')) return;
    leaked.push(`${r.url()} (${r.failure()?.errorText})`);
  };
  context.on('request', onRequest);
  context.on('requestfailed', onFailed);
  return {
    stop: () => {
      context.off('request', onRequest);
      context.off('requestfailed', onFailed);
      return leaked;
    },
  };
}

/**
 * Loads the local test model, asks for the long script and presses Stop once paragraph 2 is on
 * screen; returns the answer (its status is for the caller to check).
 */
export async function stopLongLocalAnswer(page: Page): Promise<Locator> {
  await setUpLocalModel(page);
  // Long enough that the answer is still streaming when Stop is pressed, however slow the machine.
  await setMaxTokens(page, 2000);
  await sendMessage(page, 'Please write something long');
  const answer = page.getByTestId('message-assistant').last();
  await expect(answer).toContainText('Paragraph 2.');
  await page.getByRole('button', { name: 'Stop' }).click();
  return answer;
}
