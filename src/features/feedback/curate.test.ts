import { describe, expect, it } from 'vitest';
import { countsByModel, curate, progressByModel } from './curate';
import { feedbackRecord } from '../../core/testing/feedback';

const vec = (...xs: number[]): Float32Array => new Float32Array(xs);

describe('the curated set', () => {
  it('keeps ratings at or above the threshold and corrections; leaves out lower ratings and flagged ones', () => {
    const records = [
      feedbackRecord('a', 'A', { rating: 5 }),
      feedbackRecord('b', 'B', { rating: 4 }),
      feedbackRecord('c', 'C', { rating: 3 }),
      feedbackRecord('d', 'D', { rating: 1, correction: 'better D' }),
      feedbackRecord('e', 'E', { rating: 5, flagged: true }),
      feedbackRecord('f', 'F', { signals: ['copied'] }),
    ];
    const set = curate(records, { ratingThreshold: 4, dedupeSimilarity: 0.95 });
    expect(set.examples.map((e) => e.prompt).sort()).toEqual(['a', 'b', 'd']);
    expect(set.examples.find((e) => e.prompt === 'd')).toMatchObject({
      source: 'corrected',
      answer: 'better D',
    });
    expect(set.belowThreshold).toBe(1);
    expect(set.flagged).toBe(1);
    // The threshold is a setting.
    expect(curate(records, { ratingThreshold: 3, dedupeSimilarity: 0.95 }).examples).toHaveLength(4);
    expect(curate(records, { ratingThreshold: 5, dedupeSimilarity: 0.95 }).examples).toHaveLength(2);
  });

  it('merges exact duplicates (case and spacing) and near duplicates by cosine, keeping the best-rated', () => {
    const low = feedbackRecord('What is Rust?', 'ok', { rating: 4 });
    const high = feedbackRecord('what is  RUST?', 'great', { rating: 5 });
    const near1 = feedbackRecord('Explain tides', 'x', { rating: 4 });
    const near2 = feedbackRecord('Tell me about tides', 'y', { rating: 5 });
    const far = feedbackRecord('Bake bread', 'z', { rating: 4 });
    const vectors = new Map([
      [near1.id, vec(1, 0, 0.01)],
      [near2.id, vec(1, 0, 0)],
      [far.id, vec(0, 1, 0)],
    ]);
    const set = curate([low, high, near1, near2, far], {
      ratingThreshold: 4,
      dedupeSimilarity: 0.95,
      vectorOf: (r) => vectors.get(r.id) ?? null,
    });
    expect(set.examples.map((e) => e.answer).sort()).toEqual(['great', 'y', 'z']);
    expect(set.merged).toHaveLength(2);
    expect(set.merged).toEqual(
      expect.arrayContaining([
        { kept: high.id, dropped: low.id, similarity: 1, exact: true },
        expect.objectContaining({ kept: near2.id, dropped: near1.id, exact: false }),
      ]),
    );
    expect(set.merged.find((m) => !m.exact)!.similarity).toBeGreaterThanOrEqual(0.95);
    // Below the similarity setting nothing near merges.
    const strict = curate([near1, near2], {
      ratingThreshold: 4,
      dedupeSimilarity: 0.99999,
      vectorOf: (r) => vectors.get(r.id) ?? null,
    });
    expect(strict.examples).toHaveLength(2);
  });

  it('a correction outranks a higher rating when duplicates merge', () => {
    const rated = feedbackRecord('Same prompt', 'five', { rating: 5 });
    const corrected = feedbackRecord('same PROMPT', 'meh', { rating: 2, correction: 'wanted' });
    const set = curate([rated, corrected], { ratingThreshold: 4, dedupeSimilarity: 0.95 });
    expect(set.examples).toHaveLength(1);
    expect(set.examples[0]).toMatchObject({ source: 'corrected', answer: 'wanted' });
  });

  it('counts progress toward the target per model and says when it is reached', () => {
    const records = [1, 2, 3].map((i) => feedbackRecord(`p${i}`, 'a', { rating: 5 }));
    const other = feedbackRecord('q', 'a', {
      rating: 5,
      model: { kind: 'claude', id: 'c', label: 'Claude' },
    });
    const set = curate([...records, other], { ratingThreshold: 4, dedupeSimilarity: 0.95 });
    expect(progressByModel(set.examples, 3)).toEqual([
      { modelId: 'tiny', examples: 3, target: 3, reached: true },
      { modelId: 'c', examples: 1, target: 3, reached: false },
    ]);
  });

  it('counts ratings by model', () => {
    const counts = countsByModel([
      feedbackRecord('a', 'A', { rating: 5 }),
      feedbackRecord('b', 'B', { rating: 5, correction: 'x' }),
      feedbackRecord('c', 'C', {}),
    ]);
    expect(counts).toEqual([{ modelId: 'tiny', counts: [1, 0, 0, 0, 0, 2], corrected: 1 }]);
  });
});
