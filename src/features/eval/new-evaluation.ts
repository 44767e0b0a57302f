/** The stored record of an evaluation about to run (or wait in the queue). */
import type { EvalConfig } from '../../core/eval-config';
import type { EvaluationRecord } from '../../core/evaluation';
import type { PfPlan } from '../../core/promptfoo';
import { newId } from '../../core/util/id';
import { totalTasks } from './planner';

export function newEvaluation(
  config: EvalConfig,
  plan: PfPlan | null,
  queue: boolean,
  now: number,
): EvaluationRecord {
  return {
    id: newId('ev_'),
    config,
    status: queue ? 'queued' : 'running',
    ...(queue ? { queued: true } : {}),
    startedAt: now,
    finishedAt: null,
    totalTasks: totalTasks(config),
    doneTasks: 0,
    updatedAt: now,
    ...(plan ? { promptfoo: plan } : {}),
  };
}
