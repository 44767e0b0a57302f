import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { FeedbackRepository } from '../../platform/db/feedback';
import { KeyValueRepository } from '../../platform/db/kv';
import { openAppDb } from '../../platform/db/schema';
import type { StoredMessage } from '../../core/stored';
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
  role: 'assistant',
  content: 'Blue',
  createdAt: 2,
  status: 'complete',
  model: { kind: 'transformers', id: 'local', label: 'Local' },
};

/** Feedback whose first conversation snapshot is slower than the later ones (as a busy page's can be). */
async function setUp(): Promise<{ feedback: FeedbackState; repo: FeedbackRepository }> {
  const db = await openAppDb(`feedback-order-${Math.random()}`);
  const repo = new FeedbackRepository(db);
  let calls = 0;
  const feedback = new FeedbackState({
    repo,
    kv: new KeyValueRepository(db),
    embedder: () => null,
    embedderModel: () => 'none',
    conversationOf: async () => {
      calls += 1;
      if (calls === 1) await new Promise((resolve) => setTimeout(resolve, 30));
      return {
        stored: [question, answer],
        systemPrompt: '',
        settings: { temperature: 0, topP: 1, maxTokens: 8 },
      };
    },
    onNotice: () => undefined,
  });
  await feedback.init();
  return { feedback, repo };
}

describe('feedback given in quick succession', () => {
  it('the last rating chosen is the one shown and stored (arrow keys through the stars)', async () => {
    const { feedback, repo } = await setUp();
    await Promise.all([1, 2, 3, 4].map((rating) => feedback.give(answer, { rating })));
    expect(feedback.byId(answer.id)?.rating).toBe(4);
    expect((await repo.get(answer.id))?.rating).toBe(4);
  });

  it('a comment given while the first rating is still being saved keeps both', async () => {
    const { feedback, repo } = await setUp();
    await Promise.all([
      feedback.give(answer, { rating: 5 }),
      feedback.give(answer, { comment: 'Right, but long.' }),
      feedback.signal(answer, 'copied'),
    ]);
    expect(await repo.get(answer.id)).toMatchObject({
      rating: 5,
      comment: 'Right, but long.',
      signals: ['copied'],
    });
    expect(feedback.records).toHaveLength(1);
  });
});

describe('prompt embeddings and feedback at the same time', () => {
  it('a rating given while the prompts are being embedded is kept with the vector', async () => {
    const db = await openAppDb(`feedback-embed-${Math.random()}`);
    const repo = new FeedbackRepository(db);
    let release: () => void = () => undefined;
    const slowEmbedder = {
      embed: async (texts: string[]) => {
        await new Promise<void>((resolve) => (release = resolve));
        return texts.map(() => new Float32Array([1, 0]));
      },
    };
    const feedback = new FeedbackState({
      repo,
      kv: new KeyValueRepository(db),
      embedder: () => slowEmbedder,
      embedderModel: () => 'slow',
      conversationOf: async () => ({
        stored: [question, answer],
        systemPrompt: '',
        settings: { temperature: 0, topP: 1, maxTokens: 8 },
      }),
      onNotice: () => undefined,
    });
    await feedback.init();
    await feedback.give(answer, { rating: 2 });
    const embedding = feedback.embedPrompts();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await feedback.give(answer, { rating: 5 });
    release();
    await embedding;
    expect(feedback.byId(answer.id)).toMatchObject({ rating: 5, promptEmbedding: { model: 'slow' } });
    expect(await repo.get(answer.id)).toMatchObject({ rating: 5, promptEmbedding: { model: 'slow' } });
  });
});
