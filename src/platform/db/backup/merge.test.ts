import { describe, expect, it } from 'vitest';
import type { AnswerMetric } from '../../../core/answers/metric';
import type { Backup } from './format';
import { describePlan, planImport } from './merge';

const backup: Backup = {
  format: 'tandem-backup',
  version: 1,
  exportedAt: '',
  includesEmbeddings: false,
  conversations: [
    { id: 'new', title: 'New one', createdAt: 1, updatedAt: 1 },
    { id: 'old', title: 'Old one', createdAt: 1, updatedAt: 1 },
  ],
  messages: [
    { id: 'm1', conversationId: 'new', role: 'user', content: 'a', createdAt: 1, status: 'complete' },
    { id: 'm2', conversationId: 'old', role: 'user', content: 'b', createdAt: 1, status: 'complete' },
  ],
  keyValues: [
    { key: 'settings', value: { systemPrompt: 'imported' }, updatedAt: 1 },
    { key: 'router:examples', value: [{ text: 'x', kind: 'simple' }], updatedAt: 1 },
    { key: 'draft:new', value: 'draft', updatedAt: 1 },
  ],
  answerMetrics: [
    { id: 'm1:0', messageId: 'm1', conversationId: 'new', attempt: 0 },
    { id: 'm2:0', messageId: 'm2', conversationId: 'old', attempt: 0 },
    { id: 'm2:1', messageId: 'm2', conversationId: 'old', attempt: 1 },
  ] as unknown as AnswerMetric[],
};
let counter = 0;
const ids = (prefix: string) => `${prefix}${++counter}`;
const existing = {
  conversationIds: new Set(['old']),
  keyValues: new Map<string, unknown>([
    ['settings', { systemPrompt: 'mine' }],
    ['router:examples', [{ text: 'y', kind: 'tool' }]],
  ]),
};

describe('import merge rules', () => {
  it('skip: existing conversations and their messages are left out', () => {
    const plan = planImport(backup, existing, 'skip', ids);
    expect(plan.conversations.map((c) => c.id)).toEqual(['new']);
    expect(plan.messages.map((m) => m.id)).toEqual(['m1']);
    expect(plan.skippedConversations).toBe(1);
    expect(describePlan(plan)).toContain('Skipped 1 conversation');
  });

  it('copy: an existing conversation comes in under new ids, marked as a copy', () => {
    const plan = planImport(backup, existing, 'copy', ids);
    const copy = plan.conversations.find((c) => c.title === 'Old one (imported copy)');
    expect(copy).toBeDefined();
    expect(copy!.id).not.toBe('old');
    const copied = plan.messages.find((m) => m.content === 'b')!;
    expect(copied.conversationId).toBe(copy!.id);
    expect(copied.id).not.toBe('m2');
    expect(plan.copiedConversations).toBe(1);
  });

  it('settings: current values win, new keys are added, learned examples are merged', () => {
    const plan = planImport(backup, existing, 'skip', ids);
    expect(plan.keyValues.find((r) => r.key === 'settings')).toBeUndefined();
    expect(plan.keyValues.find((r) => r.key === 'draft:new')?.value).toBe('draft');
    expect(plan.keyValues.find((r) => r.key === 'router:examples')?.value).toEqual([
      { text: 'y', kind: 'tool' },
      { text: 'x', kind: 'simple' },
    ]);
    expect(plan.keptSettings).toBe(1);
  });

  it('into an empty database everything is added as it was', () => {
    const plan = planImport(backup, { conversationIds: new Set(), keyValues: new Map() }, 'copy', ids);
    expect(plan.conversations).toEqual(backup.conversations);
    expect(plan.messages).toEqual(backup.messages);
    expect(plan.keyValues).toEqual(backup.keyValues);
  });

  it('answer measurements follow their conversation: added, skipped, or re-pointed at the copy', () => {
    const skipped = planImport(backup, existing, 'skip', ids);
    expect(skipped.answerMetrics.map((r) => r.id)).toEqual(['m1:0']);

    const copied = planImport(backup, existing, 'copy', ids);
    const copy = copied.conversations.find((c) => c.title === 'Old one (imported copy)')!;
    const message = copied.messages.find((m) => m.content === 'b')!;
    const records = copied.answerMetrics;
    expect(records[0]).toEqual(backup.answerMetrics![0]);
    expect(records.slice(1)).toEqual([
      { id: `${message.id}:0`, messageId: message.id, conversationId: copy.id, attempt: 0 },
      { id: `${message.id}:1`, messageId: message.id, conversationId: copy.id, attempt: 1 },
    ]);
    expect(describePlan(copied)).toContain('Restored 3 answer measurements.');
    expect(describePlan(skipped)).toContain('Restored 1 answer measurement.');
  });
});

describe('workbench records in a backup', () => {
  it('adds new evaluations with their responses, skips ones already here, and adds new votes', () => {
    const evaluation = (id: string) =>
      ({
        id,
        status: 'done',
        startedAt: 1,
        finishedAt: 2,
        totalTasks: 1,
        doneTasks: 1,
        updatedAt: 2,
      }) as never;
    const response = (id: string, evaluationId: string) => ({ id, evaluationId }) as never;
    const vote = (id: string) => ({ id, evaluationId: 'e-new' }) as never;
    const plan = planImport(
      {
        ...backup,
        evaluations: [evaluation('e-new'), evaluation('e-here')],
        evalResponses: [response('r1', 'e-new'), response('r2', 'e-here')],
        arenaVotes: [vote('v-new'), vote('v-here')],
      },
      { ...existing, evaluationIds: new Set(['e-here']), voteIds: new Set(['v-here']) },
      'skip',
      ids,
    );
    expect(plan.evaluations.map((e) => e.id)).toEqual(['e-new']);
    expect(plan.evalResponses.map((r) => r.id)).toEqual(['r1']);
    expect(plan.arenaVotes.map((r) => r.id)).toEqual(['v-new']);
    expect(plan.skippedEvaluations).toBe(1);
    expect(describePlan(plan)).toContain('Added 1 evaluation (1 response) and 1 arena vote.');
    // A backup made before the workbench existed plans no workbench records.
    expect(planImport(backup, existing, 'skip', ids)).toMatchObject({ evaluations: [], arenaVotes: [] });
  });
});
