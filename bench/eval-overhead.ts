/**
 * The Evaluate workbench's own cost per task (planning, collecting the stream, checks, storing
 * the response and its metric records, progress) against the model's time, on the generated
 * test chat model, in the same run.
 *
 *   npm run fixtures && npx tsx bench/eval-overhead.ts [--runs 4]
 *
 * Run A drives `runEvaluation` (the workbench's real loop) with tandem-test/tiny-chat through
 * transformers.js on onnxruntime-node, storing into IndexedDB (fake-indexeddb in Node), and
 * times the model separately; run B replays the same answers with no model at all, so its time
 * per task is the workbench's overhead alone. Health scoring and `similar` checks need the
 * sentence embedder (a model: see the health-latency benchmark) and are left out. Run C replays
 * them through an imported promptfoo suite of the same size (4 tests × 1 prompt, 4 assertions
 * each): the promptfoo path's own overhead beside the version-1 one.
 * Writes the "Evaluate overhead" section of bench/REPORT.md.
 */
import 'fake-indexeddb/auto';
import { execSync } from 'node:child_process';
import path from 'node:path';
import { env, pipeline, TextStreamer, type TextGenerationPipeline } from '@huggingface/transformers';
import { AnswerMetricRepository } from '../src/platform/db/answer-metrics';
import { EvaluationRepository } from '../src/platform/db/evaluations';
import { openAppDb } from '../src/platform/db/schema';
import { DEFAULT_HEALTH_SETTINGS } from '../src/features/health';
import type { EvalConfig } from '../src/core/eval-config';
import { doneCount, planTasks, totalTasks } from '../src/features/eval/planner';
import type { EvalResponse, EvaluationRecord } from '../src/core/evaluation';
import type { PfPlan } from '../src/core/promptfoo';
import { buildPlan } from '../src/features/eval/promptfoo/plan';
import type { ChatMessage, StreamPart } from '../src/core/provider';
import { runEvaluation } from '../src/features/eval/eval-run';
import { type EvalRunDeps } from '../src/features/eval/eval-deps';
import type { RunnerSession } from '../src/features/models/model-runner';
import { BENCH_ROOT, writeReportSection } from './report';
import { inlineRegexRunner } from '../src/features/eval/testing/inline-regex';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 4;
const MODEL = 'tandem-test/tiny-chat';
const baseConfig: EvalConfig = {
  version: 1,
  name: 'Overhead',
  models: [MODEL],
  sequences: [
    {
      name: 'Chat',
      prompts: [
        { name: 'Hello', text: 'Say hello.' },
        { name: 'More', text: 'And then?' },
        { name: 'End', text: 'Finish.' },
      ],
    },
    { name: 'Code', prompts: [{ name: 'Code', text: 'Show some code please.' }] },
  ],
  settings: { runs, maxTokens: 64, temperature: 0, systemPrompt: 'Be brief.' },
  checks: [
    { type: 'contains', value: 'hello' },
    { type: 'not-contains', value: 'As an AI' },
    { type: 'regex', value: '\\w+\\(' },
    { type: 'max-length', value: 400 },
  ],
};

/** The same prompts as a promptfoo suite: one `{{q}}` prompt, a test per prompt, 4 assertions each. */
function promptfooPlan(): { config: EvalConfig; plan: PfPlan } {
  const assert = [
    { type: 'icontains', value: 'hello' },
    { type: 'not-contains', value: 'As an AI' },
    { type: 'regex', value: '\\w+\\(' },
    { type: 'contains-any', value: ['a', 'e'] },
  ];
  const tests = baseConfig.sequences
    .flatMap((s) => s.prompts)
    .map((p) => ({ vars: { q: p.text }, assert, options: {} }));
  const built = buildPlan(
    {
      description: 'Overhead (promptfoo)',
      prompts: [{ label: 'q', raw: '{{ q }}' }],
      providers: [{ id: 'p' }],
      tests,
      skipped: {},
    },
    { models: [MODEL], settings: baseConfig.settings },
  );
  if (!built.ok) throw new Error(built.message);
  return built;
}

/** A session whose answers come from `answer` (the model, or a replay). */
function session(
  answer: (messages: ChatMessage[]) => Promise<{ text: string; tokens: number }>,
): RunnerSession {
  return {
    async *run(messages): AsyncGenerator<StreamPart> {
      const started = performance.now();
      const { text, tokens } = await answer(messages);
      for (const piece of text.match(/\S+\s*/g) ?? []) yield { type: 'text-delta', text: piece };
      const totalMs = performance.now() - started;
      yield {
        type: 'finish',
        reason: 'stop',
        usage: { inputTokens: 20, outputTokens: tokens },
        timings: { timeToFirstTokenMs: null, totalMs, tokensPerSecond: null },
      };
    },
    close: async () => undefined,
  };
}

async function runOnce(
  label: string,
  s: RunnerSession,
  pf?: { config: EvalConfig; plan: PfPlan },
): Promise<{ wallMs: number; tasks: number; storeMs: number }> {
  const config = pf?.config ?? baseConfig;
  const db = await openAppDb(`bench-${label}-${Math.random()}`);
  const repo = new EvaluationRepository(db);
  const metrics = new AnswerMetricRepository(db);
  let evaluation: EvaluationRecord = {
    id: `ev_${label}`,
    config,
    status: 'running',
    startedAt: Date.now(),
    finishedAt: null,
    totalTasks: totalTasks(config),
    doneTasks: 0,
    updatedAt: Date.now(),
    ...(pf ? { promptfoo: pf.plan } : {}),
  };
  await repo.put(evaluation);
  const stored: EvalResponse[] = [];
  let storeMs = 0;
  const deps: EvalRunDeps = {
    open: async () => s,
    resolve: () => ({ backend: 'claude', model: MODEL }),
    embedder: () => null,
    regex: inlineRegexRunner,
    healthSettings: () => DEFAULT_HEALTH_SETTINGS,
    addMetrics: (records) => metrics.add(records),
    store: async (response) => {
      const t = performance.now();
      stored.push(response);
      evaluation = { ...evaluation, doneTasks: doneCount(config, stored), updatedAt: Date.now() };
      await repo.putResponse(response, evaluation);
      storeMs += performance.now() - t;
    },
    log: () => undefined,
    now: () => performance.now(),
    device: () => 'cpu',
  };
  const t0 = performance.now();
  await runEvaluation(evaluation, [], deps, new AbortController().signal);
  const wallMs = performance.now() - t0;
  if (stored.length !== planTasks(config).length || stored.some((r) => r.status !== 'ok')) {
    throw new Error(
      `${label}: expected ${planTasks(config).length} ok responses, got ${stored.map((r) => r.status).join(',')}`,
    );
  }
  db.close();
  return { wallMs, tasks: stored.length, storeMs };
}

async function main(): Promise<void> {
  env.allowRemoteModels = false;
  env.localModelPath = `${path.join(BENCH_ROOT, '.cache/models')}/`;
  const generator = (await pipeline('text-generation', MODEL, {
    device: 'cpu',
    dtype: 'fp32',
  })) as TextGenerationPipeline;
  const recorded: { text: string; tokens: number }[] = [];
  let modelMs = 0;
  const model = async (messages: ChatMessage[]) => {
    const t = performance.now();
    let text = '';
    const streamer = new TextStreamer(generator.tokenizer, {
      skip_prompt: true,
      skip_special_tokens: true,
      callback_function: (x: string) => (text += x),
    });
    await generator(messages, { max_new_tokens: baseConfig.settings.maxTokens, do_sample: false, streamer });
    const tokens = generator.tokenizer.encode(text).length;
    modelMs += performance.now() - t;
    recorded.push({ text, tokens });
    return { text, tokens };
  };
  await model([{ role: 'user', content: 'warm up' }]);
  recorded.length = 0;
  modelMs = 0;
  const a = await runOnce('model', session(model));
  let i = 0;
  const replay = async () => recorded[i++ % recorded.length]!;
  await runOnce('warm', session(replay)); // warm-up of the replay path
  i = 0;
  const b = await runOnce('replay', session(replay));
  i = 0;
  await runOnce('pf-warm', session(replay), promptfooPlan());
  i = 0;
  const c = await runOnce('promptfoo', session(replay), promptfooPlan());

  const perTask = (ms: number, n: number): string => (ms / n).toFixed(2);
  const overheadA = a.wallMs - modelMs;
  const load = execSync('uptime').toString().trim();
  const body = `## Evaluate overhead (per task)

\`npm run fixtures && npx tsx bench/eval-overhead.ts --runs ${runs}\` — ${a.tasks} tasks (1 model × ${runs} runs × 4 prompts in 2 sequences, 4 text checks each, max ${baseConfig.settings.maxTokens} tokens), through the workbench's real loop (\`runEvaluation\`) storing into IndexedDB (fake-indexeddb), Node ${process.version}, same run.

| | ms per task |
|---|---:|
| Model: ${MODEL} on onnxruntime-node CPU (greedy, ~${Math.round(recorded.reduce((n, r) => n + r.tokens, 0) / recorded.length)} tokens) | ${perTask(modelMs, a.tasks)} |
| Workbench overhead in the model run (wall − model) | ${perTask(overheadA, a.tasks)} |
| Workbench overhead alone (same answers replayed, no model) | ${perTask(b.wallMs, b.tasks)} |
| of which storing the response + progress (one transaction) | ${perTask(b.storeMs, b.tasks)} |
| promptfoo suite of the same size, overhead alone (same answers replayed, 4 assertions each) | ${perTask(c.wallMs, c.tasks)} |

- Overhead / model time: **${((b.wallMs / b.tasks / (modelMs / a.tasks)) * 100).toFixed(1)}%** replayed, ${((overheadA / modelMs) * 100).toFixed(1)}% inside the model run (which also counts the work between the model's tokens and garbage collection), on the tiny test model (2 layers, hidden 32: nearly free). A real 0.5B model takes seconds per answer, so the workbench's share there is far smaller.
- promptfoo path / version-1 path (both replayed, same run): **${(c.wallMs / c.tasks / (b.wallMs / b.tasks)).toFixed(2)}×**.
- Not included: health scoring and \`similar\` checks (the sentence embedder is a model; see the health-latency section), and Chromium's real IndexedDB (fake-indexeddb runs in Node).
- Load: \`${load}\`.
`;
  await writeReportSection('eval-overhead', body);
  console.log(body);
}

await main();
