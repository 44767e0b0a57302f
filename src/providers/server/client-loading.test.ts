/**
 * A server still loading its model (503 "Loading model"): the real provider against the fake
 * OpenAI-compatible server tries again with one notice that ends saying how the wait ended.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GENERATION_SETTINGS, type StreamPart } from '../../core/provider';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../../tests/fixtures/openai/fake-server';
import { ServerProvider } from './client';

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.clearRequests();
  server.control({ loading: 0, delayMs: 150 });
});

async function ask(prompt: string, signal?: AbortSignal): Promise<StreamPart[]> {
  const provider = new ServerProvider({
    baseUrl: server.url,
    model: 'llama3.1:8b',
    page: null,
    loadingDelayMs: 1,
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

describe('a server loading its model', () => {
  it('503 while loading: tried again with a notice each time, then the answer once the model is ready', async () => {
    server.control({ loading: 2 });
    const parts = await ask('Hi');
    // One notice on the answer (same id), ending in the past tense once the server answers.
    const notice = (text: string) => ({
      type: 'notice',
      notice: { kind: 'info', id: 'server-loading', text },
    });
    expect(parts.filter((p) => p.type === 'notice')).toEqual([
      notice('Your server is loading the model, retrying (1 of 3)…'),
      notice('Your server is loading the model, retrying (2 of 3)…'),
      notice('Your server was loading the model: answered after 2 retries.'),
    ]);
    expect(parts.findIndex((p) => p.type === 'notice' && p.notice.text.includes('answered'))).toBeLessThan(
      parts.findIndex((p) => p.type === 'text-delta'),
    );
    expect(text(parts)).toContain('Server (fake llama3.1:8b) answer to: Hi');
    expect(last(parts)).toMatchObject({ type: 'finish', reason: 'stop' });
    expect(server.requests().filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(3);
  });

  it('503 while loading past the last try ends with model-loading and its remedy', async () => {
    server.control({ loading: 5 });
    const parts = await ask('Hi');
    const notices = parts.flatMap((p) => (p.type === 'notice' ? [p.notice] : []));
    expect(notices).toHaveLength(4);
    expect(notices.every((n) => n.id === 'server-loading')).toBe(true);
    expect(notices.at(-1)?.text).toBe('Your server was still loading the model after 3 retries.');
    expect(last(parts)).toMatchObject({
      type: 'error',
      error: { code: 'model-loading', retryable: true, details: { status: 503 } },
    });
    const error = last(parts);
    expect(error.type === 'error' && error.error.message).toMatch(/still loading the model.*Try again/);
    expect(server.requests().filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(4);
    server.control({ loading: 0 });
  });

  it('Stop while waiting for a loading server ends the wait and says so on the same notice', async () => {
    server.control({ loading: 5 });
    const controller = new AbortController();
    const provider = new ServerProvider({ baseUrl: server.url, model: 'llama3.1:8b', page: null });
    const parts: StreamPart[] = [];
    for await (const part of provider.stream({
      messages: [{ role: 'user', content: 'Hi' }],
      settings: DEFAULT_GENERATION_SETTINGS,
      signal: controller.signal,
    })) {
      parts.push(part);
      if (part.type === 'notice') controller.abort();
    }
    server.control({ loading: 0 });
    const notices = parts.flatMap((p) => (p.type === 'notice' ? [p.notice] : []));
    expect(notices.map((n) => n.text)).toEqual([
      'Your server is loading the model, retrying (1 of 3)…',
      'Stopped while waiting for your server to load the model.',
    ]);
    expect(last(parts)).toMatchObject({ type: 'finish', reason: 'aborted' });
  });
});
