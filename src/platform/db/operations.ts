/**
 * The measurement stores read together: `answerMetrics` (one record per generation attempt) and
 * `operations` (embeddings, compressions, loads, routing). The dashboard scans a time range in
 * chunks through the time indexes and hands each record on as it comes, so nothing holds 100,000
 * records at once; retention and the size cap delete the oldest through the same indexes.
 */
import type { IDBPDatabase } from 'idb';
import * as v from 'valibot';
import type { AnswerMetric } from '../../core/answers/metric';
import type { OperationRecord } from '../../core/operations';
import { answerMetricSchema, operationSchema } from './metric-records';
import type { TandemDB } from './schema';

const CHUNK = 4000;

export interface RetentionPrefs {
  /** Records older than this many days are deleted (0: keep forever). */
  retentionDays: number;
  /** At most this many records per store; the oldest go first. */
  maxRecords: number;
}

export const DEFAULT_RETENTION: RetentionPrefs = { retentionDays: 90, maxRecords: 200_000 };

type Store = 'answerMetrics' | 'operations';
const TIME_INDEX = { answerMetrics: 'by-started', operations: 'by-at' } as const;
const timeOf = (store: Store, r: AnswerMetric | OperationRecord): number =>
  store === 'answerMetrics' ? (r as AnswerMetric).startedAt : (r as OperationRecord).at;

const num = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x);
const numOrNull = (x: unknown): boolean => x === null || num(x);

/**
 * The fields the aggregations read, checked per record while scanning. The full valibot schemas
 * (records.ts) cost ~10x more per record; they run on export and on backup import instead.
 */
function answerShape(r: unknown): r is AnswerMetric {
  const m = r as Partial<Record<keyof AnswerMetric, unknown>> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.modelId === 'string' &&
    typeof m.status === 'string' &&
    typeof m.backend === 'string' &&
    num(m.startedAt) &&
    num(m.totalMs) &&
    num(m.attempt) &&
    numOrNull(m.ttftMs) &&
    numOrNull(m.prefillTokensPerSecond) &&
    numOrNull(m.decodeTokensPerSecond) &&
    numOrNull(m.inputTokens) &&
    numOrNull(m.outputTokens) &&
    numOrNull(m.costUsd)
  );
}

const KINDS = new Set(['embedding', 'compression', 'load', 'route']);
function operationShape(r: unknown): r is OperationRecord {
  const o = r as Partial<Record<keyof OperationRecord, unknown>> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    KINDS.has(o.kind as string) &&
    typeof o.modelId === 'string' &&
    (o.status === 'ok' || o.status === 'error') &&
    num(o.at) &&
    num(o.totalMs) &&
    numOrNull(o.tokensIn) &&
    numOrNull(o.tokensOut) &&
    numOrNull(o.bytes) &&
    (o.route === null || (typeof o.route === 'object' && o.route !== undefined))
  );
}

export class MetricsRepository {
  /** Records skipped by scans because they failed validation. */
  skipped = 0;
  private afterChunk: (() => void) | null = null;

  constructor(private readonly db: IDBPDatabase<TandemDB>) {}

  async addOperations(records: readonly OperationRecord[]): Promise<void> {
    if (records.length === 0) return;
    const tx = this.db.transaction('operations', 'readwrite');
    await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
  }

  /** Every valid record from `from` on, oldest first, one store after the other. */
  async scan(
    from: number,
    visit: {
      answer: (m: AnswerMetric) => void;
      operation: (o: OperationRecord) => void;
      /** After each chunk read (a moment to show partial numbers). */
      chunk?: () => void;
    },
  ): Promise<void> {
    this.afterChunk = visit.chunk ?? null;
    await this.scanStore('answerMetrics', from, (r) => {
      if (answerShape(r)) visit.answer(r);
      else this.skipped++;
    });
    await this.scanStore('operations', from, (r) => {
      if (operationShape(r)) visit.operation(r);
      else this.skipped++;
    });
  }

  /** Every record from `from` on, checked against the full schemas (export, backup). */
  async allChecked(from = 0): Promise<{ answerMetrics: AnswerMetric[]; operations: OperationRecord[] }> {
    const { answerMetrics, operations } = await this.all(from);
    const checked = {
      answerMetrics: answerMetrics.filter((r) => v.is(answerMetricSchema, r)),
      operations: operations.filter((r) => v.is(operationSchema, r)),
    };
    this.skipped += answerMetrics.length - checked.answerMetrics.length;
    this.skipped += operations.length - checked.operations.length;
    return checked;
  }

  private async scanStore(store: Store, from: number, each: (r: unknown) => void): Promise<void> {
    const index = TIME_INDEX[store];
    let lower = IDBKeyRange.lowerBound(from);
    let seenAtLast = new Set<string>();
    let last = -Infinity;
    for (;;) {
      const chunk = (await this.db.getAllFromIndex(store, index as never, lower, CHUNK)) as (
        AnswerMetric | OperationRecord
      )[];
      let fresh = 0;
      for (const r of chunk) {
        const at = timeOf(store, r);
        if (at === last && seenAtLast.has(r.id)) continue;
        if (at !== last) {
          last = at;
          seenAtLast = new Set();
        }
        seenAtLast.add(r.id);
        fresh++;
        each(r);
      }
      this.afterChunk?.();
      if (chunk.length < CHUNK) return;
      if (fresh === 0) {
        // A whole chunk at one instant: read that instant whole, then move past it.
        const same = await this.db.getAllFromIndex(store, index as never, IDBKeyRange.only(last));
        for (const r of same) if (!seenAtLast.has(r.id)) each(r);
        lower = IDBKeyRange.lowerBound(last, true);
        seenAtLast = new Set();
      } else {
        lower = IDBKeyRange.lowerBound(last);
      }
    }
  }

  /** Everything from `from` on (export). */
  async all(from = 0): Promise<{ answerMetrics: AnswerMetric[]; operations: OperationRecord[] }> {
    const answerMetrics: AnswerMetric[] = [];
    const operations: OperationRecord[] = [];
    await this.scan(from, { answer: (m) => answerMetrics.push(m), operation: (o) => operations.push(o) });
    return { answerMetrics, operations };
  }

  /** The oldest and newest record times from `from` on, over both stores (null: none). */
  async span(from = 0): Promise<{ first: number; last: number } | null> {
    const times: number[] = [];
    for (const store of ['answerMetrics', 'operations'] as const) {
      const index = this.db.transaction(store).store.index(TIME_INDEX[store] as never);
      for (const direction of ['next', 'prev'] as const) {
        const cursor = await index.openCursor(IDBKeyRange.lowerBound(from) as never, direction);
        if (cursor) times.push(timeOf(store, cursor.value as AnswerMetric | OperationRecord));
      }
    }
    return times.length ? { first: Math.min(...times), last: Math.max(...times) } : null;
  }

  async counts(): Promise<{ answerMetrics: number; operations: number }> {
    const [answerMetrics, operations] = await Promise.all([
      this.db.count('answerMetrics'),
      this.db.count('operations'),
    ]);
    return { answerMetrics, operations };
  }

  async clear(): Promise<void> {
    const tx = this.db.transaction(['answerMetrics', 'operations'], 'readwrite');
    await Promise.all([
      tx.objectStore('answerMetrics').clear(),
      tx.objectStore('operations').clear(),
      tx.done,
    ]);
  }

  /** Deletes records past the retention time and over the cap; returns how many went. */
  async prune(prefs: RetentionPrefs, now = Date.now()): Promise<number> {
    let deleted = 0;
    for (const store of ['answerMetrics', 'operations'] as const) {
      const cutoff = prefs.retentionDays > 0 ? now - prefs.retentionDays * 86_400_000 : -Infinity;
      const total = await this.db.count(store);
      let over = Math.max(0, total - prefs.maxRecords);
      const tx = this.db.transaction(store, 'readwrite');
      let cursor = await tx.store.index(TIME_INDEX[store] as never).openCursor();
      while (cursor) {
        const old = timeOf(store, cursor.value as AnswerMetric | OperationRecord) < cutoff;
        if (!old && over <= 0) break;
        await cursor.delete();
        deleted++;
        over--;
        cursor = await cursor.continue();
      }
      await tx.done;
    }
    return deleted;
  }
}
