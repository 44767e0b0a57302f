import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyValueRepository } from '../../platform/db/kv';
import { KV } from '../../platform/db/kv-keys';
import { exportableKeyValue } from '../../platform/db/backup/export';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../../tests/fixtures/openai/fake-server';
import { ServerState } from './server.svelte';

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

let fake: FakeOpenAiServer;
beforeAll(async () => {
  fake = await startFakeOpenAiServer({ key: 'server-key-777' });
});
afterAll(() => fake.close());

describe('ServerState', () => {
  it('keeps a session key in memory only, a remembered one on the device, never in the settings', async () => {
    const kv = memoryKv();
    const state = new ServerState(kv);
    await state.init();
    await state.saveKey('server-key-777', 'session');
    expect(JSON.stringify([...kv.data])).not.toContain('server-key-777');
    await state.saveKey('server-key-777', 'device');
    expect(kv.data.get(KV.serverApiKey as unknown as string)).toBe('server-key-777');
    expect(JSON.stringify(kv.data.get(KV.serverSettings as unknown as string))).not.toContain(
      'server-key-777',
    );
    const restarted = new ServerState(kv);
    await restarted.init();
    expect(restarted.hasKey).toBe(true);
    expect(
      exportableKeyValue({ key: 'server-api-key', value: 'x', updatedAt: 1 }, { includeEmbeddings: true }),
    ).toBe(false);
  });

  it('refuses a URL with credentials or another scheme', async () => {
    const state = new ServerState(memoryKv());
    expect(await state.saveUrl('http://me:pw@host:1')).toBe(false);
    expect(await state.saveUrl('file:///etc/passwd')).toBe(false);
    expect(await state.saveUrl('localhost:11434')).toBe(true);
    expect(state.settings.baseUrl).toBe('http://localhost:11434');
  });

  it('Check connection lists the models and picks the first; a missing key says so', async () => {
    const state = new ServerState(memoryKv());
    await state.saveUrl(fake.url);
    await state.checkConnection();
    expect(state.check).toMatchObject({ state: 'failed', error: { code: 'invalid-api-key' } });
    await state.saveKey('server-key-777', 'session');
    await state.checkConnection();
    expect(state.check).toMatchObject({ state: 'ok', models: ['llama3.1:8b', 'qwen3:0.6b'] });
    expect(state.settings.model).toBe('llama3.1:8b');
    expect(state.createProvider()?.endpointOrigin).toBe(fake.url);
  });
});
