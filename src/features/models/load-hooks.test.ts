import { describe, expect, it } from 'vitest';
import { LoadHooks } from './load-hooks';

describe('LoadHooks', () => {
  it('tells every listener when a load ends, failed loads too, and lets one stop listening', async () => {
    const hooks = new LoadHooks<{ id: string }>();
    const seen: string[] = [];
    hooks.onStart((entry) => seen.push(`start ${entry.id}`));
    hooks.onEnd(({ entry, ms }) => void seen.push(`end ${entry.id} ${ms >= 0}`));
    const stop = hooks.onEnd(({ entry }) => void seen.push(`second ${entry.id}`));

    await hooks.run({ id: 'a' }, async () => void seen.push('loading a'));
    stop();
    await expect(
      hooks.run({ id: 'b' }, async () => {
        throw new Error('no memory');
      }),
    ).rejects.toThrow('no memory');
    expect(seen).toEqual(['start a', 'loading a', 'end a true', 'second a', 'start b', 'end b true']);
  });
});
