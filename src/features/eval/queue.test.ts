import { describe, expect, it } from 'vitest';
import { EvalQueue, waitingInQueue, type QueueHost } from './queue.svelte';
import type { EvaluationRecord, EvaluationStatus } from '../../core/evaluation';

const record = (
  id: string,
  status: EvaluationStatus,
  startedAt: number,
  queued = true,
): EvaluationRecord => ({
  id,
  status,
  startedAt,
  queued,
  config: {} as never,
  finishedAt: null,
  totalTasks: 1,
  doneTasks: 0,
  updatedAt: 0,
});

function host(evaluations: EvaluationRecord[], outcome: (id: string) => EvaluationStatus) {
  const order: string[] = [];
  const h: QueueHost & { evaluations: EvaluationRecord[] } = {
    evaluations,
    running: false,
    async resume(id) {
      order.push(id);
      h.evaluations = h.evaluations.map((e) => (e.id === id ? { ...e, status: outcome(id) } : e));
    },
  };
  return { h, order };
}

describe('the evaluation queue', () => {
  it('waits with the queued, interrupted and stopped members, oldest first; others are not in it', () => {
    const all = [
      record('c', 'queued', 3),
      record('a', 'interrupted', 1),
      record('x', 'interrupted', 0, false),
      record('d', 'done', 0),
      record('b', 'stopped', 2),
    ];
    expect(waitingInQueue(all).map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });

  it('runs the members one after another (a reload-cut one first) until none is left', async () => {
    const { h, order } = host([record('q2', 'queued', 5), record('q1', 'interrupted', 1)], () => 'done');
    await new EvalQueue(h).drain();
    expect(order).toEqual(['q1', 'q2']);
    expect(h.evaluations.every((e) => e.status === 'done')).toBe(true);
  });

  it('halts when a member is stopped, and does not start while a run is going', async () => {
    const { h, order } = host([record('q1', 'queued', 1), record('q2', 'queued', 2)], () => 'stopped');
    const queue = new EvalQueue(h);
    await queue.drain();
    expect(order).toEqual(['q1']);
    expect(queue.waiting.map((e) => e.id)).toEqual(['q1', 'q2']);
    const busy = host([record('q1', 'queued', 1)], () => 'done');
    await new EvalQueue({ ...busy.h, running: true }).drain();
    expect(busy.order).toEqual([]);
  });
});
