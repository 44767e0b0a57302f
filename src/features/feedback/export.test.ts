import { describe, expect, it } from 'vitest';
import { curate } from './curate';
import { preferenceJsonl, preferencePairs, scoredAnswers, trainingJsonl } from './export';
import { feedbackRecord } from '../../core/testing/feedback';

describe('exports', () => {
  it('writes one chat-format line per example, the correction replacing the answer', () => {
    const records = [
      feedbackRecord('Capital of France?', 'Lyon', { rating: 2, correction: 'Paris.' }),
      feedbackRecord('hi', 'Hello!', { rating: 5 }),
    ];
    const text = trainingJsonl(curate(records, { ratingThreshold: 4, dedupeSimilarity: 0.95 }).examples);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Capital of France?' },
          { role: 'assistant', content: 'Paris.' },
        ],
        model: 'tiny',
        rating: 2,
        source: 'corrected',
      },
      {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'Hello!' },
        ],
        model: 'tiny',
        rating: 5,
        source: 'rated',
      },
    ]);
    expect(Object.keys(lines[0]!)).toEqual(['messages', 'model', 'rating', 'source']);
  });

  it('pairs better against worse answers to the same prompt; equal scores make no pair', () => {
    const pairs = preferencePairs([
      { prompt: 'Q?', answer: 'good', score: 5 },
      { prompt: 'q?', answer: 'bad', score: 2 },
      { prompt: ' Q? ', answer: 'tie', score: 2 },
      { prompt: 'other', answer: 'alone', score: 1 },
    ]);
    expect(pairs).toEqual([
      { prompt: 'Q?', chosen: 'good', rejected: 'bad' },
      { prompt: 'Q?', chosen: 'good', rejected: 'tie' },
    ]);
  });

  it('accepts pairs from any source (e.g. arena votes), without duplicates', () => {
    const vote = { prompt: 'x', chosen: 'A', rejected: 'B' };
    expect(preferencePairs([], [vote, vote])).toEqual([vote]);
  });

  it('a correction is chosen over the answer it replaced; a regeneration rated lower is rejected', () => {
    const first = feedbackRecord('Name a colour', 'blue', { rating: 2 });
    const regenerated = feedbackRecord('Name a colour', 'red', { rating: 4 });
    const corrected = feedbackRecord('Capital?', 'Lyon', { correction: 'Paris' });
    const flagged = feedbackRecord('Name a colour', 'spam', { rating: 1, flagged: true });
    const pairs = preferencePairs(scoredAnswers([first, regenerated, corrected, flagged]));
    expect(pairs).toEqual(
      expect.arrayContaining([
        { prompt: 'Name a colour', chosen: 'red', rejected: 'blue' },
        { prompt: 'Capital?', chosen: 'Paris', rejected: 'Lyon' },
      ]),
    );
    expect(pairs).toHaveLength(2);
    const lines = preferenceJsonl(pairs)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as object);
    for (const line of lines) expect(Object.keys(line)).toEqual(['prompt', 'chosen', 'rejected']);
  });
});
