import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { IDBPDatabase } from 'idb';
import { isStorageFull } from '../../core/errors';
import type { StoredMessage } from '../../core/stored';
import { FeedbackRepository } from '../../platform/db/feedback';
import { KeyValueRepository } from '../../platform/db/kv';
import { KV } from '../../platform/db/kv-keys';
import { openAppDb, type TandemDB } from '../../platform/db/schema';
import { FeedbackState } from './feedback.svelte';

const question: StoredMessage = {
  id: 'm_q',
  conversationId: 'c_1',
  role: 'user',
  content: 'Name a colour',
  createdAt: 1,
  status: 'complete',
};
const answer: StoredMessage = {
  id: 'm_a',
  conversationId: 'c_1',
  parentId: 'm_q',
  role: 'assistant',
  content: 'Blue',
  createdAt: 2,
  status: 'complete',
  model: { kind: 'transformers', id: 'local', label: 'Local' },
};

const quota = (): Promise<never> => Promise.reject(new DOMException('', 'QuotaExceededError'));

/** A feedback state on `db` (a new one: the app after a reload); `disk.full` makes writes fail. */
async function open(db: IDBPDatabase<TandemDB>, disk = { full: false }) {
  const repo = new FeedbackRepository(db);
  const kv = new KeyValueRepository(db);
  const put = repo.put.bind(repo);
  repo.put = (record) => (disk.full ? quota() : put(record));
  const set = kv.set.bind(kv) as (key: string, value: unknown) => Promise<void>;
  kv.set = ((key: string, value: unknown) =>
    disk.full ? quota() : set(key, value)) as KeyValueRepository['set'];
  const errors: unknown[] = [];
  const feedback = new FeedbackState({
    repo,
    kv,
    embedder: () => null,
    embedderModel: () => 'none',
    conversationOf: async () => ({
      stored: [question, answer],
      systemPrompt: '',
      settings: { temperature: 0, topP: 1, maxTokens: 8 },
    }),
    onNotice: () => undefined,
    onError: (e) => void errors.push(e),
  });
  await feedback.init();
  return { feedback, repo, kv, errors, disk };
}

const newDb = (): Promise<IDBPDatabase<TandemDB>> => openAppDb(`feedback-drafts-${Math.random()}`);
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

describe('feedback drafts', () => {
  it('a typed comment and correction survive a reload, and go once the feedback is saved', async () => {
    const db = await newDb();
    const first = await open(db);
    first.feedback.drafts.set(answer.id, { comment: 'Too short', correction: 'Blue, like the sky.' });
    await first.feedback.drafts.flush();
    // The tab dies here; the app starts again on the same database.
    const again = await open(db);
    expect(again.feedback.drafts.of(answer.id)).toEqual({
      comment: 'Too short',
      correction: 'Blue, like the sky.',
    });
    await again.feedback.give(answer, { comment: 'Too short', correction: 'Blue, like the sky.' });
    expect(again.feedback.drafts.of(answer.id)).toBeUndefined();
    expect(await again.kv.get(KV.feedbackDrafts)).toBeUndefined();
    expect((await open(db)).feedback.drafts.all).toEqual({});
  });

  it('an emptied form is no draft; a rating alone leaves the draft alone', async () => {
    const db = await newDb();
    const { feedback } = await open(db);
    feedback.drafts.set('m_other', { comment: 'x', correction: '' });
    feedback.drafts.set(answer.id, { comment: 'Half a thought', correction: '' });
    await feedback.give(answer, { rating: 4 });
    expect(feedback.drafts.of(answer.id)?.comment).toBe('Half a thought');
    feedback.drafts.set('m_other', { comment: '', correction: '' });
    await feedback.drafts.flush();
    expect(Object.keys((await open(db)).feedback.drafts.all)).toEqual([answer.id]);
  });
});

describe('feedback on a full disk', () => {
  it('a rating that cannot be saved says so, is not shown as saved, and rejects', async () => {
    const { feedback, errors, disk, repo } = await open(await newDb());
    disk.full = true;
    await expect(feedback.give(answer, { rating: 5 })).rejects.toSatisfy(isStorageFull);
    expect(feedback.byId(answer.id)).toBeUndefined();
    expect(await repo.get(answer.id)).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(messageOf(errors[0])).toMatch(
      /^Could not save: storage is full\. Your rating was not saved\..*Models page/,
    );
  });

  it('Save feedback that cannot be saved keeps the draft and says the text stays in the form', async () => {
    const { feedback, errors, disk } = await open(await newDb());
    feedback.drafts.set(answer.id, { comment: 'Keep me', correction: '' });
    await feedback.drafts.flush();
    disk.full = true;
    await expect(feedback.give(answer, { comment: 'Keep me' })).rejects.toSatisfy(isStorageFull);
    expect(feedback.drafts.of(answer.id)?.comment).toBe('Keep me');
    expect(messageOf(errors[0])).toContain('Your feedback stays in the form.');
  });

  it('a draft the disk refuses is said once, not on every keystroke', async () => {
    const { feedback, errors, disk } = await open(await newDb());
    disk.full = true;
    feedback.drafts.set(answer.id, { comment: 'a', correction: '' });
    await feedback.drafts.flush();
    feedback.drafts.set(answer.id, { comment: 'ab', correction: '' });
    await feedback.drafts.flush();
    expect(feedback.drafts.of(answer.id)?.comment).toBe('ab');
    expect(errors.map((e) => messageOf(e).startsWith('Could not save: storage is full'))).toEqual([true]);
  });
});
