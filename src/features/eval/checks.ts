/**
 * Checks on one response (pure). `contains` / `not-contains` compare case-insensitively;
 * `regex` uses the pattern as written; `max-length` counts characters; `similar` is the cosine
 * of the response's and the reference's sentence embeddings against a threshold (the caller
 * embeds: see `similarCheck`).
 */
import type { CheckSpec } from '../../core/eval-config';
import type { CheckResult } from '../../core/evaluation';

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
    case 'regex': {
      let pattern: RegExp;
      try {
        pattern = new RegExp(String(value));
      } catch (error) {
        return { type: check.type, passed: false, detail: `bad pattern: ${(error as Error).message}` };
      }
      const match = pattern.exec(text);
      return {
        type: check.type,
        passed: match !== null,
        detail: match ? `matched "${clip(match[0])}"` : `no match for /${clip(String(value))}/`,
      };
    }
    case 'max-length': {
      const limit = Number(value);
      const passed = text.length <= limit;
      return { type: check.type, passed, detail: `${text.length} of at most ${limit} characters` };
    }
    case 'similar':
      return { type: check.type, passed: false, detail: 'needs the sentence embedder' };
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

/** Every check but `similar` (those the caller adds with `similarCheck`), in configuration order. */
export function runTextChecks(checks: readonly CheckSpec[], text: string): (CheckResult | null)[] {
  return checks.map((c) => (c.type === 'similar' ? null : textCheck(c, text)));
}

/** Checks passed / checks run (null when none ran). */
export function passRate(results: readonly CheckResult[]): number | null {
  if (results.length === 0) return null;
  return results.filter((r) => r.passed).length / results.length;
}
