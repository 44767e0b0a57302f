/**
 * Arena votes as preference pairs (pure): a vote for A or B says which of two answers to the
 * same prompt the user preferred, the `{prompt, chosen, rejected}` a DPO recipe wants. A tie or
 * "both bad" says nothing about order and gives no pair.
 */
import type { PreferencePair } from './export';
import type { ArenaVote, EvalResponse, EvaluationRecord } from '../../core/evaluation';

export function arenaPreferencePairs(
  votes: readonly ArenaVote[],
  responses: readonly EvalResponse[],
  evaluations: readonly EvaluationRecord[],
): PreferencePair[] {
  const byId = new Map(responses.map((r) => [r.id, r]));
  const configs = new Map(evaluations.map((e) => [e.id, e.config]));
  const out: PreferencePair[] = [];
  for (const vote of votes) {
    if (vote.choice !== 'a' && vote.choice !== 'b') continue;
    const a = byId.get(vote.responseA);
    const b = byId.get(vote.responseB);
    if (!a || !b) continue;
    const [chosen, rejected] = vote.choice === 'a' ? [a, b] : [b, a];
    const prompt =
      configs.get(chosen.evaluationId)?.sequences[chosen.sequenceIndex]?.prompts[chosen.promptIndex]?.text ??
      chosen.prompt;
    out.push({ prompt, chosen: chosen.text, rejected: rejected.text });
  }
  return out;
}
