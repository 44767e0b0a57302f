import { describe, expect, it } from 'vitest';
import { cosine } from '../../core/vectors';
import { HASH_EMBEDDER_DIMS, HashEmbedder, hashEmbed, tokenize } from './testing/hash-embedder';

describe('hash embedder (test double for a sentence model)', () => {
  it('returns deterministic unit vectors of the configured size', async () => {
    const e = new HashEmbedder();
    const [a, b] = await e.embed(['Why did the build fail?', 'Why did the build fail?']);
    expect(a).toHaveLength(HASH_EMBEDDER_DIMS);
    expect(a).toEqual(b);
    expect(cosine(a!, a!)).toBeCloseTo(1, 6);
    expect(new HashEmbedder(64).dims).toBe(64);
    expect(hashEmbed('x y', 64)).toHaveLength(64);
  });

  it('makes sentences sharing words similar and sentences sharing none dissimilar', () => {
    const q = hashEmbed('Why did the deployment fail?');
    expect(cosine(q, hashEmbed('The deployment failed because of a timeout.'))).toBeGreaterThan(0.4);
    expect(cosine(q, hashEmbed('Sourdough bread needs a lively starter.'))).toBeLessThan(0.1);
  });

  it('drops stopwords and stems simple suffixes', () => {
    expect(tokenize('The deployments failed and are failing')).toEqual(['deployment', 'fail', 'fail']);
  });

  it('records each call and its texts', async () => {
    const e = new HashEmbedder();
    await e.embed(['a b', 'c d']);
    await e.embed(['e f']);
    expect(e.calls).toEqual([{ texts: ['a b', 'c d'] }, { texts: ['e f'] }]);
    expect(e.textCount).toBe(3);
  });
});
