/**
 * Database version 8: evaluation responses (`createdAt`) and workbench/judge answer metrics
 * (`startedAt`) written with `performance.now()` (a time in 1970) get real dates. Their order is
 * known (the same page clock): each evaluation's wrong times are moved, spacing kept, to start
 * at the evaluation's own `startedAt`. Other metric records with a wrong time end at the upgrade.
 */
import { isWallClock, redated } from './wall-clock';

/** What this step uses of the upgrade transaction (kept structural: schema.ts imports this file). */
interface UpgradeTx {
  readonly objectStoreNames: DOMStringList;
  objectStore(name: 'evaluations' | 'evalResponses' | 'answerMetrics'): {
    getAll(): Promise<unknown[]>;
    put(value: unknown): Promise<unknown>;
  };
}
type Loose = Record<string, unknown> | null | undefined;

interface Dated {
  store: 'evalResponses' | 'answerMetrics';
  value: Record<string, unknown> & { id: string };
  field: 'createdAt' | 'startedAt';
  time: number;
}

const EVAL_CONVERSATION = /^eval:(.+)$/;

export async function repairWallClock(tx: UpgradeTx, now = Date.now()): Promise<number> {
  const names = tx.objectStoreNames;
  if (
    !names.contains('evalResponses') ||
    !names.contains('answerMetrics') ||
    !names.contains('evaluations')
  ) {
    return 0;
  }
  const starts = new Map<string, number>();
  for (const e of (await tx.objectStore('evaluations').getAll()) as Loose[]) {
    if (typeof e?.startedAt === 'number' && isWallClock(e.startedAt)) starts.set(String(e.id), e.startedAt);
  }
  const groups = new Map<string, Dated[]>();
  const add = (group: string, item: Dated): void => {
    groups.set(group, [...(groups.get(group) ?? []), item]);
  };
  for (const r of (await tx.objectStore('evalResponses').getAll()) as Loose[]) {
    const value = r as unknown as Dated['value'];
    if (typeof r?.createdAt !== 'number' || isWallClock(r.createdAt)) continue;
    add(`eval:${String(r.evaluationId)}`, {
      store: 'evalResponses',
      value,
      field: 'createdAt',
      time: r.createdAt,
    });
  }
  for (const m of (await tx.objectStore('answerMetrics').getAll()) as Loose[]) {
    const value = m as unknown as Dated['value'];
    if (typeof m?.startedAt !== 'number' || isWallClock(m.startedAt)) continue;
    const evalId = EVAL_CONVERSATION.exec(String(m.conversationId))?.[1];
    add(evalId ? `eval:${evalId}` : 'other', {
      store: 'answerMetrics',
      value,
      field: 'startedAt',
      time: m.startedAt,
    });
  }
  let repaired = 0;
  for (const [group, items] of groups) {
    const times = items.map((i) => i.time);
    const span = Math.max(...times) - Math.min(...times);
    const evalId = group.startsWith('eval:') ? group.slice(5) : null;
    const base = (evalId !== null ? starts.get(evalId) : undefined) ?? now - span;
    const fixed = redated(times, base);
    for (const [i, item] of items.entries()) {
      await tx.objectStore(item.store).put({ ...item.value, [item.field]: fixed[i]! });
      repaired++;
    }
  }
  return repaired;
}
