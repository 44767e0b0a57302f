/**
 * The evaluation queue: evaluations added with **Add to queue** run one after another (each
 * through the workbench's run, so one engine at a time), oldest first. The queue is the stored
 * records themselves (`queued: true`, status `queued`), so it survives a reload: a member cut by
 * the reload is `interrupted` and resumes first (only its missing tasks), then the rest. A member
 * stopped with Stop, or one that broke off, halts the queue until **Resume queue**.
 */
import type { EvaluationRecord } from '../../core/evaluation';

export interface QueueHost {
  readonly evaluations: EvaluationRecord[];
  readonly running: boolean;
  resume(id: string): Promise<void>;
}

const WAITING = new Set(['queued', 'interrupted', 'stopped']);

/** Queue members still to run, oldest first. */
export function waitingInQueue(evaluations: readonly EvaluationRecord[]): EvaluationRecord[] {
  return evaluations
    .filter((e) => e.queued && WAITING.has(e.status))
    .sort((a, b) => a.startedAt - b.startedAt);
}

export class EvalQueue {
  draining = $state(false);

  constructor(private readonly host: QueueHost) {}

  get waiting(): EvaluationRecord[] {
    return waitingInQueue(this.host.evaluations);
  }

  /** Runs the waiting members one after another until none is left or one does not finish. */
  async drain(): Promise<void> {
    if (this.draining || this.host.running) return;
    this.draining = true;
    try {
      for (;;) {
        const next = this.waiting[0];
        if (!next) break;
        await this.host.resume(next.id);
        const after = this.host.evaluations.find((e) => e.id === next.id);
        if (after?.status !== 'done') break;
      }
    } finally {
      this.draining = false;
    }
  }
}
