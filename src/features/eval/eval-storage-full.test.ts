import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { EvalConfig } from '../../core/eval-config';
import { EvaluationRepository } from '../../platform/db/evaluations';
import { openAppDb } from '../../platform/db/schema';
import { DEFAULT_HEALTH_SETTINGS } from '../health';
import type { RunnerSession } from '../models';
import { EvalState } from './eval.svelte';
import { inlineRegexRunner } from './testing/inline-regex';

const config: EvalConfig = {
  version: 1,
  name: 'One model',
  models: ['good/a'],
  sequences: [
    {
      name: 'S',
      prompts: [
        { name: 'p1', text: 'one' },
        { name: 'p2', text: 'two' },
      ],
    },
  ],
  settings: { runs: 1, maxTokens: 8, temperature: 0 },
  checks: [],
};

const quota = (): Promise<never> => Promise.reject(new DOMException('', 'QuotaExceededError'));

/** The real repository; `disk.full` (or `fullAfter` stored responses) makes its writes fail. */
async function setUp(fullAfter = Infinity) {
  const repo = new EvaluationRepository(await openAppDb(`eval-full-${Math.random()}`));
  const disk = { full: false };
  let stored = 0;
  const put = repo.put.bind(repo);
  const putResponse = repo.putResponse.bind(repo);
  repo.put = (e) => (disk.full ? quota() : put(e));
  repo.putResponse = (r, e) => (disk.full || ++stored > fullAfter ? quota() : putResponse(r, e));
  const errors: unknown[] = [];
  let clock = 1000;
  const state = new EvalState({
    repo,
    resolve: (model) => ({ backend: 'transformers', entry: { id: model } as never }),
    open: async (): Promise<RunnerSession> => ({
      async *run() {
        yield { type: 'text-delta', text: 'an answer' };
        yield {
          type: 'finish',
          reason: 'stop',
          usage: { inputTokens: 3, outputTokens: 2 },
          timings: { timeToFirstTokenMs: 1, totalMs: 2, tokensPerSecond: 5 },
        };
      },
      close: async () => undefined,
    }),
    embedder: () => null,
    regex: inlineRegexRunner,
    healthSettings: () => ({ ...DEFAULT_HEALTH_SETTINGS }),
    addMetrics: async () => undefined,
    now: () => ++clock,
    device: () => 'wasm',
    clock: () => ++clock,
    onError: (e) => void errors.push(e),
  });
  await state.init();
  state.loadConfigText(JSON.stringify(config), 'one.json');
  return { state, repo, disk, errors };
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

describe('EvalState on a full disk', () => {
  it('Run evaluation that cannot store its record says so in the console and a notice', async () => {
    const { state, repo, disk, errors } = await setUp();
    disk.full = true;
    await state.run();
    expect(state.running).toBe(false);
    expect(state.evaluations).toEqual([]);
    expect(await repo.list()).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(messageOf(errors[0])).toMatch(/^Could not save: storage is full\. The evaluation was not added\./);
    expect(state.log.at(-1)).toMatchObject({ level: 'error', text: messageOf(errors[0]) });
  });

  it('a run the disk fills up mid-way stops, interrupted, says so once, and is not left running', async () => {
    const { state, errors } = await setUp(1);
    await state.run();
    expect(state.running).toBe(false);
    expect(state.evaluations[0]?.status).toBe('interrupted');
    expect(errors.map(messageOf)).toEqual([
      expect.stringMatching(/^Could not save: storage is full\. The run stopped/),
    ]);
  });
});
