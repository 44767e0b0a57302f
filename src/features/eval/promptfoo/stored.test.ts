import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { evalResponseSchema, evaluationSchema } from '../../../platform/db/eval-records';
import { aggregate } from './assertions';
import { buildPlan } from './plan';

const built = buildPlan(
  {
    description: 'd',
    prompts: [{ label: '', raw: 'Hi {{n}}' }],
    providers: [{ id: 'p' }],
    tests: [{ vars: { n: 1 }, assert: [{ type: 'contains', value: 'Hi' }], options: {} }],
    skipped: { javascript: 1 },
  },
  { models: ['a/b'], settings: { runs: 1, maxTokens: 8, temperature: 0 } },
);

describe('stored promptfoo plans and gradings', () => {
  it('a built plan is a valid stored evaluation; a damaged one is not', () => {
    if (!built.ok) throw new Error(built.message);
    const record = {
      id: 'ev_1',
      config: built.config,
      promptfoo: built.plan,
      status: 'done',
      startedAt: 0,
      finishedAt: 1,
      totalTasks: 1,
      doneTasks: 1,
      updatedAt: 1,
    };
    expect(v.safeParse(evaluationSchema, record).success).toBe(true);
    const damaged = {
      ...record,
      promptfoo: { ...built.plan, cases: [{ ...built.plan.cases[0], messages: [] }] },
    };
    expect(v.safeParse(evaluationSchema, damaged).success).toBe(false);
  });

  it("a stored configuration outside the file format's limits is refused on read (issue 29, item 12)", () => {
    if (!built.ok) throw new Error(built.message);
    const record = (config: object) => ({
      id: 'ev_1',
      config,
      status: 'done',
      startedAt: 0,
      finishedAt: 1,
      totalTasks: 1,
      doneTasks: 1,
      updatedAt: 1,
    });
    const settings = built.config.settings;
    const ok = (config: object) => v.safeParse(evaluationSchema, record(config)).success;
    expect(ok(built.config)).toBe(true);
    expect(ok({ ...built.config, settings: { ...settings, runs: 1e9 } })).toBe(false);
    expect(ok({ ...built.config, settings: { ...settings, maxTokens: 0 } })).toBe(false);
    expect(ok({ ...built.config, settings: { ...settings, temperature: -5 } })).toBe(false);
    expect(ok({ ...built.config, checks: [{ type: 'javascript', value: 'x' }] })).toBe(false);
    expect(ok({ ...built.config, checks: [{ type: 'contains', value: 'Hi' }] })).toBe(true);
  });

  it('a grading is checked on a stored response', () => {
    const grading = aggregate([{ type: 'contains', pass: true, score: 1, reason: 'ok', weight: 1 }]);
    const response = {
      id: 'ev_1|a',
      evaluationId: 'ev_1',
      taskKey: 'a',
      model: 'a/b',
      sequenceIndex: 0,
      sequence: '0',
      promptIndex: 0,
      prompt: '0',
      run: 1,
      text: 'Hi 1',
      status: 'ok',
      errorCode: null,
      errorMessage: null,
      ttftMs: 1,
      tokensPerSecond: 1,
      outputTokens: 1,
      durationMs: 1,
      health: null,
      checks: [],
      judgeStatus: 'none',
      judge: null,
      judgeRaw: null,
      grading,
      createdAt: 0,
    };
    expect(v.safeParse(evalResponseSchema, response).success).toBe(true);
    expect(v.safeParse(evalResponseSchema, { ...response, grading: { pass: 'yes' } }).success).toBe(false);
  });
});
