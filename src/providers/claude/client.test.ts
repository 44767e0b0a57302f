import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeClaudeServer, type FakeClaudeServer } from '../../../tests/fixtures/claude/fake-server';
import { DEFAULT_GENERATION_SETTINGS, type ChatMessage, type StreamPart } from '../../core/provider';
import { ClaudeProvider } from './client';
import { type ClaudeProviderConfig } from './config';
import { createDefaultTools } from './tools';

const KEY = 'sk-ant-test-key-for-unit-tests';
let server: FakeClaudeServer;

beforeAll(async () => {
  server = await startFakeClaudeServer({ key: KEY });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.setScenario('ok');
  server.clearRequests();
});

const sleeps: number[] = [];
function provider(extra: Partial<ClaudeProviderConfig> = {}): ClaudeProvider {
  sleeps.length = 0;
  return new ClaudeProvider({
    apiKey: KEY,
    model: 'claude-haiku-4-5',
    baseUrl: `${server.url}/`,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
}

async function run(
  p: ClaudeProvider,
  messages: ChatMessage[],
  signal?: AbortSignal,
  onPart?: (part: StreamPart) => void,
): Promise<{ parts: StreamPart[]; text: string; last: StreamPart }> {
  const parts: StreamPart[] = [];
  for await (const part of p.stream({
    messages,
    settings: DEFAULT_GENERATION_SETTINGS,
    ...(signal ? { signal } : {}),
  })) {
    parts.push(part);
    onPart?.(part);
  }
  const text = parts.map((x) => (x.type === 'text-delta' ? x.text : '')).join('');
  return { parts, text, last: parts[parts.length - 1]! };
}

function expectNoKey(value: unknown): void {
  expect(JSON.stringify(value)).not.toContain(KEY);
}

describe('ClaudeProvider streaming', () => {
  it('streams text, then finishes with usage and timings', async () => {
    const { parts, text, last } = await run(provider(), [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello there, what is the capital of France?' },
    ]);
    expect(text).toBe('Claude (fake) answer to: Hello there, what is the capital of France?');
    expect(parts.filter((p) => p.type === 'text-delta').length).toBeGreaterThan(3);
    expect(parts.filter((p) => p.type === 'finish')).toHaveLength(1);
    expect(last.type).toBe('finish');
    if (last.type !== 'finish') return;
    expect(last.reason).toBe('stop');
    expect(last.usage.inputTokens).toBeGreaterThan(5);
    expect(last.usage.outputTokens).toBe(Math.ceil(text.length / 4));
    expect(last.timings.timeToFirstTokenMs).not.toBeNull();
    expect(last.timings.totalMs).toBeGreaterThanOrEqual(last.timings.timeToFirstTokenMs!);
    expectNoKey(parts);
  });

  it('sends the documented headers and body', async () => {
    await run(provider(), [{ role: 'user', content: 'Hi' }]);
    const [req] = server.requests();
    expect(req).toMatchObject({ method: 'POST', path: '/v1/messages', hadKey: true, keyMatched: true });
    expect(req!.headers).toMatchObject({
      'anthropic-version': '2023-06-01',
      'anthropic-dangerous-direct-browser-access': 'true',
      'content-type': 'application/json',
    });
    expect(req!.headers).not.toHaveProperty('x-api-key');
    expect(req!.body).toMatchObject({
      model: 'claude-haiku-4-5',
      max_tokens: DEFAULT_GENERATION_SETTINGS.maxTokens,
      stream: true,
      temperature: DEFAULT_GENERATION_SETTINGS.temperature,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
    expectNoKey(server.requests());
  });

  it('stops at once on abort and keeps the partial text', async () => {
    server.setScenario({ scenario: 'slow', delayMs: 150 });
    const controller = new AbortController();
    const started = Date.now();
    const { text, last } = await run(
      provider(),
      [{ role: 'user', content: 'Tell me a long story please' }],
      controller.signal,
      (part) => {
        if (part.type === 'text-delta') controller.abort();
      },
    );
    expect(Date.now() - started).toBeLessThan(1500);
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThan('Claude (fake) answer to: Tell me a long story please'.length);
    expect(last).toMatchObject({ type: 'finish', reason: 'aborted' });
  });

  it('finishes as aborted without a request when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { parts } = await run(provider(), [{ role: 'user', content: 'Hi' }], controller.signal);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ type: 'finish', reason: 'aborted' });
    expect(server.requests()).toHaveLength(0);
  });

  it('reports max_tokens as length', async () => {
    const p = provider();
    const parts: StreamPart[] = [];
    for await (const part of p.stream({
      messages: [{ role: 'user', content: 'x'.repeat(200) }],
      settings: { ...DEFAULT_GENERATION_SETTINGS, maxTokens: 3 },
    }))
      parts.push(part);
    expect(parts[parts.length - 1]).toMatchObject({
      type: 'finish',
      reason: 'length',
      usage: { outputTokens: 3 },
    });
  });
});

describe('ClaudeProvider errors', () => {
  it.each([
    ['401', 'invalid-api-key', /Check it in Settings/],
    ['403', 'permission-denied', /permission/i],
    ['400', 'bad-request', /could not accept/],
    ['404', 'not-found', /model/],
    ['413', 'request-too-large', /too large/],
  ] as const)('%s → %s without retrying', async (scenario, code, message) => {
    server.setScenario(scenario);
    const { parts, last } = await run(provider(), [{ role: 'user', content: 'Hi' }]);
    expect(last.type).toBe('error');
    if (last.type !== 'error') return;
    expect(last.error.code).toBe(code);
    expect(last.error.message).toMatch(message);
    expect(last.error.retryable).toBe(false);
    expect(server.requests()).toHaveLength(1);
    expectNoKey(parts);
  });

  it('a wrong key gets the real 401 and the key is never echoed', async () => {
    const p = provider({ apiKey: 'sk-ant-wrong-key' });
    const { parts, last } = await run(p, [{ role: 'user', content: 'Hi' }]);
    expect(last).toMatchObject({ type: 'error', error: { code: 'invalid-api-key' } });
    expect(JSON.stringify(parts)).not.toContain('sk-ant-wrong-key');
    expect(server.requests()[0]).toMatchObject({ hadKey: true, keyMatched: false });
  });

  it('429 honours retry-after and then succeeds', async () => {
    server.setScenario({ scenario: '429', times: 2, retryAfter: 1 });
    const { text, last } = await run(provider(), [{ role: 'user', content: 'Hi' }]);
    expect(last).toMatchObject({ type: 'finish', reason: 'stop' });
    expect(text).toContain('Claude (fake) answer to: Hi');
    expect(sleeps).toEqual([1000, 1000]);
    expect(server.requests()).toHaveLength(3);
  });

  it('429 surfaces rate-limited after the bounded retries, with retryAfterSeconds', async () => {
    server.setScenario({ scenario: '429', retryAfter: 2 });
    const { last } = await run(provider({ maxRetries: 1 }), [{ role: 'user', content: 'Hi' }]);
    expect(last).toMatchObject({
      type: 'error',
      error: { code: 'rate-limited', retryable: true, details: { retryAfterSeconds: 2 } },
    });
    expect(server.requests()).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
  });

  it('429 with a retry-after longer than allowed surfaces at once', async () => {
    server.setScenario({ scenario: '429', retryAfter: 120 });
    const { last } = await run(provider({ maxRetryDelayMs: 10_000 }), [{ role: 'user', content: 'Hi' }]);
    expect(last).toMatchObject({ type: 'error', error: { code: 'rate-limited' } });
    expect(server.requests()).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('backs off with real (tiny) delays when no retry-after is given', async () => {
    server.setScenario({ scenario: '500', times: 2 });
    const p = new ClaudeProvider({
      apiKey: KEY,
      model: 'claude-haiku-4-5',
      baseUrl: server.url,
      retryBaseDelayMs: 5,
    });
    const started = Date.now();
    const { last } = await run(p, [{ role: 'user', content: 'Hi' }]);
    expect(last).toMatchObject({ type: 'finish', reason: 'stop' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(14);
    expect(server.requests()).toHaveLength(3);
  });

  it.each([
    ['500', 'server-error'],
    ['529', 'overloaded'],
  ] as const)('%s surfaces %s after retries', async (scenario, code) => {
    server.setScenario(scenario);
    const { last } = await run(provider(), [{ role: 'user', content: 'Hi' }]);
    expect(last).toMatchObject({ type: 'error', error: { code, retryable: true } });
    expect(server.requests()).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it('an SSE error event after a 200 keeps the partial text and reports overloaded', async () => {
    server.setScenario('sse-error-after-200');
    const { text, last } = await run(provider(), [
      { role: 'user', content: 'Explain quantum computing to me' },
    ]);
    expect(text).toBe('Claude (fake) answer ');
    expect(last).toMatchObject({ type: 'error', error: { code: 'overloaded', retryable: true } });
  });

  it('a connection cut mid-stream keeps the partial text and reports a retryable network error', async () => {
    server.setScenario('cut-mid-stream');
    const { text, parts, last } = await run(provider(), [
      { role: 'user', content: 'Explain quantum computing to me' },
    ]);
    expect(text).toBe('Claude (fake) answer ');
    expect(last).toMatchObject({
      type: 'error',
      error: { code: 'network', retryable: true, details: { partial: true } },
    });
    expect(parts.filter((p) => p.type === 'error' || p.type === 'finish')).toHaveLength(1);
    expect(server.requests()).toHaveLength(1);
  });

  it('offline: no request, an offline error', async () => {
    const { last } = await run(provider({ isOnline: () => false }), [{ role: 'user', content: 'Hi' }]);
    expect(last).toMatchObject({ type: 'error', error: { code: 'offline', retryable: true } });
    expect(server.requests()).toHaveLength(0);
  });

  it('unreachable base URL: network error after retries, naming only the origin', async () => {
    const p = provider({ baseUrl: 'http://127.0.0.1:9' });
    const { last } = await run(p, [{ role: 'user', content: 'Hi' }]);
    expect(last).toMatchObject({ type: 'error', error: { code: 'network', retryable: true } });
    if (last.type === 'error') expect(last.error.message).toContain('http://127.0.0.1:9');
    expect(sleeps).toHaveLength(2);
  });
});

describe('ClaudeProvider tool use', () => {
  it('runs the calculator, shows call and result, and continues the answer', async () => {
    const p = provider({ tools: createDefaultTools() });
    const { parts, text, last } = await run(p, [{ role: 'user', content: 'Please calculate 12*(3+4)' }]);
    const kinds = parts.map((x) => x.type);
    expect(kinds.indexOf('tool-call')).toBeLessThan(kinds.indexOf('tool-result'));
    const call = parts.find((x) => x.type === 'tool-call');
    const result = parts.find((x) => x.type === 'tool-result');
    expect(call).toMatchObject({ name: 'calculator', input: { expression: '12*(3+4)' } });
    expect(result).toMatchObject({ name: 'calculator', output: '84', isError: false });
    if (call?.type === 'tool-call' && result?.type === 'tool-result') expect(result.id).toBe(call.id);
    expect(text).toBe("I'll use the calculator.Claude (fake) used the tool result: 84");
    expect(last).toMatchObject({ type: 'finish', reason: 'stop' });

    const reqs = server.requests();
    expect(reqs).toHaveLength(2);
    const first = reqs[0]!.body as { tools: { name: string }[] };
    expect(first.tools.map((t) => t.name)).toEqual(['calculator']);
    const second = reqs[1]!.body as { messages: { role: string; content: { type: string }[] }[] };
    expect(second.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(second.messages[1]!.content.map((b) => b.type)).toEqual(['text', 'tool_use']);
    expect(second.messages[2]!.content).toEqual([
      {
        type: 'tool_result',
        tool_use_id: (call as { id: string }).id,
        content: '84',
        cache_control: { type: 'ephemeral' }, // the latest turn is the cache breakpoint
      },
    ]);
    if (last.type === 'finish') {
      // usage is summed over both rounds
      expect(last.usage.inputTokens).toBeGreaterThan(20);
    }
  });

  it('searches history through the injected function', async () => {
    const tools = createDefaultTools({
      searchHistory: async (q) => [{ conversationId: 'c1', title: 'Lisbon trip', snippet: `found ${q}` }],
    });
    const { parts, last } = await run(provider({ tools }), [
      { role: 'user', content: 'search my history for Lisbon' },
    ]);
    expect(parts.find((x) => x.type === 'tool-call')).toMatchObject({
      name: 'search_history',
      input: { query: 'Lisbon' },
    });
    expect(parts.find((x) => x.type === 'tool-result')).toMatchObject({ isError: false });
    expect(last).toMatchObject({ type: 'finish', reason: 'stop' });
  });

  it('a tool error goes back to Claude as is_error', async () => {
    const { parts } = await run(provider({ tools: createDefaultTools() }), [
      { role: 'user', content: 'calculate alert(1)' },
    ]);
    expect(parts.find((x) => x.type === 'tool-result')).toMatchObject({ isError: true });
    const second = server.requests()[1]!.body as { messages: { content: { is_error?: boolean }[] }[] };
    expect(second.messages[2]!.content[0]!.is_error).toBe(true);
  });

  it('stops after the bounded number of tool rounds', async () => {
    const { parts, last } = await run(provider({ tools: createDefaultTools(), maxToolRounds: 0 }), [
      { role: 'user', content: 'calculate 1+1' },
    ]);
    expect(parts.some((x) => x.type === 'tool-call')).toBe(false);
    expect(last).toMatchObject({ type: 'finish', reason: 'tool-calls' });
    expect(server.requests()).toHaveLength(1);
  });

  it('without tools, "calculate" is answered as text', async () => {
    const { text } = await run(provider(), [{ role: 'user', content: 'calculate 1+1' }]);
    expect(text).toBe('Claude (fake) answer to: calculate 1+1');
  });
});

describe('checkKey', () => {
  it('uses the models endpoint', async () => {
    expect(await provider().checkKey()).toEqual({ ok: true, via: 'models' });
    expect(server.requests()[0]).toMatchObject({ method: 'GET', path: '/v1/models', keyMatched: true });
  });

  it('reports a rejected key', async () => {
    const result = await provider({ apiKey: 'sk-ant-nope' }).checkKey();
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-api-key' } });
    expect(JSON.stringify(result)).not.toContain('sk-ant-nope');
  });

  it('falls back to a 1-token message when a gateway has no models endpoint', async () => {
    const gatewayFetch: typeof fetch = async (input, init) => {
      if (String(input).includes('/v1/models')) return new Response('not here', { status: 404 });
      return fetch(input, init);
    };
    expect(await provider({ fetch: gatewayFetch }).checkKey()).toEqual({ ok: true, via: 'messages' });
    expect(server.requests()[0]!.body).toMatchObject({ max_tokens: 1 });
  });
});

describe('non-streaming fallback', () => {
  it('accepts a JSON message from a proxy that ignored stream: true', async () => {
    const jsonFetch: typeof fetch = async () =>
      new Response(
        JSON.stringify({
          content: [{ type: 'text', text: 'whole answer' }],
          stop_reason: 'end_turn',
          usage: { input_tokens: 5, output_tokens: 2 },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    const { text, last } = await run(provider({ fetch: jsonFetch }), [{ role: 'user', content: 'Hi' }]);
    expect(text).toBe('whole answer');
    expect(last).toMatchObject({
      type: 'finish',
      reason: 'stop',
      usage: { inputTokens: 5, outputTokens: 2 },
    });
  });
});
