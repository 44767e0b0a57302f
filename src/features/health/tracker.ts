/**
 * The conversation health tracker: add a turn, get a report; get the coaching block.
 *
 * Plain TypeScript with the embedder injected, so it runs the same in a test, on the page or
 * in a worker. Embedding is the only async step; scoring is pure (see score.ts).
 *
 * Calls to the embedder:
 *  - `prepare()` (called by the first `addTurn` if needed): ONE call with every prototype
 *    sentence not yet in the prototype cache; nothing when the cache is complete.
 *  - `addTurn()`: ONE call with the turn's texts that have no stored embedding (2, 1 or 0).
 *  - `restore()`: never.
 */
import { toTandemError, TandemError } from '../../core/errors';
import { buildCoaching } from './coaching';
import { isFiniteVector } from '../../core/vectors';
import { scoreTurn, topicVector, type ScoredTurnInput } from './score';
import { DEFAULT_HEALTH_SETTINGS } from './settings';
import { validateHealthSettings } from './settings-validation';
import type {
  AddTurnResult,
  HealthReport,
  HealthSettings,
  HealthTurn,
  RestoredTurn,
} from '../../core/health';
import type { Embedder } from '../../core/embedder';

export interface HealthTrackerOptions {
  /**
   * Prototype sentence -> embedding, shared with the caller. The tracker reads it and adds
   * what it computes, so the caller can persist it and skip the work next time. One cache
   * per embedding model: vectors of different models must never be mixed.
   */
  prototypeCache?: Map<string, Float32Array>;
  /** Clock for `timings` (ms). Defaults to performance.now(); inject a fixed one in tests. */
  now?: () => number;
}

const defaultNow = (): number =>
  typeof performance !== 'undefined' && typeof performance.now === 'function'
    ? performance.now()
    : Date.now();

const msSince = (now: () => number, start: number): number => Math.round((now() - start) * 100) / 100;

export class HealthTracker {
  readonly settings: HealthSettings;
  readonly prototypeCache: Map<string, Float32Array>;
  private readonly embedder: Embedder;
  private readonly now: () => number;
  private readonly turns: ScoredTurnInput[] = [];
  private readonly _reports: HealthReport[] = [];
  private dims: number | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(
    embedder: Embedder,
    settings: HealthSettings = DEFAULT_HEALTH_SETTINGS,
    options: HealthTrackerOptions = {},
  ) {
    const checked = validateHealthSettings(settings);
    if (!checked.ok) {
      throw new TandemError('bad-request', `Health settings are not valid: ${checked.errors.join(' ')}`);
    }
    this.settings = checked.settings;
    this.embedder = embedder;
    this.prototypeCache = options.prototypeCache ?? new Map();
    this.now = options.now ?? defaultNow;
    for (const v of this.prototypeCache.values()) {
      if (this.dims === null) this.dims = v.length;
      else if (v.length !== this.dims) {
        throw new TandemError(
          'bad-request',
          'The prototype cache mixes embeddings of different sizes: clear it and let the tracker rebuild it.',
        );
      }
    }
  }

  /** Reports of every turn so far, in turn order. */
  get reports(): readonly HealthReport[] {
    return this._reports.slice();
  }

  get lastReport(): HealthReport | null {
    return this._reports[this._reports.length - 1] ?? null;
  }

  get turnCount(): number {
    return this.turns.length;
  }

  /** Embedding size seen so far (from the prototype cache or turns), null before any. */
  get dimensions(): number | null {
    return this.dims;
  }

  /** Prototype sentences that have no embedding yet. */
  missingPrototypes(): string[] {
    const out = new Set<string>();
    for (const c of this.settings.contexts) {
      for (const p of c.prototypes) if (!this.prototypeCache.has(p)) out.add(p);
    }
    return [...out];
  }

  /**
   * Embeds the context prototype sentences missing from the cache, in one call. Call it when
   * the embedding model is ready, to take this cost off the first turn. Safe to call again.
   */
  prepare(): Promise<void> {
    return this.enqueue(() => this.embedPrototypes());
  }

  /**
   * Scores one turn. Embeds, in one call, the texts of the turn that have no stored embedding,
   * and returns the turn's embeddings for the caller to store with the messages. On failure
   * nothing changes: the turn can be added again.
   */
  addTurn(turn: HealthTurn): Promise<AddTurnResult> {
    return this.enqueue(async () => {
      await this.embedPrototypes();
      const texts: string[] = [];
      if (!turn.userEmbedding) texts.push(turn.user);
      if (!turn.assistantEmbedding) texts.push(turn.assistant);
      const start = this.now();
      const computed = texts.length > 0 ? await this.embed(texts) : [];
      const embedMs = texts.length > 0 ? msSince(this.now, start) : 0;
      const user = turn.userEmbedding ?? (computed[0] as Float32Array);
      const assistant = turn.assistantEmbedding ?? (computed[turn.userEmbedding ? 0 : 1] as Float32Array);
      this.checkVector(user, 'the user message');
      this.checkVector(assistant, 'the assistant message');

      const scoreStart = this.now();
      const input: ScoredTurnInput = {
        user: turn.user,
        assistant: turn.assistant,
        userEmbedding: user,
        assistantEmbedding: assistant,
        topic: topicVector(user, assistant),
      };
      this.turns.push(input);
      try {
        const report = scoreTurn(
          this.turns,
          this.turns.length - 1,
          this.lastReport,
          this.settings,
          this.prototypeCache,
          { embedMs, scoreMs: 0 },
        );
        report.timings.scoreMs = msSince(this.now, scoreStart);
        this._reports.push(report);
        return { report, embeddings: { user, assistant } };
      } catch (error) {
        this.turns.pop();
        throw error;
      }
    });
  }

  /**
   * Rebuilds the state from stored turns without calling the embedder. Turns that come with a
   * stored report keep it; the others are scored from their stored embeddings (context
   * prototypes come from the prototype cache; contexts whose prototypes are missing are
   * matched by keywords only). Replaces any earlier state. Not allowed while a turn is being
   * added.
   */
  restore(turns: readonly RestoredTurn[]): readonly HealthReport[] {
    if (this.pending > 0) {
      throw new TandemError('bad-request', 'Cannot restore health state while a turn is being scored.', {
        retryable: true,
      });
    }
    const dimsBefore = this.dims;
    const scored: ScoredTurnInput[] = [];
    const reports: HealthReport[] = [];
    try {
      turns.forEach((t, i) => {
        this.checkVector(t.userEmbedding, `stored turn ${i + 1} (user)`);
        this.checkVector(t.assistantEmbedding, `stored turn ${i + 1} (assistant)`);
        scored.push({
          user: t.user,
          assistant: t.assistant,
          userEmbedding: t.userEmbedding,
          assistantEmbedding: t.assistantEmbedding,
          topic: topicVector(t.userEmbedding, t.assistantEmbedding),
        });
        reports.push(
          t.report
            ? { ...t.report, turnIndex: i }
            : scoreTurn(scored, i, reports[i - 1] ?? null, this.settings, this.prototypeCache, {
                embedMs: 0,
                scoreMs: 0,
              }),
        );
      });
    } catch (error) {
      this.dims = dimsBefore;
      throw error;
    }
    this.turns.splice(0, this.turns.length, ...scored);
    this._reports.splice(0, this._reports.length, ...reports);
    if (this.turns.length === 0 && this.prototypeCache.size === 0) this.dims = null;
    return this.reports;
  }

  /** Forgets all turns (keeps the prototype cache). */
  reset(): void {
    this.restore([]);
  }

  /**
   * The guidance block for the next request's system prompt: context, status, expected
   * ranges, alerts and what to do next. Null before the first turn; a short "on track"
   * block when all is well.
   */
  coachingSummary(): string | null {
    const last = this.lastReport;
    return last ? buildCoaching(last, this._reports, this.settings.windowSize) : null;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    this.pending++;
    const run = this.queue.then(task, task);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run.finally(() => {
      this.pending--;
    });
  }

  private async embedPrototypes(): Promise<void> {
    const missing = this.missingPrototypes();
    if (missing.length === 0) return;
    const vectors = await this.embed(missing);
    vectors.forEach((v) => this.checkVector(v, 'a context prototype'));
    missing.forEach((sentence, i) => this.prototypeCache.set(sentence, vectors[i] as Float32Array));
  }

  private async embed(texts: string[]): Promise<Float32Array[]> {
    let vectors: Float32Array[];
    try {
      vectors = await this.embedder.embed(texts);
    } catch (error) {
      throw toTandemError(error);
    }
    if (!Array.isArray(vectors) || vectors.length !== texts.length) {
      throw new TandemError(
        'generation-failed',
        `The embedding model returned ${Array.isArray(vectors) ? vectors.length : 'no'} vectors for ${texts.length} texts.`,
        { retryable: true },
      );
    }
    return vectors;
  }

  private checkVector(v: Float32Array, what: string): void {
    if (!(v instanceof Float32Array) || v.length === 0 || !isFiniteVector(v)) {
      // A model that gives no number is broken, not busy: its files are damaged (a bad download).
      throw new TandemError(
        'damaged-file',
        `The embedding of ${what} is empty or not a number: the embedding model's files are damaged: re-download them.`,
        { retryable: true },
      );
    }
    if (this.dims === null) this.dims = v.length;
    else if (v.length !== this.dims) {
      throw new TandemError(
        'bad-request',
        `The embedding of ${what} has ${v.length} dimensions but this conversation uses ${this.dims}: it was made by a different embedding model. Re-embed the conversation with the current model.`,
        { details: { expected: this.dims, got: v.length } },
      );
    }
  }
}
