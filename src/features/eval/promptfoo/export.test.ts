import { describe, expect, it } from 'vitest';
import { resultsJson } from '../export';
import type { EvalResponse, EvaluationRecord } from '../../../core/evaluation';
import { aggregate } from './assertions';
import { promptfooFileName, promptfooResults } from './export';
import { buildPlan } from './plan';
import type { PfSuite } from '../../../core/promptfoo';

const suite: PfSuite = {
  description: 'Capitals',
  prompts: [{ label: 'ask', raw: 'Capital of {{country}}?' }],
  providers: [{ id: 'openai:gpt-4o-mini', label: 'mini' }, { id: 'anthropic:x' }],
  tests: [
    {
      description: 'france',
      vars: { country: 'France' },
      assert: [{ type: 'icontains', value: 'paris', metric: 'acc' }],
      options: {},
    },
  ],
  skipped: {},
};
const built = buildPlan(suite, {
  models: ['local/a', 'claude:b'],
  settings: { runs: 1, maxTokens: 8, temperature: 0 },
});
if (!built.ok) throw new Error(built.message);
const evaluation: EvaluationRecord = {
  id: 'ev1',
  config: built.config,
  promptfoo: built.plan,
  status: 'done',
  startedAt: Date.UTC(2026, 0, 2),
  finishedAt: Date.UTC(2026, 0, 2, 0, 1),
  totalTasks: 2,
  doneTasks: 2,
  updatedAt: 0,
};
const grading = (pass: boolean) =>
  aggregate(
    [
      {
        type: 'icontains',
        pass,
        score: pass ? 1 : 0,
        reason: pass ? 'Assertion passed' : 'no',
        weight: 1,
        metric: 'acc',
        value: 'paris',
      },
    ],
    undefined,
  );
function response(model: string, text: string, status: EvalResponse['status'] = 'ok'): EvalResponse {
  return {
    id: `ev1|${model}|0|0|1`,
    evaluationId: 'ev1',
    taskKey: `${model}|0|0|1`,
    model,
    sequenceIndex: 0,
    sequence: 'france',
    promptIndex: 0,
    prompt: 'ask',
    run: 1,
    text,
    status,
    errorCode: status === 'error' ? 'network' : null,
    errorMessage: status === 'error' ? 'offline' : null,
    ttftMs: 5,
    tokensPerSecond: 10,
    outputTokens: 3,
    durationMs: 42.4,
    health: null,
    checks: [{ type: 'icontains', passed: true, detail: 'Assertion passed' }],
    judgeStatus: 'none',
    judge: null,
    judgeRaw: null,
    ...(status === 'error' ? {} : { grading: grading(text.includes('Paris')) }),
    createdAt: 0,
  };
}
const responses = [response('claude:b', '', 'error'), response('local/a', 'Paris.')];

describe('promptfooResults', () => {
  it('has promptfoo OutputFile shape with an EvaluateSummaryV3', () => {
    const out = promptfooResults(evaluation, responses) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(Object.keys(out)).toEqual(['evalId', 'results', 'config', 'shareableUrl']);
    expect(out.results.version).toBe(3);
    expect(out.results.timestamp).toBe('2026-01-02T00:00:00.000Z');
    expect(out.results.stats).toEqual({
      successes: 1,
      failures: 0,
      errors: 1,
      tokenUsage: { total: 6, prompt: 0, completion: 6, cached: 0, numRequests: 2 },
    });
    const [ok, failed] = out.results.results;
    expect(ok).toMatchObject({
      promptIdx: 0,
      testIdx: 0,
      testCase: { description: 'france', vars: { country: 'France' } },
      provider: { id: 'openai:gpt-4o-mini', label: 'mini' },
      prompt: { raw: 'Capital of France?', label: 'ask' },
      vars: { country: 'France' },
      response: { output: 'Paris.' },
      error: null,
      failureReason: 0,
      success: true,
      score: 1,
      latencyMs: 42,
      namedScores: { acc: 1 },
      cost: 0,
      gradingResult: {
        pass: true,
        score: 1,
        componentResults: [
          {
            pass: true,
            score: 1,
            reason: 'Assertion passed',
            assertion: { type: 'icontains', value: 'paris', metric: 'acc' },
          },
        ],
      },
      metadata: { tandemModel: 'local/a' },
    });
    expect(failed).toMatchObject({
      provider: { id: 'anthropic:x' },
      success: false,
      failureReason: 2,
      error: 'offline',
      gradingResult: null,
      score: 0,
    });
    expect(failed.cost).toBeUndefined();
    expect(out.results.prompts).toEqual([
      expect.objectContaining({ raw: 'Capital of {{country}}?', label: 'ask', provider: 'mini' }),
      expect.objectContaining({ provider: 'anthropic:x' }),
    ]);
    expect(out.results.prompts[0].metrics).toMatchObject({
      score: 1,
      testPassCount: 1,
      assertPassCount: 1,
      totalLatencyMs: 42.4,
    });
    expect(out.config.providers).toEqual([
      { id: 'openai:gpt-4o-mini', label: 'mini' },
      { id: 'anthropic:x' },
    ]);
  });

  it('names its file, and refuses an evaluation that is not from promptfoo', () => {
    expect(promptfooFileName(evaluation)).toBe('tandem-eval-Capitals.promptfoo.json');
    expect(() => promptfooResults({ ...evaluation, promptfoo: undefined }, [])).toThrow(
      'not imported from promptfoo',
    );
  });
});

describe("Tandem's own results JSON of a promptfoo evaluation", () => {
  it('keeps the version-1 shape: prompt names the promptfoo prompt, sequence the test', () => {
    const out = resultsJson(evaluation, responses) as {
      evaluation: object;
      responses: Record<string, unknown>[];
    };
    expect(Object.keys(out)).toEqual(['evaluation', 'responses']);
    expect(out.evaluation).not.toHaveProperty('promptfoo');
    expect(Object.keys(out.responses[0]!)).toEqual([
      'model', 'sequence', 'prompt', 'run', 'text', 'status', 'ttftMs', 'tokensPerSecond', 'outputTokens',
      'durationMs', 'health', 'checks', 'judge',
    ]); // prettier-ignore
    expect(out.responses.map((r) => [r.model, r.sequence, r.prompt])).toEqual([
      ['local/a', 'france', 'ask'],
      ['claude:b', 'france', 'ask'],
    ]);
  });
});
