/** The real provider against the fake OpenAI-compatible server, over real HTTP in Node. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GENERATION_SETTINGS, type StreamPart } from '../../core/provider';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../../tests/fixtures/openai/fake-server';
import { ServerProvider, type ServerProviderConfig } from './client';
import { listServerModels } from './discovery';

let server: FakeOpenAiServer;
let keyed: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
  keyed = await startFakeOpenAiServer({ key: 'secret-key-42' });
});
afterAll(async () => {
  await server.close();
  await keyed.close();
});
beforeEach(() => {
  server.clearRequests();
  server.control({ loading: 0, delayMs: 150, noOpenAiModels: false });
});

async function ask(
  prompt: string,
  config: Partial<ServerProviderConfig> = {},
  signal?: AbortSignal,
): Promise<StreamPart[]> {
  const provider = new ServerProvider({
    baseUrl: server.url,
    model: 'llama3.1:8b',
    page: null,
    loadingDelayMs: 1,
    ...config,
  });
  const parts: StreamPart[] = [];
  const request = {
    messages: [{ role: 'user' as const, content: prompt }],
    settings: DEFAULT_GENERATION_SETTINGS,
  };
  for await (const part of provider.stream(signal ? { ...request, signal } : request)) parts.push(part);
  return parts;
}

const text = (parts: StreamPart[]): string =>
  parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');
const last = (parts: StreamPart[]): StreamPart => parts[parts.length - 1]!;

describe('ServerProvider against the fake server', () => {
  it('streams text, asks for the usage chunk and reports its usage', async () => {
    const parts = await ask('Hello');
    expect(text(parts)).toBe('Server (fake llama3.1:8b) answer to: Hello');
    const finish = last(parts);
    expect(finish).toMatchObject({ type: 'finish', reason: 'stop' });
    const body = server.requests().at(-1)!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      model: 'llama3.1:8b',
      stream: true,
      stream_options: { include_usage: true },
    });
    const reported = finish.type === 'finish' ? finish.usage : null;
    expect(reported?.outputTokens).toBe(6); // the fake's completion_tokens: one per word
    expect(parts.filter((p) => p.type === 'finish' || p.type === 'error')).toHaveLength(1);
  });

  it('answers without streaming too', async () => {
    const parts = await ask('Hello [trigger:reasoning]', { stream: false });
    expect(text(parts)).toBe('Server (fake llama3.1:8b) answer to: Hello');
    expect(parts.find((p) => p.type === 'thinking-delta')).toBeTruthy();
    expect(server.requests().at(-1)!.body).toMatchObject({ stream: false });
    expect((server.requests().at(-1)!.body as Record<string, unknown>).stream_options).toBeUndefined();
  });

  it('streams reasoning from reasoning_content, reasoning and inline <think> as thinking', async () => {
    for (const trigger of ['reasoning', 'reasoning-field', 'think']) {
      const parts = await ask(`Why? [trigger:${trigger}]`);
      const thinking = parts.map((p) => (p.type === 'thinking-delta' ? p.text : '')).join('');
      expect(thinking.length, trigger).toBeGreaterThan(5);
      expect(text(parts), trigger).toBe('Server (fake llama3.1:8b) answer to: Why?');
    }
  });

  it('emits parallel tool calls with parsed input and finishes with tool-calls', async () => {
    const tools = [
      { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } },
    ];
    const parts = await ask('Weather in Paris and Oslo? [trigger:tools]', { tools });
    expect(parts.filter((p) => p.type === 'tool-call')).toEqual([
      { type: 'tool-call', id: 'call_fake_0', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool-call', id: 'call_fake_1', name: 'get_weather', input: { city: 'Oslo' } },
    ]);
    expect(last(parts)).toMatchObject({ type: 'finish', reason: 'tool-calls' });
    expect(server.requests().at(-1)!.body).toMatchObject({ tools });
  });

  it('reads a stream written in 3-byte pieces with CRLF line endings', async () => {
    const parts = await ask('Hi [trigger:unicode] [trigger:bytes] [trigger:crlf]');
    expect(text(parts)).toBe('Server (fake llama3.1:8b) answer to: Hi — café 日本語 🦙 ok');
  });

  it('maps finish_reason length', async () => {
    expect(last(await ask('Hi [trigger:length]'))).toMatchObject({ type: 'finish', reason: 'length' });
  });

  const errors: [string, string, Record<string, unknown>][] = [
    ['context', 'context-window-exceeded', { status: 400 }],
    ['context-llama', 'context-window-exceeded', { status: 400 }],
    ['400', 'bad-request', { status: 400 }],
    ['429', 'rate-limited', { status: 429, retryAfterSeconds: 7 }],
    ['500', 'server-error', { status: 500 }],
    ['overloaded', 'overloaded', { status: 503 }],
    ['loading', 'model-loading', { status: 503 }],
  ];
  for (const [trigger, code, details] of errors) {
    it(`[trigger:${trigger}] ends with ${code}`, async () => {
      const parts = (await ask(`Hi [trigger:${trigger}]`)).filter((p) => p.type !== 'notice');
      expect(parts).toHaveLength(1);
      const error = last(parts);
      expect(error.type).toBe('error');
      if (error.type !== 'error') return;
      expect(error.error.code).toBe(code);
      expect(error.error.details).toMatchObject(details);
      expect(error.error.message.length).toBeGreaterThan(30);
    });
  }

  it('an unknown model is not-found', async () => {
    const parts = await ask('Hi', { model: 'nope:1b' });
    expect(last(parts)).toMatchObject({
      type: 'error',
      error: { code: 'not-found', details: { status: 404 } },
    });
  });

  it('a cut stream keeps the partial text and ends with network', async () => {
    const parts = await ask('Hi [trigger:cut]');
    expect(text(parts)).toBe('Server (fake llama3.1:8b) ');
    expect(last(parts)).toMatchObject({
      type: 'error',
      error: { code: 'network', retryable: true, details: { partial: true } },
    });
  });

  it('an error chunk mid-stream keeps the text and names the error', async () => {
    const parts = await ask('Hi [trigger:stream-error]');
    expect(text(parts)).toBe('Server (fake ');
    expect(last(parts)).toMatchObject({
      type: 'error',
      error: { code: 'server-error', details: { inStream: true } },
    });
  });

  it('a malformed chunk is bad-response after the text so far', async () => {
    const parts = await ask('Hi [trigger:malformed]');
    expect(text(parts)).toBe('Half an ');
    expect(last(parts)).toMatchObject({ type: 'error', error: { code: 'bad-response' } });
  });

  it('first-byte and idle timeouts', async () => {
    const first = await ask('Hi [trigger:stall-headers]', { firstByteTimeoutMs: 300 });
    expect(last(first)).toMatchObject({
      type: 'error',
      error: { code: 'timeout', details: { timeout: 'first-byte' } },
    });
    const idle = await ask('Hi [trigger:stall]', { idleTimeoutMs: 300 });
    expect(text(idle)).toBe('Server (fake llama3.1:8b) ');
    expect(last(idle)).toMatchObject({
      type: 'error',
      error: { code: 'timeout', details: { timeout: 'idle', partial: true } },
    });
  });

  it('Stop mid-answer keeps the text and finishes aborted', async () => {
    const controller = new AbortController();
    const provider = new ServerProvider({ baseUrl: server.url, model: 'llama3.1:8b', page: null });
    const parts: StreamPart[] = [];
    for await (const part of provider.stream({
      messages: [{ role: 'user', content: 'Go on [trigger:hold]' }],
      settings: DEFAULT_GENERATION_SETTINGS,
      signal: controller.signal,
    })) {
      parts.push(part);
      if (text(parts).includes('more')) controller.abort();
    }
    expect(text(parts)).toContain('more');
    expect(last(parts)).toMatchObject({ type: 'finish', reason: 'aborted' });
  });

  it('an unreachable server is network with the cause', async () => {
    const parts = await ask('Hi', { baseUrl: 'http://127.0.0.1:1' });
    expect(last(parts)).toMatchObject({
      type: 'error',
      error: { code: 'network', details: { reason: 'unreachable' } },
    });
  });

  it('sends the key only as a bearer header to its server, and a wrong key is invalid-api-key', async () => {
    const ok = new ServerProvider({
      baseUrl: keyed.url,
      model: 'llama3.1:8b',
      apiKey: 'secret-key-42',
      page: null,
    });
    const parts: StreamPart[] = [];
    for await (const p of ok.stream({
      messages: [{ role: 'user', content: 'Hi' }],
      settings: DEFAULT_GENERATION_SETTINGS,
    }))
      parts.push(p);
    expect(last(parts)).toMatchObject({ type: 'finish' });
    const logged = keyed.requests().at(-1)!;
    expect(logged).toMatchObject({ hadKey: true, keyMatched: true });
    expect(JSON.stringify(logged.body)).not.toContain('secret-key-42');
    const bad = await ask('Hi', { baseUrl: keyed.url, apiKey: 'wrong' });
    expect(last(bad)).toMatchObject({
      type: 'error',
      error: { code: 'invalid-api-key', details: { status: 401 } },
    });
    expect(JSON.stringify(bad)).not.toContain('wrong');
  });
});

describe('model discovery', () => {
  it('lists /v1/models', async () => {
    expect(await listServerModels({ baseUrl: server.url, page: null })).toEqual({
      models: ['llama3.1:8b', 'qwen3:0.6b'],
      source: 'openai',
    });
  });

  it("falls back to Ollama's /api/tags", async () => {
    server.control({ noOpenAiModels: true });
    expect(await listServerModels({ baseUrl: `${server.url}/v1`, page: null })).toEqual({
      models: ['llama3.1:8b', 'qwen3:0.6b'],
      source: 'ollama',
    });
    expect(server.requests().map((r) => r.path)).toEqual(['/v1/models', '/api/tags']);
  });

  it('a missing key is invalid-api-key; the right one lists', async () => {
    await expect(listServerModels({ baseUrl: keyed.url, page: null })).rejects.toMatchObject({
      code: 'invalid-api-key',
    });
    expect(
      (await listServerModels({ baseUrl: keyed.url, apiKey: 'secret-key-42', page: null })).models,
    ).toHaveLength(2);
  });
});
