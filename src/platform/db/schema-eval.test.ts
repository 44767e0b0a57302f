import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { configToJson, parseConfig } from '../../core/eval-config';
import type { EvalResponse, EvaluationRecord } from '../../core/evaluation';
import { EvaluationRepository } from './evaluations';
import { QuarantineRepository } from './quarantine';
import { addEvaluationStores, openAppDb } from './schema';

const config = parseConfig(
  configToJson({
    version: 1,
    name: 'Kept',
    models: ['a/b'],
    sequences: [{ name: 's', prompts: [{ name: 'p', text: 'hi' }] }],
    settings: { runs: 1, maxTokens: 8, temperature: 0 },
  }),
);
if (!config.ok) throw new Error(config.message);

const evaluation = (id: string, startedAt: number): EvaluationRecord => ({
  id,
  config: config.config,
  status: 'running',
  startedAt,
  finishedAt: null,
  totalTasks: 1,
  doneTasks: 0,
  updatedAt: startedAt,
});

const response = (evaluationId: string): EvalResponse => ({
  id: `${evaluationId}|a/b|0|0|1`,
  evaluationId,
  taskKey: 'a/b|0|0|1',
  model: 'a/b',
  sequenceIndex: 0,
  sequence: 's',
  promptIndex: 0,
  prompt: 'p',
  run: 1,
  text: 'hello',
  status: 'ok',
  errorCode: null,
  errorMessage: null,
  ttftMs: 5,
  tokensPerSecond: 10,
  outputTokens: 2,
  durationMs: 9,
  health: null,
  checks: [],
  judgeStatus: 'none',
  judge: null,
  judgeRaw: null,
  createdAt: 1,
});

describe('database upgrade to the workbench stores (version 5)', () => {
  it('a version-4 database keeps its data and gains evaluations, responses and votes', async () => {
    const name = `eval-upgrade-${Math.random()}`;
    const v4 = await openAppDb(name, 4);
    await v4.put('conversations', { id: 'c1', title: 'Kept', createdAt: 1, updatedAt: 2 });
    await v4.put('kv', { key: 'settings', value: { theme: 'dark' }, updatedAt: 3 });
    expect(v4.objectStoreNames.contains('evaluations')).toBe(false);
    v4.close();

    const db = await openAppDb(name, 5);
    expect(await db.get('conversations', 'c1')).toMatchObject({ title: 'Kept' });
    expect(await db.get('kv', 'settings')).toMatchObject({ value: { theme: 'dark' } });
    for (const [store, index] of [
      ['evaluations', 'by-started'],
      ['evalResponses', 'by-evaluation'],
      ['arenaVotes', 'by-evaluation'],
    ] as const) {
      expect([...db.transaction(store).store.indexNames], store).toEqual([index]);
    }
    db.close();
  });

  it('the step only creates missing stores, so it can run again after a renumbering', async () => {
    const db = await openAppDb(`eval-again-${Math.random()}`);
    expect(() => addEvaluationStores(db)).not.toThrow();
    db.close();
  });

  it('stores an evaluation with its responses, reads newest first, quarantines a bad record, deletes all of one', async () => {
    const db = await openAppDb(`eval-repo-${Math.random()}`);
    const quarantine = new QuarantineRepository(db);
    const repo = new EvaluationRepository(db, quarantine);
    await repo.put(evaluation('e1', 10));
    await repo.putResponse(response('e1'), { ...evaluation('e1', 10), doneTasks: 1 });
    await repo.put(evaluation('e2', 20));
    await repo.addVote({
      id: 'v1',
      evaluationId: 'e1',
      promptKey: '0:0',
      modelA: 'a/b',
      modelB: 'c/d',
      responseA: 'x',
      responseB: 'y',
      choice: 'a',
      createdAt: 1,
    });
    // A damaged record (status unknown) is set aside, not returned, not lost.
    await db.put('evaluations', {
      ...evaluation('bad', 30),
      status: 'exploded',
    } as unknown as EvaluationRecord);
    expect((await repo.list()).map((e) => e.id)).toEqual(['e2', 'e1']);
    expect((await quarantine.list()).map((q) => [q.store, q.key])).toEqual([['evaluations', 'bad']]);
    expect(await repo.get('e1')).toMatchObject({ doneTasks: 1 });
    expect(await repo.responses('e1')).toEqual([response('e1')]);

    await repo.delete('e1');
    expect(await repo.get('e1')).toBeNull();
    expect(await repo.responses('e1')).toEqual([]);
    expect(await repo.votes()).toEqual([]);
    expect((await repo.list()).map((e) => e.id)).toEqual(['e2']);
    db.close();
  });
});
