import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { AnswerMetric } from '../../core/answers/metric';
import { ConversationRepository } from '../../platform/db/conversations';
import { KeyValueRepository } from '../../platform/db/kv';
import { KV } from '../../platform/db/kv-keys';
import { MetricsRepository } from '../../platform/db/operations';
import { openAppDb } from '../../platform/db/schema';
import { OperationRecorder } from './recorder';
import { MetricsState } from './metrics.svelte';

const NOW = 1_800_000_000_000;
const HOUR = 3_600_000;

const answer = (id: string, startedAt: number, over: Partial<AnswerMetric> = {}): AnswerMetric => ({
  id,
  messageId: id,
  conversationId: 'c',
  attempt: 0,
  source: 'chat',
  modelId: 'tiny',
  modelLabel: 'Tiny',
  backend: 'transformers',
  device: 'wasm',
  route: null,
  status: 'ok',
  errorCode: null,
  startedAt,
  totalMs: 100,
  ttftMs: 10,
  prefillTokensPerSecond: null,
  decodeTokensPerSecond: 20,
  inputTokens: 5,
  outputTokens: 7,
  costUsd: null,
  ...over,
});

/** Real repositories over fake-indexeddb and the real recorder writing into the operations store. */
async function setUp() {
  const db = await openAppDb(`metrics-${Math.random()}`);
  const repo = new MetricsRepository(db);
  const recorder = new OperationRecorder((records) => repo.addOperations(records), { delayMs: 60_000 });
  const kv = new KeyValueRepository(db);
  const state = new MetricsState({
    repo,
    recorder,
    conversations: new ConversationRepository(db),
    kv,
    now: () => NOW,
  });
  return { db, repo, recorder, kv, state };
}

const route = (at: number, target: 'local' | 'claude', kind: string) => ({
  kind: 'route' as const,
  at,
  modelId: '',
  status: 'ok' as const,
  totalMs: 1,
  tokensIn: 3,
  tokensOut: null,
  bytes: null,
  route: { target, kind, reasons: ['test'] },
});

const group = (state: MetricsState, kind: string, modelId: string) =>
  state.summary?.groups.find((g) => g.kind === kind && g.modelId === modelId);

describe('MetricsState', () => {
  it('aggregates the stored answers and the recorded (still queued) operations of the range', async () => {
    const { db, recorder, state } = await setUp();
    await db.put('answerMetrics', answer('a1', NOW - HOUR));
    await db.put(
      'answerMetrics',
      answer('a2', NOW - 2 * HOUR, { status: 'error', errorCode: 'model-load-failed' }),
    );
    await db.put('answerMetrics', answer('old', NOW - 3 * 86_400_000));
    recorder.record(route(NOW - HOUR, 'local', 'chat'));
    recorder.record(route(NOW - HOUR, 'claude', 'code'));
    recorder.record(route(NOW - HOUR, 'claude', 'code'));

    await state.refresh();
    expect(state.computing).toBe(false);
    expect(state.computed).toEqual({ range: 'day', model: null });
    const generations = group(state, 'generation', 'tiny');
    expect(generations).toMatchObject({ count: 2, ok: 1, successRate: 0.5, tokensIn: 10, tokensOut: 14 });
    expect(state.summary?.routing).toMatchObject({ local: 1, claude: 2 });
    expect(state.summary?.routing.byKind.code).toEqual({ local: 0, claude: 2, server: 0 });

    await state.setRange('week');
    expect(group(state, 'generation', 'tiny')?.count).toBe(3);
    expect(state.computed).toEqual({ range: 'week', model: null });
  });

  it('filters by model', async () => {
    const { db, state } = await setUp();
    await db.put('answerMetrics', answer('a1', NOW - HOUR));
    await db.put(
      'answerMetrics',
      answer('c1', NOW - HOUR, { modelId: 'claude-haiku-4-5', backend: 'claude' }),
    );
    await state.refresh();
    expect(state.summary?.models.sort()).toEqual(['claude-haiku-4-5', 'tiny']);
    await state.setModel('claude-haiku-4-5');
    expect(group(state, 'generation', 'claude-haiku-4-5')?.count).toBe(1);
    expect(group(state, 'generation', 'tiny')).toBeUndefined();
  });

  it('keeps the retention setting across a restart, prunes with it, and clears every measurement', async () => {
    const { db, repo, recorder, kv, state } = await setUp();
    await db.put('answerMetrics', answer('a1', NOW - HOUR));
    await db.put('answerMetrics', answer('a2', NOW - 2 * HOUR));
    await state.setRetention({ retentionDays: 90, maxRecords: 1 });
    expect(await kv.get(KV.metricsRetention)).toEqual({ retentionDays: 90, maxRecords: 1 });
    expect((await repo.counts()).answerMetrics).toBe(1);

    const restarted = new MetricsState({
      repo,
      recorder,
      conversations: new ConversationRepository(db),
      kv,
      now: () => NOW,
    });
    await restarted.init();
    expect(restarted.retention).toEqual({ retentionDays: 90, maxRecords: 1 });

    await state.clear();
    expect(await repo.counts()).toEqual({ answerMetrics: 0, operations: 0 });
    expect(state.summary?.total).toBe(0);
  });

  it('exports the chosen range as JSON and CSV with the stored records', async () => {
    const { db, state } = await setUp();
    await db.put('answerMetrics', answer('a1', NOW - HOUR));
    await db.put('answerMetrics', answer('old', NOW - 3 * 86_400_000));
    await state.refresh();
    const json = JSON.parse(await state.exportJson(false)) as Record<string, unknown>;
    expect(JSON.stringify(json)).toContain('"a1"');
    expect(JSON.stringify(json)).not.toContain('"old"');
    const csv = await state.exportCsv(false);
    expect(csv.split('\n').filter((l) => l.includes('tiny')).length).toBe(1);
  });
});
