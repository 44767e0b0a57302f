import { describe, expect, it } from 'vitest';
import { documentContext, sourcesFrom } from './context';
import { ChunkSearch, selectWithinBudget, type SearchableChunk } from './retrieve';

const chunk = (id: string, text: string, vector: number[] | null, tokens = 10): SearchableChunk => ({
  id,
  documentId: id.startsWith('a') ? 'docA' : 'docB',
  text,
  tokens,
  vector,
});

const chunks = [
  chunk('a0', 'The boiling point of water is 100 degrees Celsius at sea level.', [1, 0, 0]),
  chunk('a1', 'Mountains are high; the air pressure is lower there.', [0.7, 0.7, 0]),
  chunk('b0', 'Our cat likes to sleep in the sun all afternoon.', [0, 0, 1]),
  chunk('b1', 'Water freezes at zero degrees.', [0.9, 0.1, 0]),
];

describe('hybrid retrieval', () => {
  const search = new ChunkSearch(chunks);

  it('ranks the chunk both rankings agree on first', () => {
    const ranked = search.rank('boiling point of water', [1, 0, 0]);
    expect(ranked[0]!.index).toBe(0);
    expect(ranked[0]!.bm25).toBeGreaterThan(0);
    expect(ranked[0]!.similarity).toBeCloseTo(1, 6);
    // The cat chunk shares no word and points elsewhere: it is not a candidate at all.
    expect(ranked.some((r) => r.index === 2)).toBe(false);
  });

  it('finds by meaning a chunk with none of the query words', () => {
    const ranked = search.rank('altitude', [0.6, 0.8, 0]);
    expect(ranked[0]!.index).toBe(1);
    expect(ranked[0]!.bm25).toBe(0);
  });

  it('without vectors it is BM25 alone', () => {
    const ranked = search.rank('cat sun', null);
    expect(ranked.map((r) => r.index)).toEqual([2]);
    expect(ranked[0]!.similarity).toBeNull();
  });
});

describe('choosing chunks within the budget', () => {
  it('keeps rank order, passes over a chunk too large for what is left, and stops at the limit', () => {
    const ranked = [{ tokens: 60 }, { tokens: 50 }, { tokens: 30 }, { tokens: 10 }];
    expect(selectWithinBudget(ranked, 100)).toEqual([{ tokens: 60 }, { tokens: 30 }, { tokens: 10 }]);
    expect(selectWithinBudget(ranked, 100, 2)).toEqual([{ tokens: 60 }, { tokens: 30 }]);
    expect(selectWithinBudget(ranked, 5)).toEqual([]);
  });

  it('numbers sources as given and builds the block the model reads', () => {
    const sources = sourcesFrom(
      [chunks[3]!, chunks[0]!],
      new Map([
        ['docA', 'physics.md'],
        ['docB', 'notes.pdf'],
      ]),
    );
    expect(sources.map((s) => [s.n, s.documentName])).toEqual([
      [1, 'notes.pdf'],
      [2, 'physics.md'],
    ]);
    const block = documentContext(sources);
    expect(block).toContain('[1] notes.pdf\nWater freezes at zero degrees.');
    expect(block).toContain('[2] physics.md\nThe boiling point');
    expect(documentContext([])).toBe('');
  });
});
