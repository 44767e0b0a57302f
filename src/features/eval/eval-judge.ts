/**
 * The judge pass of an evaluation: every response still waiting for a verdict is sent, with the
 * rubric, to the judge model (one ModelRunner session), and its JSON verdict, or the fact that the
 * answer was malformed, is stored with the response.
 */
import { collectAnswer } from '../../core/answers/collect';
import { toAnswerMetrics } from '../../core/answers/metric';
import { attemptMessage, metricIds } from './health';
import { judgeCheck, judgeMessages, JUDGE_MAX_TOKENS, parseVerdict } from './judge';
import type { EvalResponse, EvaluationRecord } from '../../core/evaluation';
import { kindOf, type EvalRunDeps } from './eval-deps';

export async function judgeAll(
  evaluation: EvaluationRecord,
  responses: EvalResponse[],
  deps: EvalRunDeps,
  signal: AbortSignal,
): Promise<void> {
  const judge = evaluation.config.judge;
  const waiting = responses.filter((r) => r.judgeStatus === 'pending');
  if (!judge || waiting.length === 0) return;
  deps.log('info', `Judging ${waiting.length} answers with ${judge.model}…`);
  const ref = deps.resolve(judge.model);
  const session = 'error' in ref ? null : await deps.open(ref, signal).catch(() => null);
  try {
    for (const response of waiting) {
      if (signal.aborted) return;
      const prompt = evaluation.config.sequences[response.sequenceIndex]!.prompts[response.promptIndex]!;
      let updated: EvalResponse;
      if (!session) {
        const why = 'error' in ref ? ref.error : 'the judge model could not be loaded';
        updated = {
          ...response,
          judgeStatus: 'error',
          checks: [...response.checks, { type: 'judge', passed: false, detail: `judge failed: ${why}` }],
        };
      } else {
        const ids = metricIds(evaluation.id, response.taskKey, 'judge');
        const message = attemptMessage(
          ids,
          { kind: kindOf(ref), id: judge.model, label: judge.model },
          deps.now(),
        );
        const { final, attempts } = await collectAnswer(
          session.run(
            judgeMessages(judge.rubric, prompt.text, response.text),
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
        if (final.status === 'error') {
          const detail = `judge failed: ${final.error?.message ?? 'unknown error'}`;
          updated = {
            ...response,
            judgeStatus: 'error',
            checks: [...response.checks, { type: 'judge', passed: false, detail }],
          };
        } else {
          const verdict = parseVerdict(final.content);
          updated = {
            ...response,
            judgeStatus: verdict.ok ? 'ok' : 'malformed',
            judge: verdict.ok ? { score: verdict.score, reason: verdict.reason } : null,
            judgeRaw: verdict.ok ? null : final.content,
            checks: [...response.checks, judgeCheck(verdict, final.content)],
          };
        }
      }
      const label = `${response.model} · ${response.sequence} / ${response.prompt} · run ${response.run}`;
      if (updated.judge)
        deps.log('ok', `Judge on ${label}: ${updated.judge.score}/5 (${updated.judge.reason})`);
      else deps.log('error', `Judge on ${label}: ${updated.checks[updated.checks.length - 1]!.detail}`);
      responses[responses.indexOf(response)] = updated;
      await deps.store(updated);
    }
  } finally {
    await session?.close();
  }
}
