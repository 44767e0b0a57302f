/**
 * Checks on one response (pure). `contains` / `not-contains` compare case-insensitively;
 * `regex` uses the pattern as written, run in a worker with a time limit (regex/runner.ts); `max-length` counts characters; `similar` is the cosine
 * of the response's and the reference's sentence embeddings against a threshold (the caller
 * embeds: see `similarCheck`).
 */
import type { CheckSpec } from '../../core/eval-config';
import type { CheckResult } from '../../core/evaluation';
import { catastrophicReason } from '../../core/regex-safety';
import { seconds, type RegexOutcome } from './regex/exec';

export const DEFAULT_SIMILAR_THRESHOLD = 0.8;

const clip = (s: string, n = 40): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The result of one check that needs no embedder (`similar` is answered by `similarCheck`). */
export function textCheck(check: CheckSpec, text: string): CheckResult {
  const value = check.value;
  switch (check.type) {
    case 'contains': {
      const passed = text.toLowerCase().includes(String(value).toLowerCase());
      return { type: check.type, passed, detail: `${passed ? 'has' : 'lacks'} "${clip(String(value))}"` };
    }
    case 'not-contains': {
      const found = text.toLowerCase().includes(String(value).toLowerCase());
      return {
        type: check.type,
        passed: !found,
        detail: found ? `has "${clip(String(value))}"` : `free of "${clip(String(value))}"`,
      };
    }
    case 'regex':
      return (
        regexRefusal(check) ?? { type: check.type, passed: false, detail: 'not run: needs the regex worker' }
      );
    case 'max-length': {
      const limit = Number(value);
      const passed = text.length <= limit;
      return { type: check.type, passed, detail: `${text.length} of at most ${limit} characters` };
    }
    case 'similar':
      return { type: check.type, passed: false, detail: 'needs the sentence embedder' };
  }
}

/**
 * A regex check refused before it runs (null: it may run, in the worker): a pattern that could
 * backtrack catastrophically (a stored configuration may predate the refusal at parse time) or
 * is not a pattern at all.
 */
export function regexRefusal(check: CheckSpec): CheckResult | null {
  const pattern = String(check.value);
  const unsafe = catastrophicReason(pattern);
  if (unsafe) return { type: check.type, passed: false, detail: `not run: ${unsafe}` };
  try {
    new RegExp(pattern);
  } catch (error) {
    return { type: check.type, passed: false, detail: `bad pattern: ${(error as Error).message}` };
  }
  return null;
}

/** A regex check's result from its run in the worker. */
export function regexCheck(check: CheckSpec, outcome: RegexOutcome): CheckResult {
  const pattern = String(check.value);
  switch (outcome.kind) {
    case 'match':
      return {
        type: check.type,
        passed: outcome.match !== null,
        detail:
          outcome.match !== null ? `matched "${clip(outcome.match)}"` : `no match for /${clip(pattern)}/`,
      };
    case 'invalid':
      return { type: check.type, passed: false, detail: `bad pattern: ${outcome.message}` };
    case 'timeout':
      return {
        type: check.type,
        passed: false,
        detail: `timed out after ${seconds(outcome.afterMs)}: the pattern backtracks too much on this answer`,
      };
    case 'failed':
      return { type: check.type, passed: false, detail: `not run: ${outcome.message}` };
  }
}

/** A `similar` check from the cosine the caller computed (null: no embedder was ready). */
export function similarCheck(
  check: CheckSpec,
  cosine: number | null,
  why = 'no sentence embedder loaded',
): CheckResult {
  const threshold = check.threshold ?? DEFAULT_SIMILAR_THRESHOLD;
  if (cosine === null || !Number.isFinite(cosine)) {
    return { type: 'similar', passed: false, detail: `not scored: ${why}` };
  }
  const rounded = Math.round(cosine * 1000) / 1000;
  return {
    type: 'similar',
    passed: rounded >= threshold,
    detail: `similarity ${rounded.toFixed(3)} ${rounded >= threshold ? '≥' : '<'} ${threshold}`,
  };
}

/**
 * Every check that needs neither the embedder nor the regex worker, in configuration order; null
 * for those the caller answers (`similar` with `similarCheck`, a regex that may run with `regexCheck`).
 */
export function runTextChecks(checks: readonly CheckSpec[], text: string): (CheckResult | null)[] {
  return checks.map((c) =>
    c.type === 'similar' ? null : c.type === 'regex' ? regexRefusal(c) : textCheck(c, text),
  );
}

/** Checks passed / checks run (null when none ran). */
export function passRate(results: readonly CheckResult[]): number | null {
  if (results.length === 0) return null;
  return results.filter((r) => r.passed).length / results.length;
}
