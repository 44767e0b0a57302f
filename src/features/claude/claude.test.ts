import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeClaudeServer, type FakeClaudeServer } from '../../../tests/fixtures/claude/fake-server';
import type { KeyValueRepository } from '../../platform/db/kv';
import type { StoredMessage } from '../../core/stored';
import { ClaudeState, normaliseBaseUrl } from './claude.svelte';

const KEY = 'sk-ant-unit-test-key-1234';

function memoryKv(): KeyValueRepository & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: (key: string) => Promise.resolve(data.get(key)),
    set: (key: string, value: unknown) => {
      data.set(key, structuredClone(value));
      return Promise.resolve();
    },
    delete: (key: string) => {
      data.delete(key);
      return Promise.resolve();
    },
  } as unknown as KeyValueRepository & { data: Map<string, unknown> };
}

const stored = (kv: { data: Map<string, unknown> }): string => JSON.stringify([...kv.data.entries()]);

describe('ClaudeState key handling', () => {
  it('"this session only" keeps the key in memory: nothing stored, gone after a restart', async () => {
    const kv = memoryKv();
    const state = new ClaudeState(kv);
    await state.init();
    await state.saveKey(KEY, 'session');
    expect(state.hasKey).toBe(true);
    expect(state.maskedKey).toBe('••••••••1234');
    expect(stored(kv)).not.toContain(KEY);
    const restarted = new ClaudeState(kv);
    await restarted.init();
    expect(restarted.hasKey).toBe(false);
  });

  it('"remember on this device" stores it and restores it; forget removes it', async () => {
    const kv = memoryKv();
    const state = new ClaudeState(kv);
    await state.init();
    await state.saveKey(KEY, 'device');
    expect(stored(kv)).toContain(KEY);
    const restarted = new ClaudeState(kv);
    await restarted.init();
    expect(restarted.hasKey).toBe(true);
    await restarted.forgetKey();
    expect(restarted.hasKey).toBe(false);
    expect(stored(kv)).not.toContain(KEY);
  });

  it('switching from device to session removes the stored key', async () => {
    const kv = memoryKv();
    const state = new ClaudeState(kv);
    await state.init();
    await state.saveKey(KEY, 'device');
    await state.saveKey(KEY, 'session');
    expect(stored(kv)).not.toContain(KEY);
  });

  it('the key never appears in the settings object or its JSON', async () => {
    const state = new ClaudeState(memoryKv());
    await state.init();
    await state.saveKey(KEY, 'device');
    expect(JSON.stringify(state.settings)).not.toContain(KEY);
    expect(JSON.stringify(state)).not.toContain(KEY);
  });

  it('creates no provider without a key, and one pointed at the base URL with it', async () => {
    const state = new ClaudeState(memoryKv());
    await state.init();
    expect(state.createProvider()).toBeNull();
    await state.update({ baseUrl: 'http://127.0.0.1:9' });
    await state.saveKey(KEY, 'session');
    expect(state.createProvider()?.endpointOrigin).toBe('http://127.0.0.1:9');
  });
});

describe('ClaudeState cost', () => {
  const answer = (kind: 'claude' | 'transformers', id: string): StoredMessage => ({
    id: 'm',
    conversationId: 'c',
    role: 'assistant',
    content: 'x',
    createdAt: 0,
    status: 'complete',
    model: { kind, id, label: id },
    usage: { inputTokens: 1_000_000, outputTokens: 1_000_000 },
  });

  it('prices Claude answers from the editable table and local ones as savings at the chosen model', async () => {
    const state = new ClaudeState(memoryKv());
    await state.init();
    await state.update({
      model: 'claude-haiku-4-5',
      prices: [{ model: 'claude-haiku-4-5', label: 'Haiku', inputPerMTok: 1, outputPerMTok: 5 }],
    });
    expect(state.costOf(answer('claude', 'claude-haiku-4-5'))).toEqual({ costUsd: 6, savedUsd: null });
    expect(state.costOf(answer('transformers', 'tiny'))).toEqual({ costUsd: null, savedUsd: 6 });
    const totals = state.totals([answer('claude', 'claude-haiku-4-5'), answer('transformers', 'tiny')]);
    expect(totals).toMatchObject({ costUsd: 6, savedUsd: 6, localMessages: 1, inputTokens: 1_000_000 });
  });

  it('an attempt is priced by the same table the chat shows (one owner of the cost)', async () => {
    const state = new ClaudeState(memoryKv());
    await state.init();
    await state.update({ prices: [{ model: 'claude-x', label: 'X', inputPerMTok: 2, outputPerMTok: 3 }] });
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    expect(state.costUsd({ model: { kind: 'claude', id: 'claude-x' }, usage })).toBe(5);
    expect(state.costUsd({ model: { kind: 'claude', id: 'claude-x' } })).toBeNull();
    expect(state.costUsd({ model: { kind: 'server', id: 'claude-x' }, usage })).toBeNull();
    expect(state.costOf(answer('claude', 'claude-x'))?.costUsd).toBe(5);
  });
});

describe('normaliseBaseUrl', () => {
  it('accepts http(s), strips trailing slashes, empty means the default', () => {
    expect(normaliseBaseUrl('http://127.0.0.1:5175/')).toBe('http://127.0.0.1:5175');
    expect(normaliseBaseUrl('  ')).toBe('');
    expect(normaliseBaseUrl('ftp://x')).toBeNull();
    expect(normaliseBaseUrl('not a url')).toBeNull();
  });
});

describe('ClaudeState checks a key when it is saved', () => {
  let server: FakeClaudeServer;
  beforeAll(async () => {
    server = await startFakeClaudeServer({ key: KEY });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('one GET /v1/models per save: a refused key fails with the 401, a good one works', async () => {
    const state = new ClaudeState(memoryKv(), { checkOnSave: true });
    await state.init();
    await state.update({ baseUrl: server.url });
    server.clearRequests();
    await state.saveKey('sk-ant-wrong-0000', 'session');
    expect(state.check).toMatchObject({
      state: 'failed',
      error: { code: 'invalid-api-key', details: { status: 401, apiMessage: 'invalid x-api-key' } },
    });
    await state.saveKey(KEY, 'session');
    expect(state.check).toEqual({ state: 'ok' });
    expect(server.requests().map((r) => [r.method, r.path, r.keyMatched])).toEqual([
      ['GET', '/v1/models', false],
      ['GET', '/v1/models', true],
    ]);
  });

  it('sends nothing under Local only', async () => {
    const state = new ClaudeState(memoryKv(), { checkOnSave: true });
    await state.init();
    await state.update({ baseUrl: server.url, strategy: 'local-only' });
    server.clearRequests();
    await state.saveKey(KEY, 'session');
    expect(state.check).toEqual({ state: 'idle' });
    expect(server.requests()).toEqual([]);
  });
});
