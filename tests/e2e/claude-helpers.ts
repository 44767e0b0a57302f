/**
 * Claude in the end-to-end tests: a fake Messages API server per spec file (so the scenario
 * switches and the request log of one file never disturb another running in parallel), and
 * the Settings steps a person would take: base URL, key, key storage, strategy.
 */
import { expect, test, type Page, type Request } from '@playwright/test';
import {
  FAKE_DEFAULT_KEY,
  startFakeClaudeServer,
  type FakeClaudeServer,
  type ScenarioControl,
} from '../fixtures/claude/fake-server';

export const CLAUDE_KEY = FAKE_DEFAULT_KEY;

/** Starts a fake Claude server for this spec file; `fake()` returns it inside tests. */
export function useFakeClaude(): () => FakeClaudeServer {
  let server: FakeClaudeServer | null = null;
  test.beforeAll(async () => {
    server = await startFakeClaudeServer({ port: 0, host: '127.0.0.1', key: CLAUDE_KEY, deltaDelayMs: 5 });
  });
  test.beforeEach(() => {
    server!.setScenario('ok');
    server!.clearRequests();
  });
  test.afterAll(async () => {
    await server?.close();
  });
  return () => server!;
}

export type StrategyName = 'claude-only' | 'local-only' | 'hybrid' | 'local-first' | 'private';

/** Settings → Claude: base URL, key (session only unless told), strategy. */
export async function configureClaude(
  page: Page,
  baseUrl: string,
  options: { key?: string | null; storage?: 'session' | 'device'; strategy?: StrategyName } = {},
): Promise<void> {
  await page.goto('/#/settings');
  const section = page.getByTestId('claude-settings');
  await section.getByLabel('Claude base URL').fill(baseUrl);
  await section.getByRole('button', { name: 'Save base URL' }).click();
  await expect(page.getByText(`Claude requests now go to ${baseUrl}`)).toBeVisible();
  // The strategy first: saving a key checks it with Claude, except under "Local only".
  if (options.strategy) await section.getByLabel('Routing strategy').selectOption(options.strategy);
  const key = options.key === undefined ? CLAUDE_KEY : options.key;
  if (key) {
    await section
      .getByLabel(options.storage === 'device' ? 'Remember on this device' : 'This session only')
      .check();
    await section.getByLabel('Claude API key').fill(key);
    await section.getByRole('button', { name: 'Save key' }).click();
    await expect(section.getByTestId('key-status')).toContainText('Key set');
  }
}

export async function setStrategy(page: Page, strategy: StrategyName): Promise<void> {
  await page.goto('/#/settings');
  await page.getByTestId('claude-settings').getByLabel('Routing strategy').selectOption(strategy);
}

export function setScenario(
  server: FakeClaudeServer,
  control: ScenarioControl | ScenarioControl['scenario'],
): void {
  server.setScenario(control);
}

/** Message requests the fake server received. */
export function messageRequests(server: FakeClaudeServer): ReturnType<FakeClaudeServer['requests']> {
  return server.requests().filter((r) => r.path === '/v1/messages' && r.method === 'POST');
}

export { settledAnswer } from './helpers';

/** Records every request the page and its workers make (read them with `describeRequests`). */
export function recordRequests(page: Page): Request[] {
  const log: Request[] = [];
  page.context().on('request', (request: Request) => log.push(request));
  return log;
}

export interface RecordedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export async function describeRequests(log: Request[]): Promise<RecordedRequest[]> {
  return Promise.all(
    log.map(async (r) => ({
      url: r.url(),
      headers: await r.allHeaders().catch(() => r.headers()),
      body: r.postData() ?? '',
    })),
  );
}
