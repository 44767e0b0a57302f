/**
 * A promptfoo evaluation inside the workbench's runner: the messages a task sends (the rendered
 * prompt, chat lists as given), the assertions on each answer (`similar` through the shared
 * sentence encoder), and the grader pass for `llm-rubric` / `model-graded-closedqa` through the
 * existing judge (its JSON verdict of 1-5; promptfoo's score is (verdict - 1) / 4, and a verdict
 * of 3 or more passes unless the assertion sets a `threshold` on that score).
 */
import { collectAnswer } from '../../../core/answers/collect';
import { toAnswerMetrics } from '../../../core/answers/metric';
import { attemptMessage, metricIds } from '../health';
import { JUDGE_MAX_TOKENS, JUDGE_PASS_SCORE, judgeMessages, parseVerdict } from '../judge';
import type { EvalTask } from '../planner';
import type { CheckResult, EvalResponse, EvaluationRecord, JudgeStatus } from '../../../core/evaluation';
import { cosine } from '../../../core/vectors';
import type { ChatMessage, ProviderKind, Usage } from '../../../core/provider';
import { costUsd } from '../../../providers/claude/pricing';
import type { EvalRunDeps } from '../eval-deps';
import { aggregate, baseType, runAssertion } from './assertions';
import type { PfCase, PfComponent, PfGrading } from '../../../core/promptfoo';

export function caseOf(evaluation: EvaluationRecord, sequenceIndex: number): PfCase | null {
  return evaluation.promptfoo?.cases[sequenceIndex] ?? null;
}

/** The messages of a promptfoo task: the settings' system prompt (when the prompt has none), then the prompt's. */
export function promptfooMessages(evaluation: EvaluationRecord, task: EvalTask): ChatMessage[] | null {
  const c = caseOf(evaluation, task.sequenceIndex);
  if (!c) return null;
  const system = evaluation.config.settings.systemPrompt?.trim();
  const messages = c.messages.map((m) => ({ ...m }));
  return system && messages[0]?.role !== 'system'
    ? [{ role: 'system', content: system }, ...messages]
    : messages;
}

export function checksOf(grading: PfGrading): CheckResult[] {
  return grading.components.map((c) => ({ type: c.type, passed: c.pass, detail: c.reason }));
}

export interface Scored {
  grading: PfGrading;
  checks: CheckResult[];
  judgeStatus: JudgeStatus;
}

/** The case's assertions on one answer; model-graded ones wait for `gradeAll`. */
export async function scorePromptfoo(
  c: PfCase,
  answer: { text: string; latencyMs: number; kind: ProviderKind; model?: string; usage?: Usage | undefined },
  deps: Pick<EvalRunDeps, 'embedder' | 'regex'>,
): Promise<Scored> {
  const embedder = deps.embedder();
  const similarity = embedder
    ? async (a: string, b: string): Promise<number | null> => {
        try {
          const [x, y] = await embedder.embed([a, b]);
          return cosine(x!, y!);
        } catch {
          return null;
        }
      }
    : undefined;
  const context = {
    output: answer.text,
    latencyMs: answer.latencyMs,
    cost: answerCost(answer),
    regex: deps.regex,
    ...(similarity ? { similarity } : {}),
  };
  const components: PfComponent[] = [];
  for (const a of c.assert) components.push(await runAssertion(a, context));
  const grading = aggregate(components, c.threshold);
  const pending = components.some((x) => x.pending);
  return { grading, checks: checksOf(grading), judgeStatus: pending ? 'pending' : 'none' };
}

/** Local engines cost nothing; Claude's usage at its list price (null: unknown model or no usage). */
export function answerCost(answer: {
  kind: ProviderKind;
  model?: string;
  usage?: Usage | undefined;
}): number | null {
  if (answer.kind !== 'claude') return 0;
  const model = answer.model?.replace(/^claude:/, '');
  return answer.usage && model ? costUsd(answer.usage, model) : null;
}

function rubricFor(type: string, value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return type === 'model-graded-closedqa' ? `Does the answer meet this criterion: ${text}` : text;
}

/** promptfoo's result of one model-graded assertion from the judge's answer. */
export function gradedComponent(component: PfComponent, raw: string | null, error?: string): PfComponent {
  const { base, inverse } = baseType(component.type);
  const { pending: _pending, ...rest } = component;
  if (raw === null)
    return { ...rest, pass: false, score: 0, reason: `grader failed: ${error ?? 'unknown error'}` };
  const verdict = parseVerdict(raw);
  if (!verdict.ok) {
    return {
      ...rest,
      pass: false,
      score: 0,
      reason: `malformed grader answer (${verdict.problem}): ${raw.trim().slice(0, 80)}`,
    };
  }
  let score = (verdict.score - 1) / 4;
  const threshold = component.threshold;
  let pass = threshold === undefined ? verdict.score >= JUDGE_PASS_SCORE : score >= threshold;
  if (inverse) {
    pass = !pass;
    score = 1 - score;
  }
  return {
    ...rest,
    type: inverse ? `not-${base}` : base,
    pass,
    score,
    reason: `score ${verdict.score}/5: ${verdict.reason}`,
  };
}

/**
 * The grader pass: each response waiting for a model-graded verdict is sent, assertion by
 * assertion, to the grader model (one session), and its grading is recomputed and stored.
 */
export async function gradeAll(
  evaluation: EvaluationRecord,
  responses: EvalResponse[],
  deps: EvalRunDeps,
  signal: AbortSignal,
): Promise<void> {
  const grader = evaluation.promptfoo?.grader;
  const waiting = responses.filter((r) => r.judgeStatus === 'pending');
  if (!grader || waiting.length === 0) return;
  deps.log('info', `Grading ${waiting.length} answers with ${grader}…`);
  const ref = deps.resolve(grader);
  const session = 'error' in ref ? null : await deps.open(ref, signal).catch(() => null);
  try {
    for (const response of waiting) {
      if (signal.aborted) return;
      const c = caseOf(evaluation, response.sequenceIndex);
      const grading = response.grading;
      if (!c || !grading) continue;
      const question = [...c.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
      const components: PfComponent[] = [];
      let first: { score: number; reason: string } | null = null;
      let status: JudgeStatus = 'ok';
      for (const [i, component] of grading.components.entries()) {
        if (!component.pending) {
          components.push(component);
          continue;
        }
        const assertion = c.assert[i];
        let raw: string | null = null;
        let error = 'error' in ref ? ref.error : 'the grader model could not be loaded';
        if (session && assertion) {
          const ids = metricIds(evaluation.id, `${response.taskKey}|${i}`, 'judge');
          const kind: ProviderKind = 'error' in ref ? 'transformers' : ref.backend;
          const message = attemptMessage(ids, { kind, id: grader, label: grader }, deps.now());
          const { final, attempts } = await collectAnswer(
            session.run(
              judgeMessages(
                rubricFor(baseType(assertion.type).base, assertion.value),
                question,
                response.text,
              ),
              { temperature: 0, topP: 1, maxTokens: JUDGE_MAX_TOKENS },
              signal,
            ),
            message,
            { now: () => deps.now() },
          );
          if (signal.aborted) return;
          await deps
            .addMetrics(toAnswerMetrics(final, attempts, { source: 'judge', device: deps.device() }))
            .catch(() => undefined);
          if (final.status === 'error') error = final.error?.message ?? 'unknown error';
          else raw = final.content;
        }
        const verdict = raw === null ? null : parseVerdict(raw);
        if (!verdict) status = 'error';
        else if (!verdict.ok) status = status === 'error' ? status : 'malformed';
        else first ??= { score: verdict.score, reason: verdict.reason };
        components.push(gradedComponent({ ...component, ...thresholdOf(assertion) }, raw, error));
      }
      const regraded = aggregate(components, c.threshold);
      const updated: EvalResponse = {
        ...response,
        grading: regraded,
        checks: checksOf(regraded),
        judgeStatus: first ? 'ok' : status,
        judge: first,
      };
      const label = `${response.model} · ${response.sequence} / ${response.prompt}`;
      deps.log(
        regraded.pass ? 'ok' : 'error',
        `Graded ${label}: ${regraded.pass ? 'pass' : 'fail'}, score ${regraded.score.toFixed(2)}.`,
      );
      responses[responses.indexOf(response)] = updated;
      await deps.store(updated);
    }
  } finally {
    await session?.close();
  }
}

function thresholdOf(a: { threshold?: number } | undefined): { threshold?: number } {
  return a?.threshold !== undefined ? { threshold: a.threshold } : {};
}
