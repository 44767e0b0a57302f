/**
 * Runs one evaluation (or the rest of one): the pending tasks model after model, each model held
 * in one ModelRunner session (loaded once), every response scored and stored as it completes,
 * then the judge pass. Plain TypeScript with its dependencies injected; EvalState shows it.
 */
import { collectAnswer, type Attempt } from '../../core/answers/collect';
import { toAnswerMetrics } from '../../core/answers/metric';
import type { SerializedError } from '../../core/errors';
import { HealthTracker } from '../health';
import { attemptMessage, metricIds, responseHealth } from './health';
import { doneCount, groupByModel, messagesFor, pendingTasks, planTasks, type EvalTask } from './planner';
import { describeChecks, taskCounts } from './task-words';
import type { EvalResponse, EvaluationRecord, ResponseStatus } from '../../core/evaluation';
import type { ChatMessage, GenerationSettings, ProviderKind } from '../../core/provider';
import { caseOf, gradeAll, promptfooMessages, scorePromptfoo } from './promptfoo/runtime';
import { runSettings, seedNote } from './run-settings';
import { judgeAll } from './eval-judge';
import { checkPending, scoreChecks } from './eval-checks';
import { kindOf, type EvalRunDeps } from './eval-deps';
import type { RunnerSession } from '../models';

/** Error codes after which a model's other tasks are recorded as failed without trying again. */
const WHOLE_MODEL_FAILURES = new Set(['model-load-failed', 'invalid-api-key', 'webgpu-unavailable']);

const STATUS: Record<Attempt['status'], ResponseStatus> = {
  ok: 'ok',
  cut: 'cut',
  stopped: 'stopped',
  error: 'error',
  escalated: 'ok',
};

const ms = (x: number): string => `${Math.round(x)} ms`;

/** Claude and the user's server answer over the network: nothing of theirs loads here. */
const isRemote = (backend: string): boolean => backend === 'claude' || backend === 'server';

export async function runEvaluation(
  evaluation: EvaluationRecord,
  existing: readonly EvalResponse[],
  deps: EvalRunDeps,
  signal: AbortSignal,
): Promise<EvalResponse[]> {
  const config = evaluation.config;
  await deps.prepare?.([...config.models, ...(config.judge ? [config.judge.model] : [])]);
  const responses = await checkPending(config, existing, deps);
  const answers = new Map(existing.map((r) => [r.taskKey, r.text]));
  const plan = planTasks(config);
  const pending = pendingTasks(plan, new Set(answers.keys()));
  // Counted in the progress bar's unit: a task is one answer or one judging.
  const counts = taskCounts(config);
  const parts = counts.judgings ? ` (${counts.answers} answers + ${counts.judgings} judgings)` : '';
  deps.log(
    'info',
    existing.length > 0
      ? `Resuming "${config.name}": ${counts.total - doneCount(config, existing)} of ${counts.total} tasks left to run.`
      : `Starting "${config.name}": ${counts.total} tasks${parts} on ${config.models.length} models.`,
  );
  const settings = runSettings(config.settings);
  const groups = groupByModel(pending);
  const isLocal = (model: string) => {
    const ref = deps.resolve(model);
    return !('error' in ref) && !isRemote(ref.backend);
  };
  deps.pace?.planned(groups.filter((g) => isLocal(g.model)).length);
  for (const group of groups) {
    if (signal.aborted) break;
    const ref = deps.resolve(group.model);
    let failure: SerializedError | null = null;
    let session: RunnerSession | null = null;
    if ('error' in ref) {
      failure = { name: 'TandemError', code: 'not-found', message: ref.error, retryable: false };
    } else {
      // A remote model has nothing to load.
      if (!isRemote(ref.backend)) deps.log('info', `Loading ${group.model}…`);
      const t0 = deps.now();
      try {
        session = await deps.open(ref, signal);
        if (!isRemote(ref.backend)) {
          deps.pace?.loaded(deps.now() - t0);
          deps.log('info', `${group.model} ready in ${ms(deps.now() - t0)}.`);
        }
      } catch (error) {
        if (signal.aborted) break; // Stop cancelled the load: nothing failed, Resume runs it
        const message = error instanceof Error ? error.message : String(error);
        failure = { name: 'TandemError', code: 'model-load-failed', message, retryable: true };
      }
    }
    if (failure) deps.log('error', `${group.model} cannot run: ${failure.message}`);
    const note = 'backend' in ref ? seedNote(config.settings, group.model, ref.backend) : null;
    if (note && !failure) deps.log('info', note);
    const trackers = new Map<string, HealthTracker>();
    try {
      for (const task of group.tasks) {
        if (signal.aborted) break;
        const response = failure
          ? failedResponse(evaluation, task, failure, deps.now())
          : await runTask(evaluation, task, session!, kindOf(ref), settings, answers, trackers, deps, signal);
        if (!response) break; // stopped mid-answer: not stored, Resume runs it again
        if (!failure && response.status === 'error' && WHOLE_MODEL_FAILURES.has(response.errorCode ?? '')) {
          failure = {
            name: 'TandemError',
            code: response.errorCode as SerializedError['code'],
            message: response.errorMessage ?? 'failed',
            retryable: true,
          };
          deps.log(
            'error',
            `${group.model} failed (${failure.message}); its other tasks are recorded as failed.`,
          );
        }
        answers.set(task.key, response.text);
        responses.push(response);
        await deps.store(response);
      }
    } finally {
      await session?.close();
    }
  }
  if (!signal.aborted && evaluation.promptfoo) await gradeAll(evaluation, responses, deps, signal);
  else if (!signal.aborted && config.judge) await judgeAll(evaluation, responses, deps, signal);
  return responses;
}

function baseResponse(evaluation: EvaluationRecord, task: EvalTask, now: number) {
  const sequence = evaluation.config.sequences[task.sequenceIndex]!;
  return {
    id: `${evaluation.id}|${task.key}`,
    evaluationId: evaluation.id,
    taskKey: task.key,
    model: task.model,
    sequenceIndex: task.sequenceIndex,
    sequence: sequence.name,
    promptIndex: task.promptIndex,
    prompt: sequence.prompts[task.promptIndex]!.name,
    run: task.run,
    createdAt: now,
  };
}

function failedResponse(
  evaluation: EvaluationRecord,
  task: EvalTask,
  error: SerializedError,
  now: number,
): EvalResponse {
  return {
    ...baseResponse(evaluation, task, now),
    text: '',
    status: 'error',
    errorCode: error.code,
    errorMessage: error.message,
    ttftMs: null,
    tokensPerSecond: null,
    outputTokens: null,
    durationMs: 0,
    health: null,
    checks: [],
    judgeStatus: 'none',
    judge: null,
    judgeRaw: null,
  };
}

async function runTask(
  evaluation: EvaluationRecord,
  task: EvalTask,
  session: RunnerSession,
  kind: ProviderKind,
  settings: GenerationSettings,
  answers: ReadonlyMap<string, string>,
  trackers: Map<string, HealthTracker>,
  deps: EvalRunDeps,
  signal: AbortSignal,
): Promise<EvalResponse | null> {
  const config = evaluation.config;
  const messages = promptfooMessages(evaluation, task) ?? messagesFor(task, config, answers);
  const label = `${task.model} · ${config.sequences[task.sequenceIndex]!.name} / ${config.sequences[task.sequenceIndex]!.prompts[task.promptIndex]!.name} · run ${task.run}`;
  deps.log('info', `${label}: asking…`);
  const ids = metricIds(evaluation.id, task.key, 'workbench');
  // Memory changes only what the model is sent; checks and health look at the task's own turns.
  const memory =
    config.settings.fewShotMemory && kind !== 'claude' && deps.withMemory
      ? await deps.withMemory(messages)
      : null;
  if (memory) deps.log('info', `${label}: few-shot memory added ${memory.used.length} example(s).`);
  const message = attemptMessage(ids, { kind, id: task.model, label: task.model }, deps.now());
  const sent = memory?.messages ?? messages;
  const { final, attempts } = await collectAnswer(session.run(sent, settings, signal), message, {
    now: () => deps.now(),
  });
  if (signal.aborted) {
    deps.log('info', `${label}: stopped (not kept; Resume runs it again).`);
    return null;
  }
  const attempt = attempts[attempts.length - 1];
  const metrics = toAnswerMetrics(final, attempts, { source: 'workbench', device: deps.device() });
  await deps.addMetrics(metrics).catch(() => undefined);
  const metric = metrics[metrics.length - 1];
  const status = attempt ? STATUS[attempt.status] : 'error';
  const text = final.content;
  const pf = caseOf(evaluation, task.sequenceIndex);
  const unchecked: EvalResponse = {
    ...baseResponse(evaluation, task, deps.now()),
    text,
    status,
    errorCode: final.error?.code ?? null,
    errorMessage: final.error?.message ?? null,
    ttftMs: metric?.ttftMs ?? null,
    tokensPerSecond: metric?.decodeTokensPerSecond ?? final.timings?.tokensPerSecond ?? null,
    outputTokens: metric?.outputTokens ?? null,
    durationMs: metric?.totalMs ?? 0,
    health: null,
    checks: [],
    judgeStatus: !pf && config.judge && status !== 'error' ? 'pending' : 'none',
    judge: null,
    judgeRaw: null,
  };
  if (status === 'error') return logged(unchecked, label, deps);
  // The answer is stored first: whatever the checks do, it is kept (Resume runs them again).
  await deps.store({ ...unchecked, checksPending: true });
  const answer = { text, latencyMs: metric?.totalMs ?? 0, kind, model: task.model, usage: attempt?.usage };
  const scored = pf ? await scorePromptfoo(pf, answer, deps) : null;
  const checks = scored?.checks ?? (pf ? [] : await scoreChecks(config, text, deps));
  const health = await scoreHealth(task, messages, text, trackers, deps);
  const graded = scored ? { grading: scored.grading, judgeStatus: scored.judgeStatus } : {};
  return logged({ ...unchecked, checks, health, ...graded }, label, deps);
}

/** Logs a finished task's outcome and returns it. */
function logged(response: EvalResponse, label: string, deps: EvalRunDeps): EvalResponse {
  const status = response.status;
  if (status === 'error') deps.log('error', `${label}: failed: ${response.errorMessage ?? 'unknown error'}`);
  else {
    const tps = response.tokensPerSecond === null ? '' : `, ${response.tokensPerSecond.toFixed(1)} tok/s`;
    const ttft = response.ttftMs === null ? 'no text' : `TTFT ${ms(response.ttftMs)}`;
    const tally = describeChecks(response.checks);
    const passed = tally ? `, ${tally}` : '';
    deps.log(
      'ok',
      `${label}: ${status}, ${ttft}${tps}, ${response.outputTokens ?? '?'} tokens, ${ms(response.durationMs)}${passed}.`,
    );
  }
  return response;
}

/** The health report of this answer in its sequence (one tracker per run and sequence). */
async function scoreHealth(
  task: EvalTask,
  messages: ChatMessage[],
  text: string,
  trackers: Map<string, HealthTracker>,
  deps: EvalRunDeps,
): Promise<EvalResponse['health']> {
  const embedder = deps.embedder();
  if (!embedder) return null;
  try {
    const key = `${task.run}|${task.sequenceIndex}`;
    let tracker = trackers.get(key);
    if (!tracker) {
      tracker = new HealthTracker(embedder, deps.healthSettings());
      trackers.set(key, tracker);
      // A resumed sequence: the earlier turns first, so this answer is judged in its context.
      const earlier = messages.filter((m) => m.role !== 'system').slice(0, -1);
      for (let i = 0; i + 1 < earlier.length; i += 2) {
        await tracker.addTurn({ user: earlier[i]!.content, assistant: earlier[i + 1]!.content });
      }
    }
    const { report } = await tracker.addTurn({
      user: messages[messages.length - 1]!.content,
      assistant: text,
    });
    return responseHealth(report);
  } catch {
    return null;
  }
}
