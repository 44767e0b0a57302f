/**
 * One regular expression run once on one text (pure): the first match, or why the pattern is
 * not one. The regex-check worker runs it; the page never does, since a pattern may backtrack
 * for minutes (see runner.ts).
 */

export type RegexOutcome =
  | { kind: 'match'; match: string | null }
  | { kind: 'invalid'; message: string }
  /** Stopped after `afterMs`: the pattern backtracked too long on this text. */
  | { kind: 'timeout'; afterMs: number }
  /** The worker could not run it (it failed to start or stopped). */
  | { kind: 'failed'; message: string };

export function execRegex(pattern: string, text: string): RegexOutcome {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (error) {
    return { kind: 'invalid', message: (error as Error).message };
  }
  const match = re.exec(text);
  return { kind: 'match', match: match ? match[0] : null };
}

/** "1 s", "0.25 s": a time limit as a check's detail says it. */
export function seconds(ms: number): string {
  return `${Math.round(ms) / 1000} s`;
}
