import { describe, expect, it } from 'vitest';
import { HashEmbedder } from '../health/testing/hash-embedder';
import { MemoEmbedder } from './memo';

describe('MemoEmbedder', () => {
  it('embeds a text once, also when it is asked for again while the first call runs', async () => {
    const hash = new HashEmbedder();
    const memo = new MemoEmbedder(hash);
    const [early] = await Promise.all([memo.embed(['deploy the app']), memo.embed(['deploy the app'])]);
    const [user, answer] = await memo.embed(['deploy the app', 'run the pipeline']);
    expect(hash.calls.map((c) => c.texts)).toEqual([['deploy the app'], ['run the pipeline']]);
    expect(user).toBe(early![0]);
    expect(answer).toEqual((await new HashEmbedder().embed(['run the pipeline']))[0]);
  });

  it('forgets a failed embedding and keeps at most `capacity` texts', async () => {
    let fail = true;
    const hash = new HashEmbedder();
    const memo = new MemoEmbedder(
      { embed: (texts) => (fail ? Promise.reject(new Error('worker died')) : hash.embed(texts)) },
      2,
    );
    await expect(memo.embed(['a b'])).rejects.toThrow('worker died');
    fail = false;
    await memo.embed(['a b']);
    await memo.embed(['c d', 'e f']);
    expect(memo.size).toBe(2);
    expect(memo.has('a b')).toBe(false);
    expect(hash.calls.map((c) => c.texts)).toEqual([['a b'], ['c d', 'e f']]);
  });
});
