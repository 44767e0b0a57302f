/**
 * The validator for health settings a user edited (JSON from the settings editor or an
 * import): every field checked, each problem said in words, nothing half-applied. Pure.
 */
import { DEFAULT_HEALTH_SETTINGS } from './settings';
import type { ContextDefinition, HealthSettings } from '../../core/health';

export type ValidationResult = { ok: true; settings: HealthSettings } | { ok: false; errors: string[] };

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return Array.isArray(v) ? 'a list' : 'an object';
}

class Checker {
  readonly errors: string[] = [];

  number(v: unknown, path: string, min: number, max: number, integer = false): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.errors.push(
        `${path} must be a number${integer ? ' (whole)' : ''} from ${min} to ${max}, got ${show(v)}.`,
      );
      return min;
    }
    if (v < min || v > max || (integer && !Number.isInteger(v))) {
      this.errors.push(`${path} must be a${integer ? ' whole' : ''} number from ${min} to ${max}, got ${v}.`);
    }
    return v;
  }

  string(v: unknown, path: string, allowEmpty = false): string {
    if (typeof v !== 'string') {
      this.errors.push(`${path} must be text, got ${show(v)}.`);
      return '';
    }
    const t = v.trim();
    if (!allowEmpty && t === '') this.errors.push(`${path} must not be empty.`);
    return t;
  }

  strings(v: unknown, path: string): string[] {
    if (!Array.isArray(v)) {
      this.errors.push(`${path} must be a list of texts, got ${show(v)}.`);
      return [];
    }
    const out: string[] = [];
    v.forEach((item, i) => {
      const s = this.string(item, `${path}[${i}]`);
      if (s !== '') out.push(s);
    });
    return out;
  }

  range(v: unknown, path: string, lo: number, hi: number): { min: number; max: number } {
    if (!isObject(v)) {
      this.errors.push(`${path} must be an object with min and max, got ${show(v)}.`);
      return { min: lo, max: hi };
    }
    const min = this.number(v.min, `${path}.min`, lo, hi);
    const max = this.number(v.max, `${path}.max`, lo, hi);
    if (min > max) this.errors.push(`${path}.min (${min}) must not be above ${path}.max (${max}).`);
    return { min, max };
  }
}

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * Checks settings a user edited (as JSON or through fields) and returns a clean copy.
 * Top-level numbers that are missing are taken from the defaults (so settings saved by an
 * older version keep working); anything present but wrong is an error that names the field,
 * the allowed values and what was found. `contexts` must be given.
 */
export function validateHealthSettings(input: unknown): ValidationResult {
  const c = new Checker();
  if (!isObject(input)) {
    return { ok: false, errors: [`Settings must be an object, got ${show(input)}.`] };
  }
  const d = DEFAULT_HEALTH_SETTINGS;
  const pick = (key: keyof HealthSettings): unknown => (key in input ? input[key] : d[key]);

  if (input.version !== undefined && input.version !== 1) {
    c.errors.push(`version must be 1, got ${show(input.version)}.`);
  }
  const errorsBeforeWindow = c.errors.length;
  const windowSize = c.number(pick('windowSize'), 'windowSize', 2, 50, true);
  const minWindowTurns = c.number(pick('minWindowTurns'), 'minWindowTurns', 2, 50, true);
  if (c.errors.length === errorsBeforeWindow && minWindowTurns > windowSize) {
    c.errors.push(`minWindowTurns (${minWindowTurns}) must not be above windowSize (${windowSize}).`);
  }
  const repeatLookback = c.number(pick('repeatLookback'), 'repeatLookback', 1, 500, true);
  const repeatSimilarity = c.number(pick('repeatSimilarity'), 'repeatSimilarity', 0, 1);
  const answerRestatementSimilarity = c.number(
    pick('answerRestatementSimilarity'),
    'answerRestatementSimilarity',
    0,
    1,
  );
  const topicSimilarity = c.number(pick('topicSimilarity'), 'topicSimilarity', 0, 1);
  const contextMinSimilarity = c.number(pick('contextMinSimilarity'), 'contextMinSimilarity', 0, 1);
  const keywordWeight = c.number(pick('keywordWeight'), 'keywordWeight', 0, 1);
  const evasionPenalty = c.number(pick('evasionPenalty'), 'evasionPenalty', 0, 1);
  const criticalQuality = c.number(pick('criticalQuality'), 'criticalQuality', 0, 1);

  const qw = pick('qualityWeights');
  let qualityWeights = { relevance: 0.5, coherence: 0.25, focus: 0.25 };
  if (!isObject(qw)) {
    c.errors.push(`qualityWeights must be an object with relevance, coherence and focus, got ${show(qw)}.`);
  } else {
    qualityWeights = {
      relevance: c.number(qw.relevance, 'qualityWeights.relevance', 0, 1),
      coherence: c.number(qw.coherence, 'qualityWeights.coherence', 0, 1),
      focus: c.number(qw.focus, 'qualityWeights.focus', 0, 1),
    };
    const sum = qualityWeights.relevance + qualityWeights.coherence + qualityWeights.focus;
    if (Math.abs(sum - 1) > 1e-6) {
      c.errors.push(`qualityWeights must add up to 1, they add up to ${Math.round(sum * 1000) / 1000}.`);
    }
  }

  const contexts: ContextDefinition[] = [];
  if (!Array.isArray(input.contexts)) {
    c.errors.push(`contexts must be a list of context definitions, got ${show(input.contexts)}.`);
  } else if (input.contexts.length === 0) {
    c.errors.push('contexts must contain at least one context.');
  } else {
    const seen = new Set<string>();
    input.contexts.forEach((raw, i) => {
      const p = `contexts[${i}]`;
      if (!isObject(raw)) {
        c.errors.push(`${p} must be an object, got ${show(raw)}.`);
        return;
      }
      const id = c.string(raw.id, `${p}.id`);
      const at = id ? `${p} ("${id}")` : p;
      if (id && !ID_PATTERN.test(id)) {
        c.errors.push(`${at}.id must be lowercase letters, digits and dashes (at most 40), got ${show(id)}.`);
      }
      if (id && seen.has(id)) c.errors.push(`${at}.id is used by more than one context.`);
      seen.add(id);
      const expected = raw.expected;
      let ranges: ContextDefinition['expected'] = {
        quality: { min: 0, max: 1 },
        topicDrift: { min: 0, max: 1 },
        maxQuestionDrift: 1,
        maxFragmentation: 1,
      };
      if (!isObject(expected)) {
        c.errors.push(`${at}.expected must be an object, got ${show(expected)}.`);
      } else {
        ranges = {
          quality: c.range(expected.quality, `${at}.expected.quality`, 0, 1),
          topicDrift: c.range(expected.topicDrift, `${at}.expected.topicDrift`, 0, 1),
          maxQuestionDrift: c.number(expected.maxQuestionDrift, `${at}.expected.maxQuestionDrift`, 0, 2),
          maxFragmentation: c.number(expected.maxFragmentation, `${at}.expected.maxFragmentation`, 0, 1),
        };
      }
      contexts.push({
        id,
        label: c.string(raw.label, `${at}.label`),
        description:
          raw.description === undefined ? '' : c.string(raw.description, `${at}.description`, true),
        keywords: c.strings(raw.keywords ?? [], `${at}.keywords`).map((k) => k.toLowerCase()),
        prototypes: c.strings(raw.prototypes ?? [], `${at}.prototypes`),
        expected: ranges,
        guidance: raw.guidance === undefined ? '' : c.string(raw.guidance, `${at}.guidance`, true),
      });
    });
  }

  const defaultContextId = c.string(pick('defaultContextId'), 'defaultContextId');
  if (defaultContextId && contexts.length > 0 && !contexts.some((x) => x.id === defaultContextId)) {
    c.errors.push(
      `defaultContextId "${defaultContextId}" is not one of the contexts (${contexts.map((x) => x.id).join(', ')}).`,
    );
  }

  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  return {
    ok: true,
    settings: {
      version: 1,
      windowSize,
      minWindowTurns,
      repeatLookback,
      repeatSimilarity,
      answerRestatementSimilarity,
      topicSimilarity,
      contextMinSimilarity,
      keywordWeight,
      defaultContextId,
      qualityWeights,
      evasionPenalty,
      criticalQuality,
      contexts,
    },
  };
}
