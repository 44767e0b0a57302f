/**
 * The client against the fake server for what issue 16 adds: refusals, extended thinking
 * (streamed, signed blocks replayed in a tool round), x-should-retry both ways, the request id
 * of a stream error, first-byte and idle timeouts, validated events, prompt-cache usage.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  signThinking,
  startFakeClaudeServer,
  type FakeClaudeServer,
} from '../../../tests/fixtures/claude/fake-server';
import { DEFAULT_GENERATION_SETTINGS, type ChatMessage, type StreamPart } from '../../core/provider';
import { ClaudeProvider } from './client';
import { type ClaudeProviderConfig } from './config';
import { createDefaultTools } from './tools';

const KEY = 'sk-ant-test-key-for-robustness';
let server: FakeClaudeServer;

beforeAll(async () => {
  server = await startFakeClaudeServer({ key: KEY, cacheMinTokens: 200 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.setScenario('ok');
  server.clearRequests();
  server.clearCache();
});

function provider(extra: Partial<ClaudeProviderConfig> = {}): ClaudeProvider {
  return new ClaudeProvider({
    apiKey: KEY,
    model: 'claude-sonnet-5-5',
    baseUrl: server.url,
    sleep: async () => undefined,
    ...extra,
  });
}

async function run(
  p: ClaudeProvider,
  messages: ChatMessage[],
  maxTokens = DEFAULT_GENERATION_SETTINGS.maxTokens,
): Promise<{ parts: StreamPart[]; text: string; thinking: string; last: StreamPart }> {
  const parts: StreamPart[] = [];
  for await (const part of p.stream({
    messages,
    settings: { ...DEFAULT_GENERATION_SETTINGS, maxTokens },
  })) {
    parts.push(part);
  }
  const join = (type: 'text-delta' | 'thinking-delta'): string =>
    parts.map((x) => (x.type === type ? x.text : '')).join('');
  return { parts, text: join('text-delta'), thinking: join('thinking-delta'), last: parts.at(-1)! };
}

const ask = (content: string): ChatMessage[] => [{ role: 'user', content }];

describe('refusals', () => {
  it('a refusal after some text keeps the text, adds a refusal notice and finishes as refusal', async () => {
    server.setScenario('refusal');
    const { parts, text, last } = await run(provider(), ask('something'));
    expect(text).toBe('I can start on this, but');
    const notice = parts.find((p) => p.type === 'notice');
    expect(notice).toMatchObject({ notice: { kind: 'refusal' } });
    expect(JSON.stringify(notice)).toContain('the text above is what it wrote before');
    expect(last).toMatchObject({ type: 'finish', reason: 'refusal' });
  });

  it('a refusal with no content explains itself instead of an empty answer', async () => {
    server.setScenario('refusal-empty');
    const { parts, text, last } = await run(provider(), ask('something'));
    expect(text).toBe('');
    expect(parts.find((p) => p.type === 'notice')).toMatchObject({
      notice: { kind: 'refusal', text: expect.stringContaining('Claude declined to answer this request') },
    });
    expect(last).toMatchObject({ type: 'finish', reason: 'refusal' });
  });
});

describe('extended thinking', () => {
  it('sends the budget, streams the thinking apart from the text, and leaves out temperature', async () => {
    const { text, thinking, last } = await run(provider({ thinkingBudgetTokens: 2000 }), ask('hello'), 300);
    expect(thinking).toBe('Thinking (fake) about hello. The user wants a short, direct answer.');
    expect(text).toBe('Claude (fake) answer to: hello');
    expect(last).toMatchObject({ type: 'finish', reason: 'stop' });
    const body = server.requests()[0]!.body as Record<string, unknown>;
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 2000 });
    expect(body.max_tokens).toBe(2300);
    expect(body.temperature).toBeUndefined();
  });

  it('passes the signed thinking block back unchanged in the tool round', async () => {
    const { text, last } = await run(
      provider({ thinkingBudgetTokens: 1024, tools: createDefaultTools() }),
      ask('Please calculate 6*7'),
    );
    expect(last).toMatchObject({ type: 'finish', reason: 'stop' });
    expect(text).toContain('used the tool result: 42');
    const second = server.requests()[1]!.body as {
      messages: { role: string; content: { type: string; thinking?: string; signature?: string }[] }[];
    };
    const assistant = second.messages[1]!;
    expect(assistant.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
    const block = assistant.content[0]!;
    expect(block.signature).toBe(signThinking(block.thinking!));
  });

  it('is not sent to a model without extended thinking', async () => {
    await run(provider({ model: 'claude-3-5-haiku-20241022', thinkingBudgetTokens: 2000 }), ask('hi'));
    expect((server.requests()[0]!.body as Record<string, unknown>).thinking).toBeUndefined();
  });
});

describe('x-should-retry', () => {
  it('false: a retryable 529 is asked exactly once', async () => {
    server.setScenario({ scenario: '529', shouldRetry: false });
    const { last } = await run(provider(), ask('hi'));
    expect(last).toMatchObject({ type: 'error', error: { code: 'overloaded' } });
    expect(server.requests()).toHaveLength(1);
  });

  it('true: a 400 the server says to retry is retried, and then answered', async () => {
    server.setScenario({ scenario: '400', times: 1, shouldRetry: true });
    const { last, text } = await run(provider(), ask('hi'));
    expect(last).toMatchObject({ type: 'finish', reason: 'stop' });
    expect(text).toBe('Claude (fake) answer to: hi');
    expect(server.requests()).toHaveLength(2);
  });
});

describe('stream errors and validation', () => {
  it('an error event after HTTP 200 keeps the response request id', async () => {
    server.setScenario('sse-error-after-200');
    const { last } = await run(provider(), ask('tell me about tides'));
    expect(last).toMatchObject({
      type: 'error',
      error: { code: 'overloaded', details: { requestId: expect.stringMatching(/^req_fake/) } },
    });
  });

  it('a malformed known event is an error with the request id, the partial text kept', async () => {
    server.setScenario('malformed-event');
    const { last, text } = await run(provider(), ask('tell me about tides'));
    expect(text.length).toBeGreaterThan(0);
    expect(last).toMatchObject({
      type: 'error',
      error: { code: 'bad-response', retryable: true, details: { requestId: expect.any(String) } },
    });
    if (last.type === 'error') expect(last.error.message).toContain('text_delta');
  });

  it('unknown block, delta and event types are skipped', async () => {
    server.setScenario('unknown-types');
    const { last, text } = await run(provider(), ask('hello'));
    expect(text).toBe('Claude (fake) answer to: hello');
    expect(last).toMatchObject({ type: 'finish', reason: 'stop' });
  });
});

describe('timeouts', () => {
  it('a stalled stream ends with a retryable timeout, the partial text kept', async () => {
    server.setScenario('stall-mid-stream');
    const { last, text } = await run(provider({ idleTimeoutMs: 150 }), ask('tell me about the moon'));
    expect(text.length).toBeGreaterThan(0);
    expect(last).toMatchObject({
      type: 'error',
      error: { code: 'timeout', retryable: true, details: { timeout: 'idle', partial: true } },
    });
    expect(server.requests()).toHaveLength(1); // never retried once text has streamed
  });

  it('no response headers in time: a timeout, retried up to maxRetries', async () => {
    server.setScenario('stall-before-headers');
    const { last } = await run(provider({ firstByteTimeoutMs: 100, maxRetries: 1 }), ask('hi'));
    expect(last).toMatchObject({
      type: 'error',
      error: { code: 'timeout', details: { timeout: 'first-byte' } },
    });
    expect(server.requests()).toHaveLength(2);
  });

  it('a stall that ends in time is no timeout', async () => {
    server.setScenario({ scenario: 'slow', delayMs: 20 });
    const { last } = await run(provider({ idleTimeoutMs: 2000 }), ask('hello'));
    expect(last).toMatchObject({ type: 'finish', reason: 'stop' });
  });
});

describe('prompt caching', () => {
  const long = 'The valley notes: tomatoes, compost, spring weather and the irrigation plan. '.repeat(40);

  it('marks the prefix, writes the cache on turn 1 and reads it on turn 2', async () => {
    const p = provider({ system: 'You are a gardening assistant.' });
    const first = await run(p, ask(long));
    const turn2: ChatMessage[] = [
      { role: 'user', content: long },
      { role: 'assistant', content: 'Claude (fake) answer.' },
      { role: 'user', content: 'And the tomatoes?' },
    ];
    const second = await run(p, turn2);
    expect(first.last).toMatchObject({ type: 'finish' });
    expect(second.last).toMatchObject({ type: 'finish' });
    if (first.last.type !== 'finish' || second.last.type !== 'finish') return;
    expect(first.last.usage.cacheWriteTokens).toBeGreaterThan(200);
    expect(first.last.usage.cacheReadTokens ?? 0).toBe(0);
    expect(second.last.usage.cacheReadTokens).toBe(first.last.usage.cacheWriteTokens);
    expect(second.last.usage.inputTokens).toBeGreaterThan(second.last.usage.cacheReadTokens!);
    const body = server.requests()[1]!.body as { system: unknown; messages: { content: unknown[] }[] };
    expect(body.system).toEqual([
      { type: 'text', text: 'You are a gardening assistant.', cache_control: { type: 'ephemeral' } },
    ]);
    expect(body.messages[2]!.content.at(-1)).toMatchObject({ cache_control: { type: 'ephemeral' } });
  });

  it('sends no breakpoints when caching is off, and nothing is read', async () => {
    const p = provider({ promptCaching: false });
    await run(p, ask(long));
    const { last } = await run(p, ask(long));
    expect(JSON.stringify(server.requests()[1]!.body)).not.toContain('cache_control');
    if (last.type === 'finish') expect(last.usage.cacheReadTokens ?? 0).toBe(0);
  });
});

describe('529 overloaded: the waits are announced on the answer', () => {
  const notices = (parts: StreamPart[]) =>
    parts.flatMap((p) => (p.type === 'notice' && p.notice.id === 'claude-overloaded' ? [p.notice.text] : []));

  it('says "retrying (n of 3)" before each new try, then how it ended: answered', async () => {
    server.setScenario({ scenario: '529', times: 2 });
    const { parts, text } = await run(provider(), ask('hello'));
    expect(text.length).toBeGreaterThan(0);
    expect(notices(parts)).toEqual([
      'Claude is overloaded, retrying (2 of 3)…',
      'Claude is overloaded, retrying (3 of 3)…',
      'Claude was overloaded: answered after 2 retries.',
    ]);
  });

  it('three 529s: still overloaded after 2 retries, then the overloaded error', async () => {
    server.setScenario('529');
    const { parts, last } = await run(provider(), ask('hello'));
    expect(notices(parts)).toEqual([
      'Claude is overloaded, retrying (2 of 3)…',
      'Claude is overloaded, retrying (3 of 3)…',
      'Claude was still overloaded after 2 retries.',
    ]);
    expect(last).toMatchObject({ type: 'error', error: { code: 'overloaded' } });
  });

  it('a 500 is retried without an overloaded notice', async () => {
    server.setScenario({ scenario: '500', times: 1 });
    const { parts } = await run(provider(), ask('hello'));
    expect(notices(parts)).toEqual([]);
  });
});
