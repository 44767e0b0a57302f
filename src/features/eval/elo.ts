/**
 * Arena votes → an Elo leaderboard (pure). Every model starts at 1000; a vote is one game
 * between the two models (K = 32), replayed in the order the votes were cast. A tie is half a
 * win each; "both bad" tells nothing about which is better, so it moves no rating but is counted.
 */
import type { ArenaVote } from '../../core/evaluation';

export const START_RATING = 1000;
export const K_FACTOR = 32;
/** Below this many games a model's rating is only a first impression. */
export const FEW_GAMES = 5;

export interface EloRow {
  model: string;
  rating: number;
  games: number;
  wins: number;
  losses: number;
  ties: number;
  bothBad: number;
}

export function expectedScore(rating: number, opponent: number): number {
  return 1 / (1 + 10 ** ((opponent - rating) / 400));
}

export function leaderboard(
  votes: readonly Pick<ArenaVote, 'modelA' | 'modelB' | 'choice' | 'createdAt'>[],
): EloRow[] {
  const rows = new Map<string, EloRow>();
  const row = (model: string): EloRow => {
    let r = rows.get(model);
    if (!r) {
      r = { model, rating: START_RATING, games: 0, wins: 0, losses: 0, ties: 0, bothBad: 0 };
      rows.set(model, r);
    }
    return r;
  };
  for (const vote of [...votes].sort((x, y) => x.createdAt - y.createdAt)) {
    const a = row(vote.modelA);
    const b = row(vote.modelB);
    a.games++;
    b.games++;
    if (vote.choice === 'both-bad') {
      a.bothBad++;
      b.bothBad++;
      continue;
    }
    const scoreA = vote.choice === 'a' ? 1 : vote.choice === 'b' ? 0 : 0.5;
    if (vote.choice === 'a') {
      a.wins++;
      b.losses++;
    } else if (vote.choice === 'b') {
      b.wins++;
      a.losses++;
    } else {
      a.ties++;
      b.ties++;
    }
    const ea = expectedScore(a.rating, b.rating);
    const delta = K_FACTOR * (scoreA - ea);
    a.rating += delta;
    b.rating -= delta;
  }
  return [...rows.values()]
    .map((r) => ({ ...r, rating: Math.round(r.rating) }))
    .sort((x, y) => y.rating - x.rating || y.games - x.games || x.model.localeCompare(y.model));
}

/** A note when the ranking rests on few votes (null when every model has enough games). */
export function confidenceNote(rows: readonly EloRow[]): string | null {
  if (rows.length === 0) return null;
  const few = rows.filter((r) => r.games < FEW_GAMES);
  if (few.length === 0) return null;
  return `Few votes: ${few.map((r) => `${r.model} ${r.games}`).join(', ')} (fewer than ${FEW_GAMES} games each), so this order can still change a lot.`;
}
