import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { EvalResponse, EvaluationRecord } from '../../../core/evaluation';
import { EvaluationRepository } from '../evaluations';
import { openAppDb } from '../schema';
import { exportAll } from './export';
import { parseBackup } from './format';
import { applyBackup } from './import';

const evaluation: EvaluationRecord = {
  id: 'ev1',
  config: {
    version: 1,
    name: 'Backed up',
    models: ['a/b'],
    sequences: [{ name: 's', prompts: [{ name: 'p', text: 'hi' }] }],
    settings: { runs: 1, maxTokens: 8, temperature: 0 },
  },
  status: 'done',
  startedAt: 1,
  finishedAt: 2,
  totalTasks: 1,
  doneTasks: 1,
  updatedAt: 2,
};
const response: EvalResponse = {
  id: 'ev1|a/b|0|0|1',
  evaluationId: 'ev1',
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
  ttftMs: 1,
  tokensPerSecond: 2,
  outputTokens: 3,
  durationMs: 4,
  health: null,
  checks: [],
  judgeStatus: 'none',
  judge: null,
  judgeRaw: null,
  createdAt: 1,
};

describe('the workbench in backups', () => {
  it('exports evaluations, responses and votes, and imports them into another browser', async () => {
    const source = await openAppDb(`bk-src-${Math.random()}`);
    const repo = new EvaluationRepository(source);
    await repo.put(evaluation);
    await repo.putResponse(response, evaluation);
    await repo.addVote({
      id: 'v1',
      evaluationId: 'ev1',
      promptKey: '0:0',
      modelA: 'a/b',
      modelB: 'c/d',
      responseA: 'x',
      responseB: 'y',
      choice: 'tie',
      createdAt: 3,
    });
    const text = JSON.stringify(await exportAll(source, { includeEmbeddings: false }));
    const parsed = parseBackup(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const target = await openAppDb(`bk-dst-${Math.random()}`);
    const plan = await applyBackup(target, parsed.backup, 'skip');
    expect(plan.evaluations).toHaveLength(1);
    const restored = new EvaluationRepository(target);
    expect(await restored.list()).toEqual([evaluation]);
    expect(await restored.responses('ev1')).toEqual([response]);
    expect((await restored.votes()).map((v) => v.id)).toEqual(['v1']);
    // Importing again adds nothing and keeps what is there.
    expect((await applyBackup(target, parsed.backup, 'skip')).skippedEvaluations).toBe(1);
    source.close();
    target.close();
  });

  it('refuses a backup whose evaluation response has the wrong shape, naming the field', () => {
    const backup = {
      format: 'tandem-backup',
      version: 1,
      exportedAt: '',
      includesEmbeddings: false,
      conversations: [],
      messages: [],
      keyValues: [],
      evaluations: [evaluation],
      evalResponses: [{ ...response, status: 'great' }],
    };
    expect(parseBackup(JSON.stringify(backup))).toMatchObject({
      ok: false,
      code: 'invalid-record',
      message: expect.stringContaining('evalResponses.0.status'),
    });
  });
});
