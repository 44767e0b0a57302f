import { describe, expect, it } from 'vitest';
import { isNetworkModel, localTpsScale } from './rate-scale';
import { summarise } from './summary';

const at = (model: string, tps: number | null) => ({ ...summarise(model, []), tpsP50: tps });

describe('rate scale', () => {
  it('tells network models from local ones by their id', () => {
    expect(isNetworkModel('claude:claude-haiku-4-5')).toBe(true);
    expect(isNetworkModel('server:llama3.1:8b')).toBe(true);
    expect(isNetworkModel('tandem-test/tiny-chat')).toBe(false);
  });

  it('scales the bars on local models only, so a fast stream does not flatten them', () => {
    const summaries = [at('tandem-test/tiny-chat', 1159.7), at('b/c', 778.4), at('claude:x', 33871)];
    expect(localTpsScale(summaries)).toBe(1159.7);
    expect(localTpsScale([at('claude:x', 33871)])).toBe(1);
  });
});
