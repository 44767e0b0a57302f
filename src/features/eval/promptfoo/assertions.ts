/**
 * promptfoo's assertions that run in a browser (pure, but `similar` asks the caller's embedder),
 * with promptfoo's semantics: `contains`/`starts-with`/`equals` case-sensitive, `i…` forms not,
 * list values from a comma-separated string, every type with a `not-` form, score 1 or 0 except
 * `similar` (the cosine; default threshold 0.75) and the model-graded ones. The test's result is
 * promptfoo's: the weighted mean of the scores; it passes when every assertion passed, or, with a
 * test `threshold`, when the mean reaches it. Model-graded assertions (`llm-rubric`,
 * `model-graded-closedqa`) stay pending here and are answered by the grader pass (grade.ts).
 */
import type { PfAssertion, PfComponent, PfGrading } from '../../../core/promptfoo';
import { seconds } from '../regex/exec';
import type { RegexRunner } from '../regex/runner';
import { deepEqual, extractJson } from './json';

export { extractJson };

/** The base types that run here; each also runs as `not-<type>`. */
export const SUPPORTED_TYPES = new Set([
  'equals', 'contains', 'icontains', 'contains-any', 'contains-all', 'icontains-any', 'icontains-all',
  'starts-with', 'regex', 'is-json', 'contains-json', 'similar', 'llm-rubric', 'model-graded-closedqa',
  'latency', 'cost',
]); // prettier-ignore
export const MODEL_GRADED = new Set(['llm-rubric', 'model-graded-closedqa']);
/** promptfoo's default `similar` threshold for a YAML/JSON assertion. */
export const SIMILAR_THRESHOLD = 0.75;

export function baseType(type: string): { base: string; inverse: boolean } {
  return type.startsWith('not-') ? { base: type.slice(4), inverse: true } : { base: type, inverse: false };
}

/**
 * Why an assertion cannot run here (a name for the "not supported" list), or null when it can.
 * A JSON schema on is-json / contains-json needs a schema validator Tandem does not ship.
 */
export function unsupportedReason(a: PfAssertion): string | null {
  const { base } = baseType(a.type);
  if (!SUPPORTED_TYPES.has(base)) return base;
  if ((base === 'is-json' || base === 'contains-json') && a.value !== undefined && a.value !== '') {
    return `${base} with a JSON schema`;
  }
  return null;
}

/**
 * promptfoo's parseCommaSeparatedValues: fields split on commas and trimmed, empty ones dropped;
 * a field in double quotes keeps its commas (`\"` or `""` inside it is a quote).
 */
export function commaValues(value: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && (value[i] === ',' || /\s/.test(value[i]!))) i++;
    if (i >= value.length) break;
    if (value[i] === '"') {
      let field = '';
      i++;
      while (i < value.length) {
        const c = value[i]!;
        const next = value[i + 1];
        if (c === '\\' && (next === '"' || next === '\\')) {
          field += next;
          i += 2;
        } else if (c === '"' && next === '"') {
          field += '"';
          i += 2;
        } else if (c === '"') break;
        else {
          field += c;
          i++;
        }
      }
      i++;
      out.push(field);
    } else {
      const end = value.indexOf(',', i);
      const stop = end === -1 ? value.length : end;
      out.push(value.slice(i, stop).trim());
      i = stop;
    }
  }
  return out;
}

function listValue(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return commaValues(value);
  if (typeof value === 'number') return [String(value)];
  return [];
}

export interface AssertContext {
  output: string;
  latencyMs: number | null;
  /** null: the engine reports no cost (promptfoo's "does not return cost"). */
  cost: number | null;
  /** Cosine of two texts' sentence embeddings; null when no encoder is ready. */
  similarity?: (a: string, b: string) => Promise<number | null>;
  /** Runs `regex` off the page's thread with a time limit (a pattern may backtrack for minutes). */
  regex: RegexRunner;
}

const done = (a: PfAssertion, pass: boolean, reason: string, score = pass ? 1 : 0): PfComponent => ({
  type: a.type,
  pass,
  score,
  reason,
  weight: a.weight ?? 1,
  ...(a.metric ? { metric: a.metric } : {}),
  ...(a.value !== undefined ? { value: a.value } : {}),
});

function binary(a: PfAssertion, inverse: boolean, hit: boolean, what: string): PfComponent {
  const pass = hit !== inverse;
  return done(a, pass, pass ? 'Assertion passed' : `Expected output to ${inverse ? 'not ' : ''}${what}`);
}

/** One assertion on one output. Model-graded ones come back pending (grade.ts answers them). */
export async function runAssertion(a: PfAssertion, ctx: AssertContext): Promise<PfComponent> {
  const { base, inverse } = baseType(a.type);
  const out = ctx.output;
  const value = a.value;
  const text = value === undefined || value === null ? '' : String(value);
  const lower = out.toLowerCase();
  switch (base) {
    case 'equals':
      if (value !== null && typeof value === 'object') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(out);
        } catch {
          return binary(a, inverse, false, `equal ${JSON.stringify(value)}`);
        }
        return binary(a, inverse, deepEqual(parsed, value), `equal ${JSON.stringify(value)}`);
      }
      if ((out === text) !== inverse) return done(a, true, 'Assertion passed');
      return done(a, false, `Expected output "${out}" to ${inverse ? 'not ' : ''}equal "${text}"`);
    case 'contains':
      return binary(a, inverse, out.includes(text), `contain "${text}"`);
    case 'icontains':
      return binary(a, inverse, lower.includes(text.toLowerCase()), `contain "${text}"`);
    case 'contains-any':
    case 'icontains-any': {
      const list = listValue(value);
      const fold = base === 'icontains-any' ? (s: string) => s.toLowerCase() : (s: string) => s;
      const hit = list.some((v) => fold(out).includes(fold(v)));
      return binary(a, inverse, hit, `contain one of "${list.join(', ')}"`);
    }
    case 'contains-all':
    case 'icontains-all': {
      const list = listValue(value);
      const fold = base === 'icontains-all' ? (s: string) => s.toLowerCase() : (s: string) => s;
      const missing = list.filter((v) => !fold(out).includes(fold(v)));
      return binary(
        a,
        inverse,
        missing.length === 0,
        `contain all of [${list.join(', ')}]. Missing: [${missing.join(', ')}]`,
      );
    }
    case 'starts-with':
      return binary(a, inverse, out.startsWith(text), `start with "${text}"`);
    case 'regex': {
      const run = await ctx.regex.exec(text, out);
      if (run.kind === 'match') return binary(a, inverse, run.match !== null, `match regex "${text}"`);
      if (run.kind === 'invalid') return done(a, false, `Invalid regex pattern: ${run.message}`);
      if (run.kind === 'failed') return done(a, false, `not run: ${run.message}`);
      return done(
        a,
        false,
        `timed out after ${seconds(run.afterMs)}: the pattern backtracks too much on this answer`,
      );
    }
    case 'is-json': {
      let ok = true;
      try {
        JSON.parse(out);
      } catch {
        ok = false;
      }
      return binary(a, inverse, ok, 'be valid JSON');
    }
    case 'contains-json':
      return binary(a, inverse, extractJson(out).length > 0, 'contain valid JSON');
    case 'similar':
      return similar(a, inverse, ctx);
    case 'latency':
    case 'cost': {
      const measured = base === 'latency' ? ctx.latencyMs : ctx.cost;
      if (measured === null) return done(a, false, `${base} is not reported by this engine`);
      if (a.threshold === undefined) {
        if (inverse || !a.metric) return done(a, false, `a ${base} assertion needs a threshold`);
        return done(a, true, 'Assertion passed', measured);
      }
      const pass = inverse ? measured > a.threshold : measured <= a.threshold;
      const shown =
        base === 'latency' ? `Latency ${Math.round(measured)}ms` : `Cost ${measured.toPrecision(2)}`;
      const unit = base === 'latency' ? 'ms' : '';
      return done(
        a,
        pass,
        pass
          ? 'Assertion passed'
          : `${shown} is ${inverse ? 'less than or equal to' : 'greater than'} threshold ${a.threshold}${unit}`,
      );
    }
    default:
      if (MODEL_GRADED.has(base)) return { ...done(a, false, 'waiting for the grader'), pending: true };
      return done(a, false, `not supported: ${base}`);
  }
}

async function similar(a: PfAssertion, inverse: boolean, ctx: AssertContext): Promise<PfComponent> {
  const threshold = a.threshold ?? SIMILAR_THRESHOLD;
  const values = Array.isArray(a.value) ? a.value.map(String) : [String(a.value ?? '')];
  if (!ctx.similarity) return done(a, false, 'not scored: no sentence encoder loaded');
  let best: PfComponent | null = null;
  for (const v of values) {
    const cos = await ctx.similarity(v, ctx.output);
    if (cos === null || !Number.isFinite(cos))
      return done(a, false, 'not scored: no sentence encoder loaded');
    const pass = inverse ? cos <= threshold + Number.EPSILON : cos >= threshold - Number.EPSILON;
    const score = inverse ? 1 - cos : cos;
    const reason =
      cos >= threshold
        ? `Similarity ${cos.toFixed(2)} is greater than or equal to threshold ${threshold}`
        : `Similarity ${cos.toFixed(2)} is less than threshold ${threshold}`;
    const result = done(a, pass, reason, score);
    if (inverse ? !pass : pass) return result; // not-similar fails on the first close value
    if (!best || (inverse ? score < best.score : score > best.score)) best = result;
  }
  if (!best) return done(a, false, 'no value to compare with');
  if (!inverse && values.length > 1 && !best.pass) {
    return { ...best, reason: 'None of the provided values met the similarity threshold' };
  }
  return best;
}

/**
 * promptfoo's test result from its assertions' results (AssertionsResult): the weighted mean
 * score, pass when none failed (or, with `threshold`, when the mean reaches it), named scores
 * per `metric`. Pending components take no part yet.
 */
export function aggregate(components: readonly PfComponent[], threshold?: number): PfGrading {
  const settled = components.filter((c) => !c.pending);
  if (components.length === 0) {
    return { pass: true, score: 1, reason: 'No assertions', namedScores: {}, components: [] };
  }
  let total = 0;
  let weight = 0;
  let failed: string | undefined;
  const named: Record<string, { sum: number; weight: number }> = {};
  for (const c of settled) {
    total += c.score * c.weight;
    weight += c.weight;
    if (c.metric) {
      const m = (named[c.metric] ??= { sum: 0, weight: 0 });
      m.sum += c.score * c.weight;
      m.weight += c.weight;
    }
    if (!c.pass) failed = c.reason;
  }
  const score = weight > 0 ? total / weight : 0;
  let pass = failed === undefined;
  let reason = failed ?? 'All assertions passed';
  if (typeof threshold === 'number' && !Number.isNaN(threshold)) {
    pass = score >= threshold;
    reason = `Aggregate score ${score.toFixed(2)} ${pass ? '≥' : '<'} ${threshold} threshold`;
  }
  const namedScores = Object.fromEntries(
    Object.entries(named).map(([k, m]) => [k, m.weight > 0 ? m.sum / m.weight : 0]),
  );
  return { pass, score, reason, namedScores, components: [...components] };
}
