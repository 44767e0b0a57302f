import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { AnswerMetric } from '../../core/answers/metric';
import type { EvalResponse, EvaluationRecord } from '../../core/evaluation';
import { APP_DB_VERSION, openAppDb } from './schema';
import { EARLIEST_WALL_CLOCK, nonWallClockFields, redated } from './wall-clock';

const STARTED = Date.UTC(2026, 11, 1, 9, 0, 0);

const evaluation = { id: 'ev1', status: 'complete', startedAt: STARTED, updatedAt: STARTED + 60_000 };
const response = (id: string, createdAt: number) =>
  ({ id, evaluationId: 'ev1', taskKey: id, createdAt }) as unknown as EvalResponse;
const metric = (id: string, startedAt: number, conversationId: string) =>
  ({ id, messageId: id, conversationId, modelId: 'm', startedAt }) as unknown as AnswerMetric;

describe('wall-clock dates', () => {
  it('redated keeps order and spacing from the base', () => {
    expect(redated([1500, 1200, 1800], 1_000_000)).toEqual([1_000_300, 1_000_000, 1_000_600]);
  });

  it('names the date fields from the wrong clock', () => {
    expect(
      nonWallClockFields({ createdAt: 1500, updatedAt: Date.now(), finishedAt: null, total: 3 }),
    ).toEqual(['createdAt']);
  });
});

describe('database upgrade to version 8: times from performance.now() are re-dated', () => {
  it('responses and workbench metrics move to their evaluation start, in order; other metrics end now', async () => {
    expect(APP_DB_VERSION).toBe(9);
    const name = `wall-clock-${Math.random()}`;
    const v7 = await openAppDb(name, 7);
    await v7.put('evaluations', evaluation as unknown as EvaluationRecord);
    await v7.put('evalResponses', response('r2', 2500.5));
    await v7.put('evalResponses', response('r1', 1500.25));
    await v7.put('evalResponses', response('ok', STARTED + 5)); // already right: untouched
    await v7.put('answerMetrics', metric('w1', 1400, 'eval:ev1'));
    await v7.put('answerMetrics', metric('c1', 900, 'c_chat'));
    await v7.put('answerMetrics', metric('c2', 1900, 'c_chat'));
    v7.close();

    const before = Date.now();
    const db = await openAppDb(name, 9);
    const r1 = (await db.get('evalResponses', 'r1'))!;
    const r2 = (await db.get('evalResponses', 'r2'))!;
    const w1 = (await db.get('answerMetrics', 'w1'))!;
    // The earliest wrong time of the evaluation (the metric at 1400) becomes its start.
    expect(w1.startedAt).toBe(STARTED);
    expect(r1.createdAt).toBe(STARTED + 100.25);
    expect(r2.createdAt).toBe(STARTED + 1100.5);
    expect((await db.get('evalResponses', 'ok'))!.createdAt).toBe(STARTED + 5);
    const c1 = (await db.get('answerMetrics', 'c1'))!;
    const c2 = (await db.get('answerMetrics', 'c2'))!;
    expect(c2.startedAt - c1.startedAt).toBe(1000);
    expect(c2.startedAt).toBeGreaterThanOrEqual(before);
    // Every store of the upgraded database holds wall-clock dates only.
    for (const store of ['evaluations', 'evalResponses', 'answerMetrics'] as const) {
      for (const record of await db.getAll(store)) expect(nonWallClockFields(record), store).toEqual([]);
    }
    // The index sees the new dates: retention's "older than" scan no longer finds them in 1970.
    const old = await db.getAllFromIndex(
      'answerMetrics',
      'by-started',
      IDBKeyRange.upperBound(EARLIEST_WALL_CLOCK),
    );
    expect(old).toEqual([]);
    db.close();
  });
});
