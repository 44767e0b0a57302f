import { describe, expect, it } from 'vitest';
import {
  Aggregator,
  bucketOf,
  dataBuckets,
  MIN_CHART_SPAN_MS,
  percentile,
  rangeStart,
  timeBuckets,
} from './aggregate';
import type { MetricRow } from '../../core/operations';

const row = (over: Partial<MetricRow>): MetricRow => ({
  kind: 'generation',
  at: 0,
  modelId: 'm',
  ok: true,
  totalMs: 100,
  ttftMs: null,
  prefillTps: null,
  decodeTps: null,
  tokensIn: null,
  tokensOut: null,
  costUsd: null,
  target: 'local',
  attempt: 0,
  detail: null,
  bytes: null,
  ...over,
});

describe('percentile', () => {
  it('interpolates between ranks like numpy', () => {
    const data = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(percentile(data, 50)).toBe(5.5);
    expect(percentile(data, 95)).toBeCloseTo(9.55, 10);
    expect(percentile(data, 0)).toBe(1);
    expect(percentile(data, 100)).toBe(10);
  });
  it('handles one value and none', () => {
    expect(percentile([42], 95)).toBe(42);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('time buckets', () => {
  it('splits a range into equal buckets and clamps times at the edges', () => {
    const now = 10_000_000;
    const b = timeBuckets(rangeStart('hour', now), now);
    expect(b.size).toBe(60_000);
    expect(b.count).toBe(60);
    expect(bucketOf(b, now - 3_600_000)).toBe(0);
    expect(bucketOf(b, now - 1)).toBe(59);
    expect(bucketOf(b, now + 5_000)).toBe(59);
    expect(bucketOf(b, 0)).toBe(0);
    expect(rangeStart('all', now)).toBe(0);
    expect(rangeStart('week', now)).toBe(now - 7 * 86_400_000);
  });
});

describe("the charts' buckets", () => {
  it("cover the records' span, not the whole range: two answers ten minutes apart get 60 buckets", () => {
    const now = 100_000_000;
    const b = dataBuckets({ first: now - 600_000, last: now - 1 }, now);
    expect(b.start).toBe(now - 600_000);
    expect(b.size).toBe(10_000);
    expect(b.count).toBe(60);
    expect(bucketOf(b, now - 600_000)).toBe(0);
    expect(bucketOf(b, now - 1)).toBe(59);
  });
  it('span at least a minute, and a minute before now when nothing is recorded', () => {
    const now = 100_000_000;
    const one = dataBuckets({ first: now - 5_000, last: now - 5_000 }, now);
    expect(one.start).toBe(now - 5_000);
    expect(one.size * one.count).toBeGreaterThanOrEqual(MIN_CHART_SPAN_MS);
    expect(one.count).toBe(60);
    const none = dataBuckets(null, now);
    expect(none.start).toBe(now - MIN_CHART_SPAN_MS);
    expect(bucketOf(none, now)).toBe(none.count - 1);
  });
});

describe('Aggregator', () => {
  it('counts failed attempts in the success rate and computes latency percentiles per model', () => {
    const agg = new Aggregator(timeBuckets(0, 1000, 10));
    for (const ms of [10, 20, 30, 40]) agg.add(row({ modelId: 'a', totalMs: ms, ttftMs: ms / 2 }));
    agg.add(row({ modelId: 'a', totalMs: 500, ok: false }));
    agg.add(row({ modelId: 'c', target: 'claude', attempt: 1, costUsd: 0.25, totalMs: 7 }));
    const s = agg.summary();
    const a = s.groups.find((g) => g.modelId === 'a')!;
    expect(a.count).toBe(5);
    expect(a.ok).toBe(4);
    expect(a.successRate).toBe(0.8);
    expect(a.latency.p50).toBe(30);
    expect(a.latency.p95).toBeCloseTo(408, 9);
    expect(a.latency.max).toBe(500);
    expect(a.ttft.p50).toBe(12.5);
    expect(s.fallbacks).toBe(1);
    expect(s.series.cost.reduce((x, y) => x + y, 0)).toBe(0.25);
    expect(s.series.local.reduce((x, y) => x + y, 0)).toBe(5);
    expect(s.series.claude.reduce((x, y) => x + y, 0)).toBe(1);
    expect(s.models).toEqual(['a', 'c']);
  });

  it('puts each row in its time bucket for the charts', () => {
    const agg = new Aggregator(timeBuckets(0, 1000_000, 10));
    agg.add(row({ at: 50_000, totalMs: 10 }));
    agg.add(row({ at: 60_000, totalMs: 30 }));
    agg.add(row({ at: 950_000, totalMs: 99 }));
    const { series } = agg.summary();
    expect(series.x[1]).toBe(100);
    expect(series.latency.get('m')).toEqual([20, null, null, null, null, null, null, null, null, 99]);
  });

  it('filters by model but still lists every model', () => {
    const agg = new Aggregator(timeBuckets(0, 1000), 'b');
    agg.add(row({ modelId: 'a' }));
    agg.add(row({ modelId: 'b' }));
    const s = agg.summary();
    expect(s.total).toBe(1);
    expect(s.groups.map((g) => g.modelId)).toEqual(['b']);
    expect(s.models).toEqual(['a', 'b']);
  });

  it('sums routing by kind, compression savings and load times by source', () => {
    const agg = new Aggregator(timeBuckets(0, 1000));
    agg.add(row({ kind: 'route', modelId: '', target: 'claude', detail: 'complex' }));
    agg.add(row({ kind: 'route', modelId: '', target: 'local', detail: 'simple' }));
    agg.add(row({ kind: 'route', modelId: '', target: 'server', detail: 'complex' }));
    agg.add(row({ kind: 'compression', modelId: '', tokensIn: 1000, tokensOut: 400, detail: 'lexical' }));
    agg.add(row({ kind: 'compression', modelId: '', tokensIn: 9, tokensOut: 1, ok: false }));
    agg.add(row({ kind: 'load', detail: 'indexeddb', totalMs: 200, bytes: 10 }));
    agg.add(row({ kind: 'load', detail: 'network', totalMs: 900, bytes: 10 }));
    agg.add(row({ kind: 'load', detail: 'network', totalMs: 1100, bytes: 5 }));
    const s = agg.summary();
    expect(s.routing).toEqual({
      local: 1,
      claude: 1,
      server: 1,
      byKind: { complex: { local: 0, claude: 1, server: 1 }, simple: { local: 1, claude: 0, server: 0 } },
    });
    expect(s.compression).toEqual({
      count: 1,
      tokensBefore: 1000,
      tokensAfter: 400,
      byMethod: { lexical: 1 },
    });
    expect(s.loads).toEqual({
      indexeddb: { count: 1, p50: 200, max: 200, bytes: 10 },
      network: { count: 2, p50: 1000, max: 1100, bytes: 15 },
    });
  });
});
