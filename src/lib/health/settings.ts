/**
 * Default health settings and the validator for settings a user edited.
 *
 * The numbers are tuned for all-MiniLM-L6-v2-like sentence embeddings, where an answer that
 * addresses its question typically has cosine 0.5-0.8 with it (drift 0.2-0.5) and unrelated
 * sentences have cosine near 0 (drift near 1).
 */
import type { ContextDefinition, HealthSettings } from './types';

const context = (c: ContextDefinition): ContextDefinition => c;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The defaults. Deeply frozen: use `defaultHealthSettings()` for a copy to edit. */
export const DEFAULT_HEALTH_SETTINGS: HealthSettings = deepFreeze({
  version: 1,
  windowSize: 6,
  minWindowTurns: 3,
  repeatLookback: 20,
  repeatSimilarity: 0.8,
  answerRestatementSimilarity: 0.9,
  topicSimilarity: 0.4,
  contextMinSimilarity: 0.4,
  keywordWeight: 0.5,
  defaultContextId: 'general',
  qualityWeights: { relevance: 0.5, coherence: 0.25, focus: 0.25 },
  evasionPenalty: 0.25,
  criticalQuality: 0.3,
  contexts: [
    context({
      id: 'accountability',
      label: 'Accountability',
      description: 'The user wants a specific cause, decision or responsibility explained.',
      keywords: [
        'why did',
        'what went wrong',
        'root cause',
        'post-mortem',
        'postmortem',
        'who is responsible',
        'who broke',
        'whose fault',
        'accountab*',
        'blame*',
        'what happened',
        'explain why',
      ],
      prototypes: [
        'Why did our deployment fail yesterday?',
        'What went wrong with the release and who is responsible?',
        'Explain exactly why this decision was made.',
        'What is the root cause of the incident last night?',
      ],
      expected: {
        quality: { min: 0.6, max: 0.8 },
        topicDrift: { min: 0, max: 0.5 },
        maxQuestionDrift: 0.3,
        maxFragmentation: 0.5,
      },
      guidance:
        'Name the specific cause first, in one sentence, then the evidence. Say plainly what is not known and how to find out. No general background before the answer.',
    }),
    context({
      id: 'crisis',
      label: 'Crisis',
      description: 'Something is broken or someone needs help right now.',
      keywords: [
        'urgent*',
        'emergency',
        'asap',
        'outage',
        'is down',
        'production is',
        'right now',
        'immediately',
        'panic*',
        'losing data',
        'data loss',
        'crisis',
      ],
      prototypes: [
        'Production is down and customers cannot log in, help me now.',
        'Our API is returning 500 errors for every request.',
        'Urgent: the database is corrupted and we are losing data.',
        'I am panicking, everything is broken and I do not know what to do.',
      ],
      expected: {
        quality: { min: 0.6, max: 0.85 },
        topicDrift: { min: 0, max: 0.4 },
        maxQuestionDrift: 0.4,
        maxFragmentation: 0.5,
      },
      guidance:
        'Give the immediate next step first, short and concrete. One thing at a time; no digressions, no long explanations until the situation is stable.',
    }),
    context({
      id: 'technical',
      label: 'Technical / debugging',
      description: 'Code, errors, configuration and debugging.',
      keywords: [
        'error*',
        'bug*',
        'exception*',
        'stack trace',
        'stacktrace',
        'debug*',
        'compil*',
        'undefined',
        'null pointer',
        'segfault',
        'typescript',
        'javascript',
        'python',
        'function',
        'api',
        'code',
        'config*',
      ],
      prototypes: [
        'My function throws a TypeError: cannot read properties of undefined.',
        'How do I fix this compile error in my TypeScript code?',
        'The test fails with a null pointer exception, here is the stack trace.',
        'Why does this SQL query return duplicate rows?',
      ],
      expected: {
        quality: { min: 0.55, max: 0.85 },
        topicDrift: { min: 0, max: 0.6 },
        maxQuestionDrift: 0.5,
        maxFragmentation: 0.6,
      },
      guidance:
        'Address the exact error or code the user showed. Give a concrete fix or the next diagnostic step; ask for missing details instead of guessing.',
    }),
    context({
      id: 'learning',
      label: 'Learning',
      description: 'The user wants to understand a concept.',
      keywords: [
        'explain',
        'what is',
        'what are',
        'how does',
        'how do',
        'teach me',
        'help me understand',
        'learn*',
        'difference between',
        'example of',
        'eli5',
      ],
      prototypes: [
        'Can you explain how photosynthesis works?',
        'What is the difference between a process and a thread?',
        'Teach me the basics of linear algebra.',
        'Help me understand how compound interest works with an example.',
      ],
      expected: {
        quality: { min: 0.5, max: 0.85 },
        topicDrift: { min: 0, max: 0.6 },
        maxQuestionDrift: 0.55,
        maxFragmentation: 0.6,
      },
      guidance:
        'Build from what the user already knows, one idea at a time, with an example. Check understanding before moving on.',
    }),
    context({
      id: 'exploration',
      label: 'Exploration / brainstorming',
      description: 'Open-ended idea generation, where wandering is expected.',
      keywords: [
        'brainstorm*',
        'ideas',
        'idea for',
        'what if',
        'alternatives',
        'options for',
        'imagine',
        'explore',
        'possibilities',
        'creative',
      ],
      prototypes: [
        "Let's brainstorm names for a new coffee shop.",
        'What are some creative ideas for a birthday party?',
        'What if cities had no cars at all?',
        'Give me alternative approaches we could explore for this product.',
      ],
      expected: {
        quality: { min: 0.4, max: 0.8 },
        topicDrift: { min: 0, max: 0.85 },
        maxQuestionDrift: 0.7,
        maxFragmentation: 0.8,
      },
      guidance:
        'Offer a range of distinct options and build on the ideas the user liked. Every so often, summarise the threads so far.',
    }),
    context({
      id: 'casual',
      label: 'Casual',
      description: 'Small talk and light conversation.',
      keywords: ['hello', 'hi', 'hey', 'how are you', 'good morning', 'joke', 'weekend', 'chat'],
      prototypes: [
        'Hi! How are you today?',
        'Tell me a joke.',
        'What did you do this weekend?',
        'Just wanted to chat for a bit.',
      ],
      expected: {
        quality: { min: 0.35, max: 0.8 },
        topicDrift: { min: 0, max: 0.9 },
        maxQuestionDrift: 0.75,
        maxFragmentation: 0.85,
      },
      guidance: 'Keep it light, friendly and short.',
    }),
    context({
      id: 'general',
      label: 'General',
      description: 'Used when no other context matches.',
      keywords: [],
      prototypes: [],
      expected: {
        quality: { min: 0.5, max: 0.85 },
        topicDrift: { min: 0, max: 0.6 },
        maxQuestionDrift: 0.55,
        maxFragmentation: 0.6,
      },
      guidance: 'Answer the question that was asked, directly and concisely.',
    }),
  ],
} satisfies HealthSettings);

/** A deep, mutable copy of the defaults (for "reset to defaults" and for editing). */
export function defaultHealthSettings(): HealthSettings {
  return structuredClone(DEFAULT_HEALTH_SETTINGS);
}

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
