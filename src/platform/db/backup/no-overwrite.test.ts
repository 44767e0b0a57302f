import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { AnswerMetric } from '../../../core/answers/metric';
import type { OperationRecord } from '../../../core/operations';
import { openAppDb } from '../schema';
import { exportAll } from './export';
import { parseBackup, type Backup } from './format';
import { applyBackup } from './import';
import { describePlan } from './merge';

const metric: AnswerMetric = {
  id: 'ev1|a/b|0|0|1:0',
  messageId: 'ev1|a/b|0|0|1',
  conversationId: 'ev1',
  attempt: 0,
  source: 'workbench',
  modelId: 'a/b',
  modelLabel: 'A',
  backend: 'transformers',
  device: 'wasm',
  route: null,
  status: 'ok',
  errorCode: null,
  startedAt: 1_764_000_000_000,
  totalMs: 10,
  ttftMs: 2,
  prefillTokensPerSecond: null,
  decodeTokensPerSecond: null,
  inputTokens: 3,
  outputTokens: 4,
  costUsd: null,
};
const operation: OperationRecord = {
  id: 'op1',
  kind: 'embedding',
  at: 1_764_000_000_000,
  modelId: 'e',
  status: 'ok',
  errorCode: null,
  totalMs: 5,
  backend: 'wasm',
  detail: 'health',
  items: 1,
  tokensIn: 3,
  tokensOut: null,
  bytes: null,
  route: null,
};

/** A backup file holding one workbench measurement and one operation, checked as an import is. */
async function file(): Promise<Backup> {
  const source = await openAppDb(`no-overwrite-src-${Math.random()}`);
  await source.put('answerMetrics', metric);
  await source.put('operations', operation);
  const parsed = parseBackup(JSON.stringify(await exportAll(source, { includeEmbeddings: false })));
  source.close();
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.backup;
}

describe('backup merge never overwrites a stored record', () => {
  it('a measurement or operation whose id is here is skipped, counted as already here, and kept as stored', async () => {
    const backup = await file();
    const target = await openAppDb(`no-overwrite-dst-${Math.random()}`);
    const mine = { ...metric, modelId: 'mine', totalMs: 999 };
    await target.put('answerMetrics', mine);
    await target.put('operations', { ...operation, totalMs: 777 });
    const plan = await applyBackup(target, backup, 'skip');
    expect(await target.get('answerMetrics', metric.id)).toEqual(mine);
    expect((await target.get('operations', 'op1'))?.totalMs).toBe(777);
    expect(plan.alreadyHere).toMatchObject({ answerMetrics: 1, operations: 1 });
    expect(describePlan(plan)).toContain(
      'Skipped 1 answer measurement, 1 operation record already here (kept as stored).',
    );
    target.close();
  });

  it('into an empty database both are added; importing the file again adds nothing', async () => {
    const backup = await file();
    const target = await openAppDb(`no-overwrite-dst-${Math.random()}`);
    const first = await applyBackup(target, backup, 'skip');
    expect(first.answerMetrics).toHaveLength(1);
    expect(first.operations).toHaveLength(1);
    expect(await target.get('answerMetrics', metric.id)).toEqual(metric);
    const again = await applyBackup(target, backup, 'skip');
    expect(again.answerMetrics).toEqual([]);
    expect(again.alreadyHere).toMatchObject({ answerMetrics: 1, operations: 1 });
    target.close();
  });
});

describe('duplicate ids within one file', () => {
  const base = {
    format: 'tandem-backup',
    version: 1,
    exportedAt: '',
    includesEmbeddings: false,
    conversations: [],
    messages: [],
    keyValues: [],
  };
  const vote = {
    id: 'v1',
    evaluationId: 'ev1',
    promptKey: '0:0',
    modelA: 'a',
    modelB: 'b',
    responseA: 'x',
    responseB: 'y',
    choice: 'tie',
    createdAt: 3,
  };

  it.each([
    ['arenaVotes', 'arena vote v1', { arenaVotes: [vote, { ...vote, choice: 'a' }] }],
    ['answerMetrics', `answer measurement ${metric.id}`, { answerMetrics: [metric, metric] }],
    ['operations', 'operation op1', { operations: [operation, { ...operation, totalMs: 1 }] }],
  ])('are refused for %s, naming the store and the id', (store, what, records) => {
    const result = parseBackup(JSON.stringify({ ...base, ...records }));
    expect(result).toEqual({
      ok: false,
      code: 'duplicate-id',
      message: `The file lists ${what} twice (store "${store}"): a backup holds each record once.`,
    });
  });
});
