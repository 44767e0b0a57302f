/** Results of an evaluation (pure): per-model summary, the prompts × models matrix, and a run comparison. */
import type { EvalConfig } from '../../core/eval-config';
import type { EvalResponse } from '../../core/evaluation';

export interface ModelSummary {
  model: string;
  responses: number;
  failures: number;
  /** Checks passed / checks run, judge included (null: none ran). */
  passRate: number | null;
  meanJudge: number | null;
  ttftP50: number | null;
  ttftP95: number | null;
  tpsP50: number | null;
  tpsP95: number | null;
  /** Answers the health tracker called evasive (repeated question or status). */
  evasive: number;
}

/** Nearest-rank percentile of finite values (null when there are none). */
export function percentile(values: readonly (number | null)[], p: number): number | null {
  const xs = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * xs.length));
  return xs[Math.min(rank, xs.length) - 1]!;
}

const mean = (xs: readonly number[]): number | null =>
  xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;

export function summarise(model: string, responses: readonly EvalResponse[]): ModelSummary {
  const mine = responses.filter((r) => r.model === model);
  const checks = mine.flatMap((r) => r.checks);
  const ok = mine.filter((r) => r.status !== 'error');
  const ttft = ok.map((r) => r.ttftMs);
  const tps = ok.map((r) => r.tokensPerSecond);
  return {
    model,
    responses: mine.length,
    failures: mine.length - ok.length,
    passRate: checks.length ? checks.filter((c) => c.passed).length / checks.length : null,
    meanJudge: mean(mine.flatMap((r) => (r.judge ? [r.judge.score] : []))),
    ttftP50: percentile(ttft, 50),
    ttftP95: percentile(ttft, 95),
    tpsP50: percentile(tps, 50),
    tpsP95: percentile(tps, 95),
    evasive: mine.filter((r) => r.health && (r.health.evasive || r.health.status === 'evasive')).length,
  };
}

export function summariseAll(config: EvalConfig, responses: readonly EvalResponse[]): ModelSummary[] {
  return config.models.map((m) => summarise(m, responses));
}

export interface MatrixRow {
  key: string;
  sequence: string;
  prompt: string;
  /** One cell per model in configuration order: its responses to this prompt, by run. */
  cells: EvalResponse[][];
}

export function matrix(config: EvalConfig, responses: readonly EvalResponse[]): MatrixRow[] {
  const rows: MatrixRow[] = [];
  config.sequences.forEach((sequence, s) => {
    sequence.prompts.forEach((prompt, p) => {
      rows.push({
        key: `${s}:${p}`,
        sequence: sequence.name,
        prompt: prompt.name,
        cells: config.models.map((model) =>
          responses
            .filter((r) => r.model === model && r.sequenceIndex === s && r.promptIndex === p)
            .sort((a, b) => a.run - b.run),
        ),
      });
    });
  });
  return rows;
}

export interface SummaryChange {
  model: string;
  passRate: [number | null, number | null];
  meanJudge: [number | null, number | null];
  ttftP50: [number | null, number | null];
  tpsP50: [number | null, number | null];
  failures: [number, number];
}

/** What changed between two runs of the same configuration, per model (models in both). */
export function compareRuns(
  before: readonly ModelSummary[],
  after: readonly ModelSummary[],
): SummaryChange[] {
  return after.flatMap((a) => {
    const b = before.find((x) => x.model === a.model);
    if (!b) return [];
    return [
      {
        model: a.model,
        passRate: [b.passRate, a.passRate],
        meanJudge: [b.meanJudge, a.meanJudge],
        ttftP50: [b.ttftP50, a.ttftP50],
        tpsP50: [b.tpsP50, a.tpsP50],
        failures: [b.failures, a.failures],
      },
    ];
  });
}

/** Same configuration: same models, sequences, settings, checks and judge (the name may differ). */
export function sameConfiguration(a: EvalConfig, b: EvalConfig): boolean {
  const strip = ({ name: _name, ...rest }: EvalConfig): string => JSON.stringify(rest);
  return strip(a) === strip(b);
}
