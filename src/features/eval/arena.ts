/** Blind arena pairs (pure): two answers to the same prompt and run from two models, not yet voted on. */
import type { ArenaVote, EvalResponse, VoteChoice } from '../../core/evaluation';
import { newId } from '../../core/util/id';

export interface ArenaPair {
  promptKey: string;
  a: EvalResponse;
  b: EvalResponse;
}

/** Every unvoted pair of answers that can be compared (both have text), in a stable order. */
export function arenaPairs(responses: readonly EvalResponse[], votes: readonly ArenaVote[]): ArenaPair[] {
  const voted = new Set(
    votes.flatMap((v) => [`${v.responseA}&${v.responseB}`, `${v.responseB}&${v.responseA}`]),
  );
  const usable = responses.filter((r) => r.status !== 'error' && r.text.trim().length > 0);
  const groups = new Map<string, EvalResponse[]>();
  for (const r of usable) {
    const key = `${r.sequenceIndex}:${r.promptIndex}|${r.run}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const pairs: ArenaPair[] = [];
  for (const list of groups.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [x, y] = [list[i]!, list[j]!];
        if (x.model === y.model || voted.has(`${x.id}&${y.id}`)) continue;
        pairs.push({ promptKey: `${x.sequenceIndex}:${x.promptIndex}`, a: x, b: y });
      }
    }
  }
  return pairs;
}

/** The pair shown blind: sides swapped when `swap` (a coin flip by the caller). */
export function blind(pair: ArenaPair, swap: boolean): ArenaPair {
  return swap ? { ...pair, a: pair.b, b: pair.a } : pair;
}

/** The vote on a pair of an evaluation. */
export function voteOn(
  pair: ArenaPair,
  evaluationId: string,
  choice: VoteChoice,
  createdAt: number,
): ArenaVote {
  return {
    id: newId('vote_'),
    evaluationId,
    promptKey: pair.promptKey,
    modelA: pair.a.model,
    modelB: pair.b.model,
    responseA: pair.a.id,
    responseB: pair.b.id,
    choice,
    createdAt,
  };
}

/** What a vote reveals: which model answered on each side, by the names the leaderboard uses. */
export function revealText(pair: ArenaPair): string {
  return `A was ${pair.a.model}, B was ${pair.b.model}`;
}
