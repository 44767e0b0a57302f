/**
 * Results in promptfoo's own output file shape (`promptfoo eval -o results.json`: an OutputFile
 * whose `results` is an EvaluateSummaryV3), so promptfoo's viewer and scripts read a Tandem run:
 * one EvaluateResult per response with its promptIdx/testIdx, provider, rendered prompt, vars,
 * `response.output`, `gradingResult` (componentResults per assertion), `success`, `score`,
 * `latencyMs`, `namedScores`, `cost`; one CompletedPrompt per prompt × provider with its metrics;
 * and the run's stats. Tandem's model string is kept in each result's `metadata`.
 */
import type { EvalResponse, EvaluationRecord } from '../../../core/evaluation';
import { aggregate } from './assertions';
import type { PfComponent, PfPlan } from '../../../core/promptfoo';

/** promptfoo's ResultFailureReason. */
const FAILURE = { none: 0, assert: 1, error: 2 } as const;

function rawPrompt(plan: PfPlan, sequenceIndex: number): string {
  const messages = plan.cases[sequenceIndex]?.messages ?? [];
  if (messages.length === 1 && messages[0]!.role === 'user') return messages[0]!.content;
  return JSON.stringify(messages);
}

function componentResult(c: PfComponent) {
  return {
    pass: c.pass,
    score: c.score,
    reason: c.reason,
    assertion: {
      type: c.type,
      ...(c.value !== undefined ? { value: c.value } : {}),
      ...(c.threshold !== undefined ? { threshold: c.threshold } : {}),
      ...(c.weight !== 1 ? { weight: c.weight } : {}),
      ...(c.metric ? { metric: c.metric } : {}),
    },
  };
}

const emptyUsage = () => ({ total: 0, prompt: 0, completion: 0, cached: 0, numRequests: 0 });

export function promptfooResults(evaluation: EvaluationRecord, responses: readonly EvalResponse[]): object {
  const plan = evaluation.promptfoo;
  if (!plan) throw new Error('This evaluation was not imported from promptfoo.');
  const models = evaluation.config.models;
  const ordered = [...responses].sort(
    (a, b) =>
      a.sequenceIndex - b.sequenceIndex || models.indexOf(a.model) - models.indexOf(b.model) || a.run - b.run,
  );
  const providerOf = (model: string) => {
    const p = plan.providers[model] ?? { id: model };
    return { id: p.id, ...(p.label ? { label: p.label } : {}) };
  };
  const stats = { successes: 0, failures: 0, errors: 0, tokenUsage: emptyUsage() };
  const metrics = new Map<string, ReturnType<typeof newMetrics>>();
  const results = ordered.map((r) => {
    const c = plan.cases[r.sequenceIndex]!;
    const failed = r.status === 'error';
    const grading = r.grading ?? aggregate([], c.threshold);
    const success = !failed && grading.pass;
    const score = failed ? 0 : grading.score;
    const cost = r.model.startsWith('claude:') ? undefined : 0;
    const tokens = r.outputTokens ?? 0;
    if (failed) stats.errors++;
    else if (success) stats.successes++;
    else stats.failures++;
    stats.tokenUsage.total += tokens;
    stats.tokenUsage.completion += tokens;
    stats.tokenUsage.numRequests++;
    const key = `${c.promptIndex}|${r.model}`;
    const m = metrics.get(key) ?? newMetrics();
    metrics.set(key, m);
    m.score += score;
    m.testPassCount += success ? 1 : 0;
    m.testFailCount += !failed && !success ? 1 : 0;
    m.testErrorCount += failed ? 1 : 0;
    m.assertPassCount += grading.components.filter((x) => x.pass).length;
    m.assertFailCount += grading.components.filter((x) => !x.pass).length;
    m.totalLatencyMs += r.durationMs;
    m.tokenUsage.total += tokens;
    m.tokenUsage.completion += tokens;
    m.tokenUsage.numRequests++;
    for (const [name, value] of Object.entries(grading.namedScores)) {
      m.namedScores[name] = (m.namedScores[name] ?? 0) + value;
      m.namedScoresCount[name] = (m.namedScoresCount[name] ?? 0) + 1;
    }
    const prompt = plan.prompts[c.promptIndex]!;
    return {
      id: r.id,
      promptIdx: c.promptIndex,
      testIdx: c.testIndex,
      testCase: {
        ...(c.description ? { description: c.description } : {}),
        vars: c.vars,
        assert: c.assert,
        ...(c.threshold !== undefined ? { threshold: c.threshold } : {}),
      },
      promptId: `prompt-${c.promptIndex}`,
      provider: providerOf(r.model),
      prompt: { raw: rawPrompt(plan, r.sequenceIndex), label: prompt.label || String(c.promptIndex) },
      vars: c.vars,
      response: { output: r.text, tokenUsage: { total: tokens, completion: tokens } },
      error: failed ? (r.errorMessage ?? r.errorCode ?? 'error') : null,
      failureReason: failed ? FAILURE.error : success ? FAILURE.none : FAILURE.assert,
      success,
      score,
      latencyMs: Math.round(r.durationMs),
      gradingResult: failed
        ? null
        : {
            pass: grading.pass,
            score: grading.score,
            reason: grading.reason,
            namedScores: grading.namedScores,
            componentResults: grading.components.map(componentResult),
          },
      namedScores: failed ? {} : grading.namedScores,
      ...(cost !== undefined ? { cost } : {}),
      metadata: { tandemModel: r.model, run: r.run, status: r.status },
    };
  });
  const prompts = plan.prompts.flatMap((p, promptIndex) =>
    models.map((model) => {
      const provider = providerOf(model);
      return {
        raw: p.raw,
        label: p.label || String(promptIndex),
        provider: provider.label ?? provider.id,
        metrics: metrics.get(`${promptIndex}|${model}`) ?? newMetrics(),
      };
    }),
  );
  return {
    evalId: evaluation.id,
    results: {
      version: 3,
      timestamp: new Date(evaluation.startedAt).toISOString(),
      prompts,
      results,
      stats,
    },
    config: {
      description: plan.description,
      prompts: plan.prompts.map((p) => p.raw),
      providers: models.map(providerOf),
    },
    shareableUrl: null,
  };
}

function newMetrics() {
  return {
    score: 0,
    testPassCount: 0,
    testFailCount: 0,
    testErrorCount: 0,
    assertPassCount: 0,
    assertFailCount: 0,
    totalLatencyMs: 0,
    tokenUsage: emptyUsage(),
    namedScores: {} as Record<string, number>,
    namedScoresCount: {} as Record<string, number>,
    cost: 0,
  };
}

export function promptfooFileName(evaluation: EvaluationRecord): string {
  const name =
    evaluation.config.name
      .replace(/[^\p{L}\p{N} _-]+/gu, '')
      .trim()
      .replace(/\s+/g, '-') || 'evaluation';
  return `tandem-eval-${name.slice(0, 60)}.promptfoo.json`;
}
