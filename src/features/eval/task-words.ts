/**
 * One vocabulary for an evaluation's size and its checks, shared by the configuration summary,
 * the console, the progress bar and the results table. A task is one answer or one judging (the
 * bar's unit, see `totalTasks`); checks are the configured ones, the judge's verdict told apart.
 */
import type { EvalConfig } from '../../core/eval-config';
import type { CheckResult } from '../../core/evaluation';
import { planTasks, totalTasks } from './planner';

export interface TaskCounts {
  answers: number;
  judgings: number;
  /** answers + judgings: what the progress bar counts. */
  total: number;
}

export function taskCounts(config: EvalConfig): TaskCounts {
  const answers = planTasks(config).length;
  const total = totalTasks(config);
  return { answers, judgings: total - answers, total };
}

const plural = (n: number, word: string): string => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** "18 answers + 18 judgings = 36 tasks", or "18 tasks" without a judge. */
export function describeTasks(config: EvalConfig): string {
  const { answers, judgings, total } = taskCounts(config);
  if (judgings === 0) return plural(total, 'task');
  return `${plural(answers, 'answer')} + ${plural(judgings, 'judging')} = ${plural(total, 'task')}`;
}

/** The configured checks of one answer: passed of run. The judge's verdict is shown on its own. */
export function checkTally(checks: readonly CheckResult[]): { passed: number; total: number } {
  const configured = checks.filter((c) => c.type !== 'judge');
  return { passed: configured.filter((c) => c.passed).length, total: configured.length };
}

/** "2/4 checks", or '' when no configured check ran. */
export function describeChecks(checks: readonly CheckResult[]): string {
  const { passed, total } = checkTally(checks);
  return total === 0 ? '' : `${passed}/${total} checks`;
}
