/** The deterministic conversation and the statistics shared by the health benchmarks. */
import os from 'node:os';

const TOPICS = [
  ['the deployment pipeline', 'the staging server rejected the release because a migration failed'],
  ['the quarterly report', 'revenue grew in two regions while costs stayed flat'],
  ['learning Rust lifetimes', 'a borrowed value must not outlive the owner it points to'],
  ['the database index', 'the query planner ignores the index when the filter is not selective'],
  ['planning a team offsite', 'the venue needs a deposit two weeks before the date'],
];
const QUESTIONS = [
  'Can you explain what went wrong with {t}?',
  'Why did {t} behave like that, and who is responsible for fixing it?',
  'What should I do next about {t}? Give me the concrete steps.',
  'I asked before: what exactly is the cause with {t}?',
];
const ANSWERS = [
  'Looking at {t}: {f}. The first step is to confirm it in the logs, then fix the root cause and add a check so it does not happen again.',
  'In short, {f}. For {t} that means the owner should review the change, write down what happened and agree on the next action today.',
  'There are several possible reasons. Regarding {t}, {f}; it is worth comparing with last week and asking the people involved what changed.',
];

export interface Turn {
  user: string;
  assistant: string;
}

export function conversation(turns: number): Turn[] {
  const out: Turn[] = [];
  for (let i = 0; i < turns; i++) {
    const [t, f] = TOPICS[Math.floor(i / 7) % TOPICS.length]!;
    out.push({
      user: QUESTIONS[i % QUESTIONS.length]!.replace('{t}', t!) + ` (turn ${i + 1})`,
      assistant: ANSWERS[i % ANSWERS.length]!.replace('{t}', t!).replace('{f}', f!),
    });
  }
  return out;
}

/** Long answers (well over 256 word pieces) for the truncation check. */
export function longTexts(): string[] {
  const turns = conversation(40);
  return [0, 1, 2, 3].map((k) =>
    turns
      .slice(k * 7, k * 7 + 7)
      .map((t) => `${t.assistant} ${t.assistant}`)
      .join(' '),
  );
}

export const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i]!;
};
export const median = (xs: number[]): number => quantile(xs, 0.5);

/** Per turn: the whole turn (both texts + scoring) and what is left after the answer ends. */
export interface TurnTimes {
  perTurnMs: number[];
  afterEndMs: number[];
}

export const ms = (x: number): string =>
  Number.isNaN(x) ? '-' : x < 10 ? x.toFixed(1) : Math.round(x).toString();

export function loadAverage(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
}

export function machine(): string {
  return `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${process.platform}`;
}
