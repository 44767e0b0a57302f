import { describe, expect, it } from 'vitest';
import { confidenceNote, expectedScore, leaderboard, START_RATING } from './elo';
import type { VoteChoice } from '../../core/evaluation';

const vote = (modelA: string, modelB: string, choice: VoteChoice, createdAt: number) => ({
  modelA,
  modelB,
  choice,
  createdAt,
});

describe('Elo leaderboard', () => {
  it('a win moves the winner above the loser by the K-factor step', () => {
    const rows = leaderboard([vote('x', 'y', 'b', 1)]);
    expect(rows.map((r) => [r.model, r.rating])).toEqual([
      ['y', 1016],
      ['x', 984],
    ]);
    expect(rows[0]).toMatchObject({ games: 1, wins: 1, losses: 0 });
    expect(expectedScore(START_RATING, START_RATING)).toBe(0.5);
  });

  it('votes move the order, and ties pull ratings together', () => {
    const first = leaderboard([vote('x', 'y', 'a', 1)]);
    expect(first[0]!.model).toBe('x');
    const later = leaderboard([vote('x', 'y', 'a', 1), vote('x', 'y', 'b', 2), vote('y', 'x', 'a', 3)]);
    expect(later[0]!.model).toBe('y');
    const tie = leaderboard([vote('x', 'y', 'a', 1), vote('x', 'y', 'tie', 2)]);
    expect(tie[0]!.rating - tie[1]!.rating).toBeLessThan(32);
    expect(tie[0]).toMatchObject({ ties: 1 });
  });

  it('both bad moves no rating but counts the game', () => {
    const rows = leaderboard([vote('x', 'y', 'both-bad', 1)]);
    expect(rows.map((r) => r.rating)).toEqual([1000, 1000]);
    expect(rows[0]).toMatchObject({ games: 1, bothBad: 1 });
  });

  it('replays votes in the order they were cast', () => {
    const a = leaderboard([vote('x', 'y', 'a', 2), vote('x', 'z', 'b', 1)]);
    const b = leaderboard([vote('x', 'z', 'b', 1), vote('x', 'y', 'a', 2)]);
    expect(a).toEqual(b);
  });

  it('says when the votes are few', () => {
    expect(confidenceNote([])).toBeNull();
    expect(confidenceNote(leaderboard([vote('x', 'y', 'a', 1)]))).toMatch(/^Few votes: .*x 1.*y 1/);
    const many = Array.from({ length: 5 }, (_, i) => vote('x', 'y', 'a', i));
    expect(confidenceNote(leaderboard(many))).toBeNull();
  });
});
