import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { AnswerMetric } from '../../core/answers/metric';
import type { OperationRecord } from '../../core/operations';
import { MetricsRepository } from './operations';
import { openAppDb } from './schema';

const op = (id: string, at: number, over: Partial<OperationRecord> = {}): OperationRecord => ({
  id,
  kind: 'embedding',
  at,
  modelId: 'e',
  status: 'ok',
  errorCode: null,
  totalMs: 5,
  backend: 'wasm',
  detail: 'health',
  items: 2,
  tokensIn: 10,
  tokensOut: null,
  bytes: null,
  route: null,
  ...over,
});

const answer = (id: string, startedAt: number): AnswerMetric => ({
  id,
  messageId: id,
  conversationId: 'c',
  attempt: 0,
  source: 'chat',
  modelId: 'm',
  modelLabel: 'M',
  backend: 'transformers',
  device: 'wasm',
  route: null,
  status: 'ok',
  errorCode: null,
  startedAt,
  totalMs: 10,
  ttftMs: 2,
  prefillTokensPerSecond: null,
  decodeTokensPerSecond: null,
  inputTokens: 1,
  outputTokens: 1,
  costUsd: null,
});

describe('database upgrade to the operations store (version 7)', () => {
  it('a version-6 database keeps its answer metrics and gains the indexed operations store', async () => {
    const name = `v7-${Math.random()}`;
    const v6 = await openAppDb(name, 6);
    await v6.put('answerMetrics', answer('a:0', 5));
    expect(v6.objectStoreNames.contains('operations')).toBe(false);
    v6.close();
    const db = await openAppDb(name, 7);
    expect(await db.get('answerMetrics', 'a:0')).toMatchObject({ startedAt: 5 });
    expect([...db.transaction('operations').store.indexNames].sort()).toEqual([
      'by-at',
      'by-kind',
      'by-model',
    ]);
    db.close();
  });
});

describe('MetricsRepository', () => {
  it('scans from a time on across both stores, in chunks, skipping invalid records', async () => {
    const db = await openAppDb(`scan-${Math.random()}`);
    const repo = new MetricsRepository(db);
    // 9,000 operations, many at the same instant, so chunks end inside a run of equal times.
    const ops = Array.from({ length: 9000 }, (_, i) => op(`o${i}`, Math.floor(i / 3000) * 10));
    await repo.addOperations(ops);
    await db.put('answerMetrics', answer('a', 15));
    await db.put('answerMetrics', answer('old', 1));
    await db.put('operations', { ...op('bad', 20), status: 'maybe' } as unknown as OperationRecord);
    const seen: string[] = [];
    await repo.scan(10, { answer: (m) => seen.push(m.id), operation: (o) => seen.push(o.id) });
    expect(seen[0]).toBe('a');
    expect(seen).toHaveLength(1 + 6000);
    expect(new Set(seen).size).toBe(seen.length);
    expect(repo.skipped).toBe(1);
    // The span of the records from a time on (the charts' time axis), over both stores.
    expect(await repo.span(10)).toEqual({ first: 10, last: 20 });
    expect(await repo.span(0)).toEqual({ first: 0, last: 20 });
    expect(await repo.span(21)).toBeNull();
    db.close();
  });

  it('prunes past the retention time and over the cap, oldest first, and clears', async () => {
    const db = await openAppDb(`prune-${Math.random()}`);
    const repo = new MetricsRepository(db);
    const day = 86_400_000;
    const now = 100 * day;
    await repo.addOperations([
      op('ancient', now - 91 * day),
      op('a', now - 3),
      op('b', now - 2),
      op('c', now - 1),
    ]);
    expect(await repo.prune({ retentionDays: 90, maxRecords: 2 }, now)).toBe(2);
    expect((await repo.all()).operations.map((o) => o.id)).toEqual(['b', 'c']);
    await repo.clear();
    expect(await repo.counts()).toEqual({ answerMetrics: 0, operations: 0 });
    db.close();
  });
});
