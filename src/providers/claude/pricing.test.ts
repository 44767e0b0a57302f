import { describe, expect, it } from 'vitest';
import {
  cacheSavingUsd,
  costUsd,
  DEFAULT_CLAUDE_MODELS,
  estimateSavingsUsd,
  findPrice,
  totalCost,
  type PriceTable,
} from './pricing';

describe('pricing', () => {
  it('has a price for every default model and matches dated IDs by prefix', () => {
    for (const model of DEFAULT_CLAUDE_MODELS) expect(findPrice(model)).not.toBeNull();
    expect(findPrice('claude-haiku-4-5-20251001')?.model).toBe('claude-haiku-4-5');
    expect(findPrice('claude-sonnet-5-5')?.model).toBe('claude-sonnet-5-5');
    expect(findPrice('claude-sonnet-5')?.model).toBe('claude-sonnet-5');
    expect(findPrice('gpt-4')).toBeNull();
  });

  it('computes cost per usage', () => {
    expect(costUsd({ inputTokens: 1_000_000, outputTokens: 0 }, 'claude-haiku-4-5')).toBe(1);
    expect(costUsd({ inputTokens: 1000, outputTokens: 500 }, 'claude-sonnet-5-5')).toBeCloseTo(
      0.002 + 0.005,
      10,
    );
    expect(costUsd({ inputTokens: 1, outputTokens: 1 }, 'unknown-model')).toBeNull();
  });

  it('uses an edited table', () => {
    const table: PriceTable = [
      { model: 'my-gateway-model', label: 'GW', inputPerMTok: 10, outputPerMTok: 20 },
    ];
    expect(costUsd({ inputTokens: 100_000, outputTokens: 100_000 }, 'my-gateway-model', table)).toBeCloseTo(
      3,
      10,
    );
  });

  it('estimates savings of local answers and totals a conversation', () => {
    expect(estimateSavingsUsd({ inputTokens: 2000, outputTokens: 1000 }, 'claude-haiku-4-5')).toBeCloseTo(
      0.007,
      10,
    );
    const totals = totalCost([
      { target: 'claude', model: 'claude-haiku-4-5', usage: { inputTokens: 1000, outputTokens: 1000 } },
      { target: 'claude', model: 'mystery', usage: { inputTokens: 10, outputTokens: 10 } },
      { target: 'local', model: 'claude-haiku-4-5', usage: { inputTokens: 2000, outputTokens: 1000 } },
    ]);
    expect(totals).toMatchObject({ inputTokens: 1010, outputTokens: 1010, unpriced: 1, localMessages: 1 });
    expect(totals.costUsd).toBeCloseTo(0.006, 10);
    expect(totals.savedUsd).toBeCloseTo(0.007, 10);
  });

  it('bills cache writes at 1.25x and reads at 0.1x the input price by default', () => {
    const row = findPrice('claude-haiku-4-5')!;
    expect(row).toMatchObject({ cacheWritePerMTok: 1.25, cacheReadPerMTok: 0.1 });
    // 1M input: 200k plain, 300k written, 500k read; no output.
    const usage = {
      inputTokens: 1_000_000,
      outputTokens: 0,
      cacheWriteTokens: 300_000,
      cacheReadTokens: 500_000,
    };
    expect(costUsd(usage, 'claude-haiku-4-5')).toBeCloseTo(0.2 + 0.375 + 0.05, 10);
    expect(cacheSavingUsd(usage, 'claude-haiku-4-5')).toBeCloseTo(0.5 * 0.9 - 0.3 * 0.25, 10);
  });

  it('uses edited cache prices, and the standard ratios for a row saved without them', () => {
    const table: PriceTable = [
      {
        model: 'gw',
        label: 'GW',
        inputPerMTok: 10,
        outputPerMTok: 20,
        cacheWritePerMTok: 20,
        cacheReadPerMTok: 5,
      },
      { model: 'old', label: 'Old', inputPerMTok: 10, outputPerMTok: 20 },
    ];
    const usage = {
      inputTokens: 200_000,
      outputTokens: 0,
      cacheWriteTokens: 100_000,
      cacheReadTokens: 100_000,
    };
    expect(costUsd(usage, 'gw', table)).toBeCloseTo(2 + 0.5, 10);
    expect(costUsd(usage, 'old', table)).toBeCloseTo(1.25 + 0.1, 10);
  });

  it('totals cache tokens and the caching saving', () => {
    const totals = totalCost([
      {
        target: 'claude',
        model: 'claude-haiku-4-5',
        usage: { inputTokens: 2000, outputTokens: 0, cacheWriteTokens: 1000 },
      },
      {
        target: 'claude',
        model: 'claude-haiku-4-5',
        usage: { inputTokens: 2100, outputTokens: 0, cacheReadTokens: 2000 },
      },
    ]);
    expect(totals).toMatchObject({ cacheWriteTokens: 1000, cacheReadTokens: 2000 });
    expect(totals.cacheSavedUsd).toBeCloseTo((2000 * 0.9 - 1000 * 0.25) / 1_000_000, 12);
  });
});
