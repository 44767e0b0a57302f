import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_SETTINGS } from '../../health';
import { HashEmbedder } from '../../health/testing/hash-embedder';
import type { EvalResponse, EvaluationRecord } from '../../../core/evaluation';
import type { ChatMessage, GenerationSettings, StreamPart } from '../../../core/provider';
import { runEvaluation } from '../eval-run';
import type { EvalRunDeps } from '../eval-deps';
import type { RunnerSession } from '../../models';
import { buildPlan } from './plan';
import { answerCost, gradedComponent } from './runtime';
import type { PfSuite } from '../../../core/promptfoo';
import { inlineRegexRunner } from '../testing/inline-regex';

const suite: PfSuite = {
  description: 'pf',
  prompts: [{ label: 'ask', raw: 'Capital of {{country}}?' }],
  providers: [{ id: 'p1' }, { id: 'p2', label: 'second' }],
  tests: [
    {
      description: 'france',
      vars: { country: 'France' },
      assert: [
        { type: 'icontains', value: 'paris', weight: 2 },
        { type: 'not-contains', value: 'Rome' },
        { type: 'similar', value: 'Paris', threshold: 0 },
        { type: 'llm-rubric', value: 'Names Paris' },
      ],
      options: {},
    },
    {
      vars: { country: 'Italy' },
      assert: [
        { type: 'equals', value: 'Rome' },
        { type: 'llm-rubric', value: 'Names Rome' },
      ],
      options: {},
    },
  ],
  skipped: {},
};

function answer(text: string): StreamPart[] {
  return [
    { type: 'text-delta', text },
    {
      type: 'finish',
      reason: 'stop',
      usage: { inputTokens: 3, outputTokens: 2 },
      timings: { timeToFirstTokenMs: 1, totalMs: 2, tokensPerSecond: 5 },
    },
  ];
}

async function run() {
  const built = buildPlan(suite, {
    models: ['local/a', 'claude:b'],
    grader: 'claude:b',
    settings: { runs: 1, maxTokens: 16, temperature: 0, seed: 3, topP: 0.5 },
  });
  if (!built.ok) throw new Error(built.message);
  const evaluation: EvaluationRecord = {
    id: 'ev',
    config: built.config,
    promptfoo: built.plan,
    status: 'running',
    startedAt: 0,
    finishedAt: null,
    totalTasks: 8,
    doneTasks: 0,
    updatedAt: 0,
  };
  const asked: { model: string; messages: ChatMessage[]; settings: GenerationSettings }[] = [];
  const stored: EvalResponse[] = [];
  const log: string[] = [];
  const deps: EvalRunDeps = {
    resolve: (model) =>
      model.startsWith('claude:')
        ? { backend: 'claude', model }
        : { backend: 'transformers', entry: { id: model } as never },
    open: async (ref): Promise<RunnerSession> => {
      const model = ref.backend === 'claude' ? ref.model : 'local/a';
      return {
        async *run(messages, settings) {
          asked.push({ model, messages, settings });
          const last = messages[messages.length - 1]!.content;
          if (last.includes('Reply with only a JSON object')) {
            yield* answer(
              last.includes('Answer to judge:\n<<<\nParis')
                ? '{"score": 4, "reason": "names it"}'
                : 'no idea',
            );
          } else yield* answer(last.includes('France') ? 'Paris' : 'Milan');
        },
        close: async () => undefined,
      };
    },
    embedder: () => new HashEmbedder(),
    regex: inlineRegexRunner,
    healthSettings: () => DEFAULT_HEALTH_SETTINGS,
    addMetrics: async () => undefined,
    store: async (r) => void stored.push(r),
    log: (_level, text) => void log.push(text),
    now: () => 0,
    device: () => null,
  };
  const responses = await runEvaluation(evaluation, [], deps, new AbortController().signal);
  return { responses, asked, stored, log };
}

describe('a promptfoo evaluation through the workbench runner', () => {
  it('sends the rendered prompts with topP and seed, scores assertions, and grades llm-rubric', async () => {
    const { responses, asked, log } = await run();
    const generation = asked.filter((a) => !a.messages.at(-1)!.content.includes('Reply with only'));
    expect(generation.map((a) => [a.model, a.messages.at(-1)!.content])).toEqual([
      ['local/a', 'Capital of France?'],
      ['local/a', 'Capital of Italy?'],
      ['claude:b', 'Capital of France?'],
      ['claude:b', 'Capital of Italy?'],
    ]);
    expect(generation[0]!.settings).toEqual({ temperature: 0, topP: 0.5, maxTokens: 16, seed: 3 });
    expect(log).toContain('local/a: transformers.js takes no seed; its answers are not seeded.');
    const france = responses.find((r) => r.model === 'local/a' && r.sequence === 'france')!;
    expect(france.prompt).toBe('ask');
    expect(france.judgeStatus).toBe('ok');
    expect(france.judge).toEqual({ score: 4, reason: 'names it' });
    const g = france.grading!;
    expect(g.components.map((c) => [c.type, c.pass])).toEqual([
      ['icontains', true],
      ['not-contains', true],
      ['similar', true],
      ['llm-rubric', true],
    ]);
    expect(g.components[3]!.score).toBe(0.75);
    expect(g.pass).toBe(true);
    expect(france.checks.map((c) => c.type)).toEqual(['icontains', 'not-contains', 'similar', 'llm-rubric']);
    const italy = responses.find((r) => r.model === 'claude:b' && r.sequence === '1')!;
    // The grader's prose is no verdict: recorded as malformed, never guessed from.
    expect(italy.judgeStatus).toBe('malformed');
    expect(italy.judge).toBeNull();
    expect(italy.grading).toMatchObject({ pass: false, score: 0 });
    expect(italy.grading!.components.map((c) => c.reason)).toEqual([
      'Expected output "Milan" to equal "Rome"',
      'malformed grader answer (not JSON): no idea',
    ]);
  });
});

describe('gradedComponent', () => {
  const pending = { type: 'llm-rubric', pass: false, score: 0, reason: 'waiting', weight: 1, pending: true };
  it('maps the 1-5 verdict to a 0-1 score; 3 passes; not- inverts; a threshold replaces the pass mark', () => {
    expect(gradedComponent(pending, '{"score": 3, "reason": "ok"}')).toMatchObject({
      pass: true,
      score: 0.5,
    });
    expect(gradedComponent(pending, '{"score": 2, "reason": "meh"}')).toMatchObject({
      pass: false,
      score: 0.25,
    });
    expect(
      gradedComponent({ ...pending, type: 'not-llm-rubric' }, '{"score": 5, "reason": "x"}'),
    ).toMatchObject({
      pass: false,
      score: 0,
    });
    expect(gradedComponent({ ...pending, threshold: 0.9 }, '{"score": 4, "reason": "x"}').pass).toBe(false);
    expect(gradedComponent(pending, 'nope')).toMatchObject({
      pass: false,
      reason: 'malformed grader answer (not JSON): nope',
    });
    expect(gradedComponent(pending, null, 'offline')).toMatchObject({
      pass: false,
      reason: 'grader failed: offline',
    });
    expect(gradedComponent(pending, '{"score": 3, "reason": "ok"}').pending).toBeUndefined();
  });
});

describe('answerCost', () => {
  it('is 0 on local engines, the list price on Claude, null when unknown', () => {
    expect(answerCost({ kind: 'transformers' })).toBe(0);
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    // claude-haiku-4-5: $1 in, $5 out per million tokens.
    expect(answerCost({ kind: 'claude', model: 'claude:claude-haiku-4-5', usage })).toBeCloseTo(6);
    expect(answerCost({ kind: 'claude', model: 'claude:unknown-model', usage })).toBeNull();
    expect(answerCost({ kind: 'claude', model: 'claude:claude-haiku-4-5' })).toBeNull();
  });
});
