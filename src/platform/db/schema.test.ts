import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { AnswerMetricRepository } from './answer-metrics';
import { APP_DB_VERSION, openAppDb } from './schema';

describe('database upgrade to the answer-metrics store', () => {
  it('a version-2 database keeps its conversations, messages and settings and gains the indexed store', async () => {
    const name = `upgrade-${Math.random()}`;
    const v2 = await openAppDb(name, 2);
    await v2.put('conversations', { id: 'c1', title: 'Kept', createdAt: 1, updatedAt: 2 });
    await v2.put('messages', {
      id: 'm1',
      conversationId: 'c1',
      role: 'user',
      content: 'hello',
      createdAt: 1,
      status: 'complete',
    });
    await v2.put('kv', { key: 'settings', value: { theme: 'dark' }, updatedAt: 3 });
    expect(v2.objectStoreNames.contains('answerMetrics')).toBe(false);
    v2.close();

    const db = await openAppDb(name, APP_DB_VERSION);
    expect(await db.get('conversations', 'c1')).toMatchObject({ title: 'Kept' });
    expect(
      await db.getAllFromIndex('messages', 'by-conversation', IDBKeyRange.bound(['c1', 0], ['c1', Infinity])),
    ).toHaveLength(1);
    expect(await db.get('kv', 'settings')).toEqual({
      key: 'settings',
      value: { theme: 'dark' },
      updatedAt: 3,
    });
    const store = db.transaction('answerMetrics').store;
    expect([...store.indexNames].sort()).toEqual(['by-message', 'by-model', 'by-started']);
    db.close();
  });

  it('reads records per model and newest first', async () => {
    const db = await openAppDb(`metrics-${Math.random()}`);
    const repo = new AnswerMetricRepository(db);
    const base = {
      messageId: 'm',
      conversationId: 'c',
      source: 'chat' as const,
      modelLabel: 'x',
      backend: 'transformers' as const,
      device: 'wasm',
      route: null,
      status: 'ok' as const,
      errorCode: null,
      totalMs: 1,
      ttftMs: 1,
      prefillTokensPerSecond: null,
      decodeTokensPerSecond: null,
      inputTokens: 1,
      outputTokens: 1,
      costUsd: null,
    };
    await repo.add([
      { ...base, id: 'a:0', attempt: 0, modelId: 'A', startedAt: 10 },
      { ...base, id: 'b:0', attempt: 0, modelId: 'B', startedAt: 20 },
      { ...base, id: 'a2:0', attempt: 0, modelId: 'A', startedAt: 30 },
    ]);
    expect((await repo.byModel('A')).map((r) => r.id)).toEqual(['a:0', 'a2:0']);
    expect((await repo.recent(2)).map((r) => r.id)).toEqual(['a2:0', 'b:0']);
    db.close();
    // The raw database agrees on the version the app opens.
    const raw = await openDB(db.name);
    expect(raw.version).toBe(APP_DB_VERSION);
    raw.close();
  });
});
