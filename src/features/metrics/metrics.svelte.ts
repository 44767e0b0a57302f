/**
 * The Metrics dashboard's state: the time range and model filter, the aggregated summary (computed
 * by scanning the measurement stores through their time indexes into an `Aggregator`: only
 * numbers reach Svelte state, never the records), retention, export and clear. The answers list
 * and cost totals are still read from the stored messages, as before.
 */
import type { ConversationRepository } from '../../platform/db/conversations';
import type { KeyValueRepository } from '../../platform/db/kv';
import { KV } from '../../platform/db/kv-keys';
import { DEFAULT_RETENTION, type MetricsRepository, type RetentionPrefs } from '../../platform/db/operations';
import type { StoredMessage } from '../../core/stored';
import { Aggregator, dataBuckets, rangeStart, type Summary, type TimeRange } from './aggregate';
import { metricsCsv, metricsJson } from './export';
import { rowFromAnswerMetric, rowFromOperation } from '../../core/operations';

export interface MetricsDependencies {
  repo: MetricsRepository;
  /** The operation recorder: flushed before reading, its error counts shown. */
  recorder: { flush(): Promise<void>; errors: number; dropped: number };
  conversations: ConversationRepository;
  kv: KeyValueRepository;
  now?: () => number;
}

export class MetricsState {
  answers = $state.raw<StoredMessage[]>([]);
  /** Every answer ever stored (for cost totals). */
  allAnswers = $state.raw<StoredMessage[]>([]);
  range = $state<TimeRange>('day');
  model = $state<string | null>(null);
  summary = $state.raw<Summary | null>(null);
  /** The range and model the finished summary was computed for (null while the first runs). */
  computed = $state.raw<{ range: TimeRange; model: string | null } | null>(null);
  computing = $state(false);
  /** How long the last aggregation took, ms. */
  computeMs = $state<number | null>(null);
  retention = $state.raw<RetentionPrefs>(DEFAULT_RETENTION);
  /** Measurements lost: failed writes and a full queue; records that failed validation. */
  lost = $state({ errors: 0, dropped: 0, skipped: 0 });
  private run = 0;

  constructor(private readonly deps: MetricsDependencies) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** Reads settings, prunes old records (in the background) and computes the dashboard. */
  async init(): Promise<void> {
    const stored = await this.deps.kv.get(KV.metricsRetention);
    if (stored) this.retention = { ...DEFAULT_RETENTION, ...stored };
    void this.deps.repo.prune(this.retention).catch(() => undefined);
  }

  async refresh(limit = 50): Promise<void> {
    await this.deps.recorder.flush();
    const answers = this.deps.conversations.recentAnswers(Number.MAX_SAFE_INTEGER).then((all) => {
      this.allAnswers = all;
      this.answers = all.slice(0, limit);
    });
    await Promise.all([answers, this.compute()]);
  }

  /** Aggregates the chosen range and model; a newer call wins over a slower older one. */
  async compute(): Promise<void> {
    const run = ++this.run;
    const started = performance.now();
    this.computing = true;
    this.computeMs = null;
    try {
      const now = this.now();
      const from = rangeStart(this.range, now);
      // The charts' time axis covers the records in the range, not the whole range.
      const agg = new Aggregator(dataBuckets(await this.deps.repo.span(from), now), this.model);
      // The first chunk's numbers show at once; then every ~300 ms until the range is read.
      let shown = -Infinity;
      await this.deps.repo.scan(from, {
        answer: (m) => agg.add(rowFromAnswerMetric(m)),
        operation: (o) => agg.add(rowFromOperation(o)),
        chunk: () => {
          if (run !== this.run || performance.now() - shown < 300) return;
          this.summary = agg.summary();
          shown = performance.now();
        },
      });
      if (run !== this.run) return;
      this.summary = agg.summary();
      this.computed = { range: this.range, model: this.model };
      this.lost = {
        errors: this.deps.recorder.errors,
        dropped: this.deps.recorder.dropped,
        skipped: this.deps.repo.skipped,
      };
      this.computeMs = performance.now() - started;
    } finally {
      // A failed read must not leave the dashboard saying "computing" for good.
      if (run === this.run) this.computing = false;
    }
  }

  async setRange(range: TimeRange): Promise<void> {
    this.range = range;
    await this.compute();
  }

  async setModel(model: string | null): Promise<void> {
    this.model = model;
    await this.compute();
  }

  async setRetention(prefs: RetentionPrefs): Promise<void> {
    this.retention = prefs;
    await this.deps.kv.set(KV.metricsRetention, prefs);
    await this.deps.repo.prune(prefs);
    await this.compute();
  }

  private async exportData(includeText: boolean) {
    await this.deps.recorder.flush();
    const data = await this.deps.repo.allChecked(rangeStart(this.range, this.now()));
    if (this.model !== null) {
      data.answerMetrics = data.answerMetrics.filter((m) => m.modelId === this.model);
      data.operations = data.operations.filter((o) => o.modelId === this.model);
    }
    const texts = includeText ? new Map(this.allAnswers.map((m) => [m.id, m.content])) : null;
    if (includeText && this.allAnswers.length === 0) {
      const all = await this.deps.conversations.recentAnswers(Number.MAX_SAFE_INTEGER);
      for (const m of all) texts!.set(m.id, m.content);
    }
    return { data, texts };
  }

  /** The records of the chosen range and model as JSON text (message text only when asked). */
  async exportJson(includeText: boolean): Promise<string> {
    const { data, texts } = await this.exportData(includeText);
    return JSON.stringify(metricsJson(data, texts), null, 2);
  }

  async exportCsv(includeText: boolean): Promise<string> {
    const { data, texts } = await this.exportData(includeText);
    return metricsCsv(data, texts);
  }

  /** Deletes every measurement (the caller asks for confirmation first). */
  async clear(): Promise<void> {
    await this.deps.recorder.flush();
    await this.deps.repo.clear();
    await this.compute();
  }
}
