/**
 * Accuracy of a task classifier on labelled prompts: per class (recall: share of that class's
 * prompts classified correctly), overall, and the confusion matrix. Used by the accuracy test
 * and the routing benchmark.
 */
import { TASK_KINDS, type TaskKind } from '../../core/route';

export interface ClassAccuracy {
  correct: number;
  total: number;
  accuracy: number;
}

export interface AccuracyReport {
  overall: ClassAccuracy;
  perClass: Record<TaskKind, ClassAccuracy>;
  /** confusion[expected][predicted] = count */
  confusion: Record<TaskKind, Record<TaskKind, number>>;
  misses: { prompt: string; expected: TaskKind; predicted: TaskKind; category: string }[];
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export async function evaluateClassifier(
  prompts: readonly { prompt: string; kind: TaskKind }[],
  classify: (
    prompt: string,
  ) => Promise<{ kind: TaskKind; category: string }> | { kind: TaskKind; category: string },
): Promise<AccuracyReport> {
  const zero = (): Record<TaskKind, number> => ({ simple: 0, complex: 0, tool: 0 });
  const confusion = { simple: zero(), complex: zero(), tool: zero() };
  const misses: AccuracyReport['misses'] = [];
  for (const { prompt, kind } of prompts) {
    const result = await classify(prompt);
    confusion[kind][result.kind]++;
    if (result.kind !== kind)
      misses.push({ prompt, expected: kind, predicted: result.kind, category: result.category });
  }
  const perClass = {} as Record<TaskKind, ClassAccuracy>;
  let correct = 0;
  for (const kind of TASK_KINDS) {
    const total = TASK_KINDS.reduce((n, k) => n + confusion[kind][k], 0);
    const ok = confusion[kind][kind];
    correct += ok;
    perClass[kind] = { correct: ok, total, accuracy: total ? round3(ok / total) : 0 };
  }
  return {
    overall: {
      correct,
      total: prompts.length,
      accuracy: prompts.length ? round3(correct / prompts.length) : 0,
    },
    perClass,
    confusion,
    misses,
  };
}

export function formatAccuracy(name: string, r: AccuracyReport): string {
  const pct = (a: ClassAccuracy): string => `${(a.accuracy * 100).toFixed(1)}% (${a.correct}/${a.total})`;
  return [
    `${name}: overall ${pct(r.overall)}`,
    ...TASK_KINDS.map((k) => `  ${k.padEnd(8)} ${pct(r.perClass[k])}`),
  ].join('\n');
}
