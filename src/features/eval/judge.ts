/**
 * The judge: a rubric sent to a judge model, which must answer with JSON
 * `{"score": 1-5, "reason": "..."}`. An answer that is not that JSON is recorded as malformed
 * with the raw text; it is never guessed from.
 */
import * as v from 'valibot';
import type { ChatMessage } from '../../core/provider';
import type { CheckResult } from '../../core/evaluation';

/** The line every judge prompt ends with (the fake Claude server recognises judge prompts by it). */
export const JUDGE_INSTRUCTION =
  'Reply with only a JSON object: {"score": <integer 1-5>, "reason": "<one sentence>"}';

export const JUDGE_SYSTEM =
  'You are a strict, fair evaluator of answers written by AI assistants. You never answer the question yourself.';

/** Judge answers need few tokens. */
export const JUDGE_MAX_TOKENS = 200;
/** A score from here up passes the judge check. */
export const JUDGE_PASS_SCORE = 3;

export function judgeMessages(rubric: string, question: string, answer: string): ChatMessage[] {
  return [
    { role: 'system', content: JUDGE_SYSTEM },
    {
      role: 'user',
      content: [
        `Rubric: ${rubric}`,
        '',
        'Question:',
        '<<<',
        question,
        '>>>',
        '',
        'Answer to judge:',
        '<<<',
        answer.trim() || '(empty answer)',
        '>>>',
        '',
        JUDGE_INSTRUCTION,
      ].join('\n'),
    },
  ];
}

const verdictSchema = v.object({
  score: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5)),
  reason: v.pipe(v.string(), v.trim(), v.minLength(1)),
});

export type JudgeVerdict = { ok: true; score: number; reason: string } | { ok: false; problem: string };

/**
 * Reads a judge's answer: the whole answer, or one fenced JSON block, must be the verdict
 * object. Prose around a bare object, a score outside 1-5 or a missing reason is malformed.
 */
export function parseVerdict(raw: string): JudgeVerdict {
  const trimmed = raw.trim();
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(trimmed);
  const body = fenced ? fenced[1]! : trimmed;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const result = v.safeParse(verdictSchema, data);
  if (!result.success) {
    const issue = result.issues[0];
    return { ok: false, problem: `${v.getDotPath(issue) ?? 'answer'}: ${issue.message}` };
  }
  return { ok: true, score: result.output.score, reason: result.output.reason };
}

export function judgeCheck(verdict: JudgeVerdict, raw: string): CheckResult {
  if (!verdict.ok) {
    const shown = raw.trim().slice(0, 80);
    return { type: 'judge', passed: false, detail: `malformed judge answer (${verdict.problem}): ${shown}` };
  }
  return {
    type: 'judge',
    passed: verdict.score >= JUDGE_PASS_SCORE,
    detail: `score ${verdict.score}/5: ${verdict.reason}`,
  };
}
