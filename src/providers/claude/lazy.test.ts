import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeClaudeServer, type FakeClaudeServer } from '../../../tests/fixtures/claude/fake-server';
import { DEFAULT_GENERATION_SETTINGS, type StreamPart } from '../../core/provider';
import { LazyClaudeProvider } from './lazy';

const KEY = 'sk-ant-test-key-for-lazy-tests';
let server: FakeClaudeServer;

beforeAll(async () => {
  server = await startFakeClaudeServer({ key: KEY });
});
afterAll(async () => {
  await server.close();
});

describe('LazyClaudeProvider', () => {
  it('answers like ClaudeProvider once the client has loaded, with the same label and origin', async () => {
    const p = new LazyClaudeProvider({ apiKey: KEY, model: 'claude-haiku-4-5', baseUrl: `${server.url}/` });
    expect(p.label).toBe('Claude (claude-haiku-4-5)');
    expect(p.endpointOrigin).toBe(new URL(server.url).origin);
    const parts: StreamPart[] = [];
    for await (const part of p.stream({
      messages: [{ role: 'user', content: 'hello' }],
      settings: DEFAULT_GENERATION_SETTINGS,
    })) {
      parts.push(part);
    }
    expect(parts.some((x) => x.type === 'text-delta')).toBe(true);
    expect(parts.at(-1)?.type).toBe('finish');
  });

  it('checks a key through the real client', async () => {
    const good = new LazyClaudeProvider({ apiKey: KEY, model: 'claude-haiku-4-5', baseUrl: server.url });
    expect((await good.checkKey()).ok).toBe(true);
    const bad = new LazyClaudeProvider({
      apiKey: 'sk-ant-wrong',
      model: 'claude-haiku-4-5',
      baseUrl: server.url,
    });
    const result = await bad.checkKey();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid-api-key');
  });
});
