/**
 * Pure aggregation of measured operations: percentiles, per model and operation statistics, the
 * routing mix, compression savings, load times and time buckets for the charts. Rows stream in one
 * at a time (`Aggregator.add`), so a dashboard over 100,000 records keeps numbers, not records.
 */
import type { MetricRow } from '../../core/operations';

/** The p-th percentile (0..100) of ascending values, linearly interpolated; null when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (n === 1) return sorted[0]!;
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export type TimeRange = 'hour' | 'day' | 'week' | 'all';
export const RANGE_MS: Record<Exclude<TimeRange, 'all'>, number> = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

/** The first time a range covers (0 for all time). */
export function rangeStart(range: TimeRange, now: number): number {
  return range === 'all' ? 0 : now - RANGE_MS[range];
}

export interface Buckets {
  start: number;
  size: number;
  count: number;
}

/** Equal time buckets covering [from, now]: 60 per range (1 min per hour, 24 min per day, ...). */
export function timeBuckets(from: number, now: number, count = 60): Buckets {
  const span = Math.max(1, now - from);
  const size = Math.max(1000, Math.ceil(span / count));
  return { start: from, size, count: Math.max(1, Math.ceil(span / size)) };
}

/** The shortest time axis the charts draw, ms: records from a few seconds still spread out. */
export const MIN_CHART_SPAN_MS = 60_000;

/**
 * Buckets over the span the records cover (their first to their last time), not the whole range:
 * answers of the last minutes spread over the chart instead of sharing its last bucket.
 */
export function dataBuckets(span: { first: number; last: number } | null, now: number): Buckets {
  const first = span?.first ?? now - MIN_CHART_SPAN_MS;
  const last = Math.max(span?.last ?? now, first + MIN_CHART_SPAN_MS);
  return timeBuckets(first, last + 1);
}

export function bucketOf(b: Buckets, at: number): number {
  return Math.min(b.count - 1, Math.max(0, Math.floor((at - b.start) / b.size)));
}

/** Numbers collected for one group, kept compact (plain number arrays, sorted once at the end). */
class Samples {
  values: number[] = [];
  add(v: number | null): void {
    if (v !== null && Number.isFinite(v)) this.values.push(v);
  }
  stats(): { p50: number | null; p95: number | null; max: number | null } {
    const s = Float64Array.from(this.values).sort();
    return { p50: percentile(s, 50), p95: percentile(s, 95), max: s.length ? s[s.length - 1]! : null };
  }
}

export interface GroupStats {
  kind: MetricRow['kind'];
  modelId: string;
  count: number;
  ok: number;
  /** ok / count, 0..1. */
  successRate: number;
  latency: { p50: number | null; p95: number | null; max: number | null };
  ttft: { p50: number | null; p95: number | null };
  prefillTps: number | null;
  decodeTps: number | null;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

class Group {
  count = 0;
  ok = 0;
  latency = new Samples();
  ttft = new Samples();
  prefill = new Samples();
  decode = new Samples();
  tokensIn = 0;
  tokensOut = 0;
  costUsd = 0;
  constructor(
    readonly kind: MetricRow['kind'],
    readonly modelId: string,
  ) {}
}

export interface Series {
  /** Bucket start times in seconds (uPlot's x axis). */
  x: number[];
  /** Median latency per bucket and model (null: nothing then). */
  latency: Map<string, (number | null)[]>;
  /** Median decode tokens/s per bucket and model. */
  decodeTps: Map<string, (number | null)[]>;
  local: number[];
  claude: number[];
  /** Claude cost per bucket, USD. */
  cost: number[];
}

export interface Summary {
  groups: GroupStats[];
  models: string[];
  routing: {
    local: number;
    claude: number;
    /** Routed to the user's own server. */
    server: number;
    byKind: Record<string, { local: number; claude: number; server: number }>;
  };
  /** Generations that were a second (or later) attempt: a fallback or an escalation. */
  fallbacks: number;
  compression: { count: number; tokensBefore: number; tokensAfter: number; byMethod: Record<string, number> };
  loads: Record<string, { count: number; p50: number | null; max: number | null; bytes: number }>;
  series: Series;
  total: number;
}

export class Aggregator {
  private groups = new Map<string, Group>();
  private models = new Set<string>();
  private routing = {
    local: 0,
    claude: 0,
    server: 0,
    byKind: {} as Record<string, { local: number; claude: number; server: number }>,
  };
  private fallbacks = 0;
  private compression = { count: 0, tokensBefore: 0, tokensAfter: 0, byMethod: {} as Record<string, number> };
  private loads = new Map<string, { ms: Samples; count: number; bytes: number }>();
  private latency = new Map<string, Samples[]>();
  private decode = new Map<string, Samples[]>();
  private local: number[];
  private claude: number[];
  private cost: number[];
  private total = 0;

  constructor(
    private readonly buckets: Buckets,
    private readonly modelFilter: string | null = null,
  ) {
    this.local = new Array<number>(buckets.count).fill(0);
    this.claude = new Array<number>(buckets.count).fill(0);
    this.cost = new Array<number>(buckets.count).fill(0);
  }

  add(row: MetricRow): void {
    if (row.modelId) this.models.add(row.modelId);
    if (this.modelFilter !== null && row.modelId !== this.modelFilter) return;
    this.total++;
    const key = `${row.kind}\u0000${row.modelId}`;
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = new Group(row.kind, row.modelId)));
    g.count++;
    if (row.ok) g.ok++;
    g.latency.add(row.totalMs);
    g.ttft.add(row.ttftMs);
    g.prefill.add(row.prefillTps);
    g.decode.add(row.decodeTps);
    g.tokensIn += row.tokensIn ?? 0;
    g.tokensOut += row.tokensOut ?? 0;
    g.costUsd += row.costUsd ?? 0;
    const b = bucketOf(this.buckets, row.at);
    if (row.kind === 'generation') {
      if (row.attempt > 0) this.fallbacks++;
      if (row.target === 'claude') this.claude[b]!++;
      else this.local[b]!++;
      this.cost[b]! += row.costUsd ?? 0;
      this.sample(this.latency, row.modelId, b, row.totalMs);
      this.sample(this.decode, row.modelId, b, row.decodeTps);
    } else if (row.kind === 'route' && row.target) {
      this.routing[row.target]++;
      const kind = (this.routing.byKind[row.detail ?? 'unknown'] ??= { local: 0, claude: 0, server: 0 });
      kind[row.target]++;
    } else if (row.kind === 'compression' && row.ok) {
      this.compression.count++;
      this.compression.tokensBefore += row.tokensIn ?? 0;
      this.compression.tokensAfter += row.tokensOut ?? 0;
      const method = row.detail ?? 'unknown';
      this.compression.byMethod[method] = (this.compression.byMethod[method] ?? 0) + 1;
    } else if (row.kind === 'load' && row.ok) {
      const source = row.detail ?? 'unknown';
      let l = this.loads.get(source);
      if (!l) this.loads.set(source, (l = { ms: new Samples(), count: 0, bytes: 0 }));
      l.count++;
      l.ms.add(row.totalMs);
      l.bytes += row.bytes ?? 0;
    }
  }

  private sample(map: Map<string, Samples[]>, model: string, bucket: number, v: number | null): void {
    if (v === null) return;
    let arr = map.get(model);
    if (!arr) map.set(model, (arr = Array.from({ length: this.buckets.count }, () => new Samples())));
    arr[bucket]!.add(v);
  }

  summary(): Summary {
    const medians = (map: Map<string, Samples[]>) =>
      new Map([...map].map(([model, arr]) => [model, arr.map((s) => s.stats().p50)]));
    const groups = [...this.groups.values()].map((g): GroupStats => {
      const ttft = g.ttft.stats();
      return {
        kind: g.kind,
        modelId: g.modelId,
        count: g.count,
        ok: g.ok,
        successRate: g.count ? g.ok / g.count : 0,
        latency: g.latency.stats(),
        ttft: { p50: ttft.p50, p95: ttft.p95 },
        prefillTps: g.prefill.stats().p50,
        decodeTps: g.decode.stats().p50,
        tokensIn: g.tokensIn,
        tokensOut: g.tokensOut,
        costUsd: g.costUsd,
      };
    });
    groups.sort((a, b) => a.kind.localeCompare(b.kind) || b.count - a.count);
    const loads: Summary['loads'] = {};
    for (const [source, l] of this.loads) {
      const s = l.ms.stats();
      loads[source] = { count: l.count, p50: s.p50, max: s.max, bytes: l.bytes };
    }
    const x = Array.from(
      { length: this.buckets.count },
      (_, i) => (this.buckets.start + i * this.buckets.size) / 1000,
    );
    return {
      groups,
      models: [...this.models].sort(),
      routing: this.routing,
      fallbacks: this.fallbacks,
      compression: this.compression,
      loads,
      series: {
        x,
        latency: medians(this.latency),
        decodeTps: medians(this.decode),
        local: this.local,
        claude: this.claude,
        cost: this.cost,
      },
      total: this.total,
    };
  }
}
