/**
 * Default health settings (the validator for settings a user edited: `settings-validation.ts`).
 *
 * The numbers are tuned for all-MiniLM-L6-v2-like sentence embeddings, where an answer that
 * addresses its question typically has cosine 0.5-0.8 with it (drift 0.2-0.5) and unrelated
 * sentences have cosine near 0 (drift near 1).
 */
import type { ContextDefinition, HealthSettings } from '../../core/health';

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
