import { describe, expect, it } from 'vitest';
import type { EvalConfig } from '../../core/eval-config';
import { DEFAULT_PRICE_TABLE } from '../../providers/claude/pricing';
import { CONFIRM_TASKS, describeEstimate, estimateRun, TASK_CAP } from './estimate';

const config = (over: Partial<EvalConfig> & { prompts?: number; runs?: number }): EvalConfig => ({
  version: 1,
  name: 'cost',
  models: over.models ?? ['tandem-test/tiny-chat'],
  sequences: [
    {
      name: 's',
      prompts: Array.from({ length: over.prompts ?? 2 }, (_, i) => ({
        name: `p${i}`,
        text: 'x'.repeat(400),
      })),
    },
  ],
  settings: { runs: over.runs ?? 1, maxTokens: 100, temperature: 0 },
  ...(over.judge ? { judge: over.judge } : {}),
});

describe('estimateRun', () => {
  it('a local-only evaluation is free and runs without asking', () => {
    const e = estimateRun(config({ prompts: 3, runs: 2 }), DEFAULT_PRICE_TABLE);
    expect(e).toMatchObject({ tasks: 6, paidCalls: 0, maxCostUsd: 0, verdict: 'run' });
    expect(describeEstimate(e)).toBe('6 tasks, all on this device (no cost).');
  });

  it("says which tasks go to the user's own server", () => {
    const e = estimateRun(config({ models: ['server:llama3.1:8b', 'a/b'], prompts: 2 }), DEFAULT_PRICE_TABLE);
    expect(e).toMatchObject({ tasks: 4, serverTasks: 2, paidCalls: 0, verdict: 'run' });
    expect(describeEstimate(e)).toBe('4 tasks, 2 on your server, no paid calls.');
  });

  it('counts every Claude answer at the token limit, with its sequence sent again', () => {
    // Haiku 4.5: $1 in, $5 out per million. Prompt 1: 100 in + 100 out; prompt 2: 100+100+100 in + 100 out.
    const e = estimateRun(config({ models: ['claude:claude-haiku-4-5'], prompts: 2 }), DEFAULT_PRICE_TABLE);
    expect(e.paidCalls).toBe(2);
    expect(e.maxCostUsd).toBeCloseTo((100 + 300) / 1e6 + (200 * 5) / 1e6, 9);
    expect(e.verdict).toBe('run');
    expect(describeEstimate(e)).toBe('2 tasks, 2 paid Claude calls, under $0.01.');
  });

  it('a Claude judge adds one paid verdict per answer of every model', () => {
    const e = estimateRun(
      config({
        models: ['a/b', 'c/d'],
        prompts: 3,
        judge: { model: 'claude:claude-haiku-4-5', rubric: 'Is it right?' },
      }),
      DEFAULT_PRICE_TABLE,
    );
    expect(e.tasks).toBe(12);
    expect(e.paidCalls).toBe(6);
    expect(e.maxCostUsd).toBeGreaterThan(0);
  });

  it('asks above the task or cost threshold, and when the price is unknown', () => {
    expect(estimateRun(config({ prompts: CONFIRM_TASKS + 1 }), DEFAULT_PRICE_TABLE).verdict).toBe('confirm');
    const pricey = estimateRun(
      config({ models: ['claude:claude-sonnet-4-5'], prompts: 200, runs: 5 }),
      DEFAULT_PRICE_TABLE,
    );
    expect(pricey.maxCostUsd).toBeGreaterThan(1);
    expect(pricey.verdict).toBe('confirm');
    const few = estimateRun(config({ models: ['claude:some-new-model'] }), DEFAULT_PRICE_TABLE);
    expect(few.maxCostUsd).toBeNull();
    expect(few.verdict).toBe('run');
    const unknown = estimateRun(
      config({ models: ['claude:some-new-model'], prompts: 51 }),
      DEFAULT_PRICE_TABLE,
    );
    expect(unknown.verdict).toBe('confirm');
    expect(describeEstimate(unknown)).toContain('cost unknown');
  });

  it('refuses more than the cap (5,000 prompts × 20 runs is 100,000 tasks)', () => {
    const e = estimateRun(config({ prompts: 5000, runs: 20 }), DEFAULT_PRICE_TABLE);
    expect(e.tasks).toBe(100_000);
    expect(e.tasks).toBeGreaterThan(TASK_CAP);
    expect(e.verdict).toBe('refuse');
    expect(describeEstimate(e)).toMatch(/^100,000 tasks: over the limit of 10,000/);
  });
});
