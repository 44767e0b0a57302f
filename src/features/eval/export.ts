/** Results as files (pure): the JSON shape documented in the README, and a flat CSV. */
import type { EvalResponse, EvaluationRecord } from '../../core/evaluation';

export interface ExportedResponse {
  model: string;
  sequence: string;
  prompt: string;
  run: number;
  text: string;
  status: EvalResponse['status'];
  ttftMs: number | null;
  tokensPerSecond: number | null;
  outputTokens: number | null;
  durationMs: number;
  health: EvalResponse['health'];
  checks: { type: string; passed: boolean; detail: string }[];
  judge: { score: number; reason: string } | null;
}

const ORDER = (a: EvalResponse, b: EvalResponse, models: readonly string[]): number =>
  models.indexOf(a.model) - models.indexOf(b.model) ||
  a.run - b.run ||
  a.sequenceIndex - b.sequenceIndex ||
  a.promptIndex - b.promptIndex;

function sorted(evaluation: EvaluationRecord, responses: readonly EvalResponse[]): EvalResponse[] {
  return [...responses].sort((a, b) => ORDER(a, b, evaluation.config.models));
}

export function resultsJson(evaluation: EvaluationRecord, responses: readonly EvalResponse[]): object {
  const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
  return {
    evaluation: {
      ...evaluation.config,
      id: evaluation.id,
      status: evaluation.status,
      startedAt: iso(evaluation.startedAt),
      finishedAt: iso(evaluation.finishedAt),
    },
    responses: sorted(evaluation, responses).map((r): ExportedResponse => ({
      model: r.model,
      sequence: r.sequence,
      prompt: r.prompt,
      run: r.run,
      text: r.text,
      status: r.status,
      ttftMs: r.ttftMs,
      tokensPerSecond: r.tokensPerSecond,
      outputTokens: r.outputTokens,
      durationMs: r.durationMs,
      health: r.health,
      checks: r.checks.map(({ type, passed, detail }) => ({ type, passed, detail })),
      judge: r.judge,
    })),
  };
}

export const CSV_COLUMNS = [
  'model',
  'sequence',
  'prompt',
  'run',
  'status',
  'ttftMs',
  'tokensPerSecond',
  'outputTokens',
  'durationMs',
  'checksPassed',
  'checksTotal',
  'judgeScore',
  'judgeReason',
  'healthStatus',
  'drift',
  'evasive',
  'text',
] as const;

/** One field as RFC 4180 wants it, and never a formula a spreadsheet would run. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function resultsCsv(evaluation: EvaluationRecord, responses: readonly EvalResponse[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of sorted(evaluation, responses)) {
    const row = [
      r.model,
      r.sequence,
      r.prompt,
      r.run,
      r.status,
      r.ttftMs === null ? null : Math.round(r.ttftMs),
      r.tokensPerSecond === null ? null : Math.round(r.tokensPerSecond * 10) / 10,
      r.outputTokens,
      Math.round(r.durationMs),
      r.checks.filter((c) => c.passed).length,
      r.checks.length,
      r.judge?.score ?? null,
      r.judge?.reason ?? (r.judgeStatus === 'malformed' ? 'malformed judge answer' : null),
      r.health?.status ?? null,
      r.health?.drift ?? null,
      r.health ? r.health.evasive : null,
      r.text,
    ];
    lines.push(row.map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

export function resultsFileName(evaluation: EvaluationRecord, ext: 'json' | 'csv'): string {
  const name =
    evaluation.config.name
      .replace(/[^\p{L}\p{N} _-]+/gu, '')
      .trim()
      .replace(/\s+/g, '-') || 'evaluation';
  return `tandem-eval-${name.slice(0, 60)}.${ext}`;
}
