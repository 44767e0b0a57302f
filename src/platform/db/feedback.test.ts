import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { feedbackRecord } from '../../core/testing/feedback';
import { planImport } from './backup/merge';
import { FeedbackRepository } from './feedback';
import { QuarantineRepository } from './quarantine';
import { openAppDb } from './schema';

describe('database upgrade to the feedback store (version 6)', () => {
  it('a version-5 database keeps its data and gains the feedback store indexed by conversation', async () => {
    const name = `feedback-upgrade-${Math.random()}`;
    const v5 = await openAppDb(name, 5);
    await v5.put('conversations', { id: 'c1', title: 'Kept', createdAt: 1, updatedAt: 2 });
    await v5.put('kv', { key: 'settings', value: { theme: 'dark' }, updatedAt: 3 });
    expect(v5.objectStoreNames.contains('feedback')).toBe(false);
    v5.close();

    const db = await openAppDb(name, 6);
    expect(await db.get('conversations', 'c1')).toMatchObject({ title: 'Kept' });
    expect(await db.get('kv', 'settings')).toMatchObject({ value: { theme: 'dark' } });
    expect([...db.transaction('feedback').store.indexNames]).toEqual(['by-conversation']);
    db.close();
  });

  it('stores, reads per conversation and removes feedback; a damaged record is quarantined, not lost', async () => {
    const db = await openAppDb(`feedback-${Math.random()}`);
    const quarantine = new QuarantineRepository(db);
    const repo = new FeedbackRepository(db, quarantine);
    const a = feedbackRecord('q', 'a', { rating: 5, conversationId: 'c1' });
    const b = feedbackRecord('q2', 'b', { rating: 2, conversationId: 'c1' });
    const c = feedbackRecord('q3', 'c', { conversationId: 'c2' });
    for (const r of [a, b, c]) await repo.put(r);
    await db.put('feedback', { ...feedbackRecord('x', 'y'), id: 'bad', rating: 9 } as never);
    expect((await repo.forConversation('c1')).map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect((await repo.all()).map((r) => r.id).sort()).toEqual([a.id, b.id, c.id].sort());
    const set = await quarantine.list();
    expect(set).toHaveLength(1);
    expect(set[0]).toMatchObject({ store: 'feedback', key: 'bad' });
    expect(await repo.removeConversation('c1')).toBe(2);
    expect((await repo.all()).map((r) => r.id)).toEqual([c.id]);
    db.close();
  });
});

describe('feedback in a backup import', () => {
  it('adds feedback records whose id is new and keeps the stored ones', () => {
    const mine = feedbackRecord('q', 'a', { rating: 5 });
    const incoming = feedbackRecord('q2', 'b', { rating: 1 });
    const plan = planImport(
      {
        format: 'tandem-backup',
        version: 1,
        exportedAt: '',
        includesEmbeddings: false,
        conversations: [],
        messages: [],
        keyValues: [],
        feedback: [{ ...mine, rating: 1 }, incoming],
      },
      { conversationIds: new Set(), keyValues: new Map(), feedbackIds: new Set([mine.id]) },
      'skip',
    );
    expect(plan.feedback).toEqual([incoming]);
  });
});

describe('feedback in the backup export', () => {
  it('exportAll carries the feedback records, without prompt embeddings unless asked', async () => {
    const { exportAll } = await import('./backup/export');
    const db = await openAppDb(`feedback-export-${Math.random()}`);
    const record = feedbackRecord('q', 'a', {
      rating: 4,
      promptEmbedding: { model: 'm', vector: new Float32Array([1, 2]) },
    });
    await db.put('feedback', record);
    const slim = await exportAll(db, { includeEmbeddings: false });
    expect(slim.feedback).toHaveLength(1);
    expect(slim.feedback![0]).not.toHaveProperty('promptEmbedding');
    expect(slim.feedback![0]).toMatchObject({ id: record.id, rating: 4 });
    const full = await exportAll(db, { includeEmbeddings: true });
    expect(full.feedback![0]!.promptEmbedding?.model).toBe('m');
    db.close();
  });
});
