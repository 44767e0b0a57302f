import { describe, expect, it } from 'vitest';
import { classifyByRules } from './rules';
import { isLowQuality, lowQualityReason, qualityEstimates, qualityKey, type RatingEvent } from './quality';
import { decideRoute, type RouteContext } from './router';

const event = (rating: number, at: number, patch: Partial<RatingEvent> = {}): RatingEvent => ({
  category: 'greeting',
  modelId: 'tiny',
  target: 'local',
  rating,
  at,
  ...patch,
});

describe('quality estimate from ratings', () => {
  it('is the running mean per kind and model of local answers since the reset', () => {
    const estimates = qualityEstimates(
      [
        event(1, 1),
        event(2, 2),
        event(3, 3),
        event(5, 4, { target: 'claude' }),
        event(5, 5, { modelId: 'other' }),
        event(4, 0, { category: 'translate' }),
      ],
      1,
    );
    expect(estimates.get(qualityKey('greeting', 'tiny'))).toEqual({
      category: 'greeting',
      modelId: 'tiny',
      target: 'local',
      mean: 2,
      count: 3,
    });
    expect(estimates.get(qualityKey('greeting', 'other'))?.mean).toBe(5);
    // Rated before the reset: forgotten.
    expect(estimates.has(qualityKey('translate', 'tiny'))).toBe(false);
  });

  it('keys server answers on the server model, apart from a local model of the same id', () => {
    const estimates = qualityEstimates([
      event(1, 1),
      event(5, 2, { target: 'server' }),
      event(4, 3, { target: 'server' }),
      event(2, 4, { target: 'claude' }),
    ]);
    expect(estimates.get(qualityKey('greeting', 'tiny'))).toMatchObject({
      target: 'local',
      mean: 1,
      count: 1,
    });
    expect(estimates.get(qualityKey('greeting', 'tiny', 'server'))).toMatchObject({
      target: 'server',
      mean: 4.5,
      count: 2,
    });
    expect(estimates.size).toBe(2);
  });

  it('is low at mean ≤ 2.5 over ≥ 5 ratings', () => {
    expect(isLowQuality({ mean: 2.5, count: 5 })).toBe(true);
    expect(isLowQuality({ mean: 2.6, count: 5 })).toBe(false);
    expect(isLowQuality({ mean: 1, count: 4 })).toBe(false);
    expect(isLowQuality(null)).toBe(false);
    expect(lowQualityReason({ category: 'code generation', mean: 2.14 })).toBe(
      'local answers to code generation were rated 2.1/5',
    );
  });
});

describe('the router with learned quality', () => {
  const ctx: RouteContext = {
    strategy: 'hybrid',
    hasKey: true,
    localModelReady: true,
    localRuntimeAvailable: true,
    online: true,
    promptTokens: 10,
    localContextWindow: 2048,
    localModelName: 'Tiny',
  };
  const hello = classifyByRules('hello');
  const low = { category: hello.category, modelId: 'tiny', target: 'local' as const, mean: 1.4, count: 5 };

  it('sends a kind rated low locally to Claude, with the reason in the label and a code', () => {
    const decision = decideRoute(hello, { ...ctx, localQuality: low });
    expect(decision.target).toBe('claude');
    expect(decision.learned).toBe('low-local-rating');
    expect(decision.label).toBe(
      `Claude: ${hello.category}, local answers to ${hello.category} were rated 1.4/5`,
    );
  });

  it('changes nothing without enough low ratings, outside hybrid, without a key, or against an override', () => {
    expect(decideRoute(hello, { ...ctx, localQuality: { ...low, count: 4 } }).target).toBe('local');
    expect(decideRoute(hello, ctx).learned).toBeUndefined();
    expect(decideRoute(hello, { ...ctx, strategy: 'local-first', localQuality: low }).target).toBe('local');
    expect(decideRoute(hello, { ...ctx, hasKey: false, localQuality: low }).target).toBe('local');
    expect(decideRoute(hello, { ...ctx, messageOverride: 'local', localQuality: low }).target).toBe('local');
  });
});
