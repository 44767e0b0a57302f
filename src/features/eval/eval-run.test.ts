import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_SETTINGS } from '../health';
import { HashEmbedder } from '../health/testing/hash-embedder';
import type { EvalConfig } from '../../core/eval-config';
import type { EvalResponse, EvaluationRecord } from '../../core/evaluation';
import type { AnswerMetric } from '../../core/answers/metric';
import type { ChatMessage, StreamPart } from '../../core/provider';
import { runEvaluation } from './eval-run';
import { type EvalRunDeps, wallClock } from './eval-deps';
import { nonWallClockFields } from '../../platform/db/wall-clock';
import type { RunnerSession } from '../models';
import { inlineRegexRunner } from './testing/inline-regex';

const config: EvalConfig = {
  version: 1,
  name: 'Loop',
  models: ['good/model', 'broken/model', 'claude:judge'],
  sequences: [
    {
      name: 'S',
      prompts: [
        { name: 'p1', text: 'one' },
        { name: 'p2', text: 'two' },
      ],
    },
  ],
  settings: { runs: 2, maxTokens: 8, temperature: 0 },
  checks: [
    { type: 'contains', value: 'answer' },
    { type: 'similar', value: 'answer to one' },
  ],
  judge: { model: 'claude:judge', rubric: 'r' },
};
const evaluation: EvaluationRecord = {
  id: 'ev1',
  config,
  status: 'running',
  startedAt: 0,
  finishedAt: null,
  totalTasks: 24,
  doneTasks: 0,
  updatedAt: 0,
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

function setUp(options: { stopAfter?: number; now?: () => number } = {}) {
  const asked: { model: string; messages: ChatMessage[] }[] = [];
  const stored: EvalResponse[] = [];
  const metrics: AnswerMetric[] = [];
  const controller = new AbortController();
  let clock = 0;
  const deps: EvalRunDeps = {
    resolve: (model) =>
      model.startsWith('claude:')
        ? { backend: 'claude', model }
        : { backend: 'transformers', entry: { id: model } as never },
    open: async (ref): Promise<RunnerSession> => {
      const model = 'model' in ref ? ref.model : 'entry' in ref ? (ref.entry as { id: string }).id : 'chrome';
      return {
        async *run(messages) {
          asked.push({ model, messages });
          if (model === 'broken/model') {
            yield {
              type: 'error',
              error: { name: 'TandemError', code: 'model-load-failed', message: '404', retryable: true },
            };
            return;
          }
          const judging = messages[messages.length - 1]!.content.includes('Reply with only a JSON object');
          const parts = judging
            ? answer('{"score": 5, "reason": "fine"}')
            : answer(`answer to ${messages[messages.length - 1]!.content}`);
          for (const p of parts) yield p;
          if (options.stopAfter !== undefined && asked.length >= options.stopAfter) controller.abort();
        },
        close: async () => undefined,
      };
    },
    embedder: () => new HashEmbedder(),
    regex: inlineRegexRunner,
    healthSettings: () => DEFAULT_HEALTH_SETTINGS,
    addMetrics: async (records) => void metrics.push(...records),
    store: async (r) => {
      const i = stored.findIndex((x) => x.id === r.id);
      if (i >= 0) stored[i] = r;
      else stored.push(r);
    },
    log: () => undefined,
    now: options.now ?? (() => ++clock),
    device: () => 'wasm',
  };
  return { deps, asked, stored, metrics, controller };
}

describe('runEvaluation', () => {
  it('stores each answer before its checks run, then with them; Resume checks one left unchecked', async () => {
    const { deps, stored, controller } = setUp();
    const writes: EvalResponse[] = [];
    const store = deps.store;
    deps.store = async (r) => {
      writes.push(r);
      await store(r);
    };
    await runEvaluation(evaluation, [], deps, controller.signal);
    const key = 'good/model|0|0|1';
    const forTask = writes.filter((w) => w.taskKey === key);
    expect(forTask[0]).toMatchObject({ checksPending: true, checks: [], text: 'answer to one' });
    expect(forTask[1]!.checksPending).toBeUndefined();
    expect(forTask[1]!.checks.map((c) => c.type)).toEqual(['contains', 'similar']);
    expect(stored.every((r) => !r.checksPending)).toBe(true);

    // The page died between the two writes: Resume runs that answer's checks, not the model.
    const resumed = setUp();
    const left = { ...forTask[0]! };
    const others = stored.filter((r) => r.taskKey !== key);
    await runEvaluation(evaluation, [left, ...others], resumed.deps, resumed.controller.signal);
    expect(resumed.asked.filter((a) => a.model === 'good/model' && a.messages.length === 1)).toEqual([]);
    const checked = resumed.stored.find((r) => r.taskKey === key)!;
    expect(checked.checksPending).toBeUndefined();
    // Its checks, then the judge's verdict (still pending when the page died).
    expect(checked.checks.map((c) => [c.type, c.passed])).toEqual([
      ['contains', true],
      ['similar', true],
      ['judge', true],
    ]);
  });

  it('prepares the model strings first (the WebLLM list loads), so a model known only after that runs', async () => {
    const { deps, stored, controller } = setUp();
    const webllmId = 'Fake-0.5B-Instruct-q4f32_1-MLC';
    let catalog: string[] = [];
    const resolve = deps.resolve;
    const prepared: (readonly string[])[] = [];
    deps.resolve = (model) =>
      model === webllmId
        ? catalog.includes(model)
          ? { backend: 'webllm', entry: { modelId: model, id: model } as never }
          : { error: 'unknown' }
        : resolve(model);
    deps.prepare = async (models) => {
      prepared.push(models);
      catalog = [webllmId];
    };
    const withWebLLM = { ...evaluation, config: { ...config, models: [webllmId, 'claude:judge'] } };
    await runEvaluation(withWebLLM, [], deps, controller.signal);
    expect(prepared).toEqual([[webllmId, 'claude:judge', 'claude:judge']]);
    const answers = stored.filter((r) => r.model === webllmId);
    expect(answers).toHaveLength(4);
    expect(answers.every((r) => r.status === 'ok')).toBe(true);
  });

  it("with the app's clock every stored response and metric is dated in wall-clock time", async () => {
    const { deps, stored, metrics, controller } = setUp({ now: wallClock });
    await runEvaluation(evaluation, [], deps, controller.signal);
    expect(stored.length).toBeGreaterThan(0);
    expect(metrics.length).toBeGreaterThan(0);
    for (const record of [...stored, ...metrics]) expect(nonWallClockFields(record)).toEqual([]);
  });

  it('runs every task, records a failing model for all its tasks without asking again, scores and judges', async () => {
    const { deps, asked, stored, metrics, controller } = setUp();
    await runEvaluation(evaluation, [], deps, controller.signal);
    expect(stored).toHaveLength(12);
    const broken = stored.filter((r) => r.model === 'broken/model');
    expect(broken.map((r) => r.status)).toEqual(['error', 'error', 'error', 'error']);
    expect(asked.filter((a) => a.model === 'broken/model')).toHaveLength(1);
    // Each prompt saw the earlier prompt and this model's own answer.
    const second = asked.find((a) => a.model === 'good/model' && a.messages.at(-1)!.content === 'two')!;
    expect(second.messages.map((m) => m.content)).toEqual(['one', 'answer to one', 'two']);
    const ok = stored.find((r) => r.model === 'good/model' && r.prompt === 'p1')!;
    expect(ok.checks.map((c) => [c.type, c.passed])).toEqual([
      ['contains', true],
      ['similar', true],
      ['judge', true],
    ]);
    // The answer is the reference text itself: cosine 1 through the embedder.
    expect(ok.checks[1]!.detail).toBe('similarity 1.000 ≥ 0.8');
    expect(ok.health).toMatchObject({ status: expect.any(String) });
    expect(ok.judge).toEqual({ score: 5, reason: 'fine' });
    expect(broken.every((r) => r.judgeStatus === 'none')).toBe(true);
    // Metric records name the evaluation: workbench attempts, then judge attempts.
    expect(metrics.filter((m) => m.source === 'workbench')).toHaveLength(9);
    expect(metrics.filter((m) => m.source === 'judge')).toHaveLength(8);
    expect(metrics[0]).toMatchObject({
      messageId: `workbench:ev1:${ok.taskKey}`,
      conversationId: 'eval:ev1',
    });
  });

  it('the console counts tasks as the bar does (answers + judgings), checks without the judge, and loads only local models', async () => {
    const { deps, controller } = setUp();
    const lines: string[] = [];
    const resolve = deps.resolve;
    const withServer: EvaluationRecord = {
      ...evaluation,
      config: { ...config, models: ['good/model', 'server:llama', 'claude:judge'] },
    };
    const server = (m: string) =>
      m.startsWith('server:') ? { backend: 'server' as const, model: m } : resolve(m);
    const log = (_l: string, t: string) => void lines.push(t);
    await runEvaluation(withServer, [], { ...deps, resolve: server, log }, controller.signal);
    expect(lines[0]).toBe('Starting "Loop": 24 tasks (12 answers + 12 judgings) on 3 models.');
    expect(lines.filter((l) => l.startsWith('Loading '))).toEqual(['Loading good/model…']);
    const ok = lines.find((l) => l.startsWith('good/model · S / p1 · run 1: ok'))!;
    expect(ok).toMatch(/, 2\/2 checks\.$/);
    const resumed: string[] = [];
    const again = setUp();
    await runEvaluation(evaluation, [], again.deps, again.controller.signal);
    const more = { ...setUp(), log: (_l: string, t: string) => void resumed.push(t) };
    await runEvaluation(
      evaluation,
      again.stored.slice(0, 4),
      { ...more.deps, log: more.log },
      more.controller.signal,
    );
    // 4 answers and their 4 judgings are done of 24 tasks.
    expect(resumed[0]).toBe('Resuming "Loop": 16 of 24 tasks left to run.');
  });

  it('a stop keeps the finished responses only, and resume runs just the missing tasks', async () => {
    const first = setUp({ stopAfter: 3 });
    await runEvaluation(evaluation, [], first.deps, first.controller.signal);
    // The third answer finished as the stop came: it is not kept (Resume runs it again).
    expect(first.stored.map((r) => r.taskKey)).toEqual(['good/model|0|0|1', 'good/model|0|1|1']);

    const second = setUp();
    await runEvaluation(evaluation, first.stored, second.deps, second.controller.signal);
    const generation = second.asked.filter((a) => !a.messages.at(-1)!.content.includes('JSON object'));
    expect(generation.filter((a) => a.model === 'good/model')).toHaveLength(2);
    // 10 new responses; the 2 kept ones are only judged (their judge had not run before the stop).
    expect(second.stored).toHaveLength(12);
    expect(second.stored.filter((r) => first.stored.some((f) => f.id === r.id)).map((r) => r.text)).toEqual(
      first.stored.map((r) => r.text),
    );
    // The resumed sequence was sent with the stored answer of its first prompt.
    expect(generation[0]!.messages.map((m) => m.content)).toEqual(['one']);
  });

  it('few-shot memory, when the configuration asks for it, changes what local models are sent, not what is scored', async () => {
    const memoryConfig: EvalConfig = {
      ...config,
      models: ['good/model', 'claude:judge'],
      settings: { ...config.settings, runs: 1, fewShotMemory: true },
    };
    const { deps, asked, stored, controller } = setUp();
    const example: ChatMessage[] = [
      { role: 'user', content: 'an earlier question' },
      { role: 'assistant', content: 'its corrected answer' },
    ];
    deps.withMemory = async (messages) => ({ messages: [...example, ...messages], used: [{}] });
    await runEvaluation({ ...evaluation, config: memoryConfig }, [], deps, controller.signal);
    const local = asked.find((a) => a.model === 'good/model' && a.messages.at(-1)!.content === 'one')!;
    expect(local.messages.map((m) => m.content)).toEqual([
      'an earlier question',
      'its corrected answer',
      'one',
    ]);
    // Claude is not a local model: sent as it is.
    const claude = asked.find((a) => a.model === 'claude:judge' && a.messages.at(-1)!.content === 'one')!;
    expect(claude.messages.map((m) => m.content)).toEqual(['one']);
    // The second prompt carries the model's own earlier answer, not the examples twice.
    const second = asked.find((a) => a.model === 'good/model' && a.messages.at(-1)!.content === 'two')!;
    expect(second.messages.map((m) => m.content)).toEqual([
      'an earlier question',
      'its corrected answer',
      'one',
      'answer to one',
      'two',
    ]);
    expect(stored.find((r) => r.model === 'good/model' && r.prompt === 'p1')!.checks[0]).toMatchObject({
      type: 'contains',
      passed: true,
    });

    // Off (the default): nothing is added even when memory is available.
    const off = setUp();
    off.deps.withMemory = deps.withMemory;
    await runEvaluation(
      {
        ...evaluation,
        config: { ...memoryConfig, settings: { ...memoryConfig.settings, fewShotMemory: false } },
      },
      [],
      off.deps,
      off.controller.signal,
    );
    expect(off.asked.find((a) => a.model === 'good/model')!.messages.map((m) => m.content)).toEqual(['one']);
  });
});
