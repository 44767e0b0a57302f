import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { EvalConfig } from '../../core/eval-config';
import type { EvaluationRecord } from '../../core/evaluation';
import type { StreamPart } from '../../core/provider';
import { EvaluationRepository } from '../../platform/db/evaluations';
import { openAppDb } from '../../platform/db/schema';
import { DEFAULT_HEALTH_SETTINGS } from '../health';
import { HashEmbedder } from '../health/testing/hash-embedder';
import type { RunnerSession } from '../models';
import { EvalState } from './eval.svelte';
import { inlineRegexRunner } from './testing/inline-regex';

const config: EvalConfig = {
  version: 1,
  name: 'Two models',
  models: ['good/a', 'good/b'],
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
  checks: [{ type: 'contains', value: 'answer' }],
};

function answer(text: string): StreamPart[] {
  return [
    { type: 'text-delta', text },
    {
      type: 'finish',
      reason: 'stop',
      usage: { inputTokens: 3, outputTokens: 2 },
      timings: { timeToFirstTokenMs: 1, totalMs: 2, tokensPerSecond: 5 },
    },
  ];
}

/** The real repository over fake-indexeddb; models are scripted sessions that answer at once. */
async function setUp(options: { onAnswer?: (count: number) => void } = {}) {
  const repo = new EvaluationRepository(await openAppDb(`eval-${Math.random()}`));
  let clock = 1000;
  let answered = 0;
  const make = () =>
    new EvalState({
      repo,
      resolve: (model) => ({ backend: 'transformers', entry: { id: model } as never }),
      open: async (ref): Promise<RunnerSession> => {
        const model = (ref as { entry: { id: string } }).entry.id;
        return {
          async *run(messages) {
            for (const p of answer(`${model} answer to ${messages.at(-1)!.content}`)) yield p;
            options.onAnswer?.(++answered);
          },
          close: async () => undefined,
        };
      },
      embedder: () => new HashEmbedder(),
      regex: inlineRegexRunner,
      healthSettings: () => DEFAULT_HEALTH_SETTINGS,
      addMetrics: async () => undefined,
      now: () => ++clock,
      device: () => 'wasm',
      clock: () => ++clock,
    });
  return { repo, make };
}

describe('EvalState', () => {
  it('a configuration file that does not parse is refused with its name and changes nothing', async () => {
    const { make } = await setUp();
    const state = make();
    expect(state.loadConfigText(JSON.stringify(config), 'two.json')).toBe(true);
    expect(state.loadConfigText('{"version": 1, "name": ', 'broken.json')).toBe(false);
    expect(state.configError).toMatch(/^broken\.json: /);
    expect(state.config?.name).toBe('Two models');
    expect(state.configSource).toBe('two.json');
  });

  it('creates an evaluation, runs every task into the store, and lists it after a restart', async () => {
    const { repo, make } = await setUp();
    const state = make();
    await state.init();
    expect(state.evaluations).toEqual([]);
    state.loadConfigText(JSON.stringify(config), 'two.json');
    await state.run();

    expect(state.running).toBe(false);
    expect(state.evaluations).toHaveLength(1);
    const done = state.evaluations[0]!;
    expect(done).toMatchObject({ status: 'done', totalTasks: 4, doneTasks: 4 });
    expect(state.progress).toMatchObject({ done: 4, total: 4 });
    expect(state.selectedId).toBe(done.id);
    expect(state.responses.map((r) => r.text).sort()).toEqual([
      'good/a answer to one',
      'good/a answer to two',
      'good/b answer to one',
      'good/b answer to two',
    ]);
    expect(state.log.at(-1)).toMatchObject({ level: 'ok', text: 'Finished "Two models".' });
    expect(await repo.responses(done.id)).toHaveLength(4);

    const restarted = make();
    await restarted.init();
    expect(restarted.evaluations.map((e) => [e.id, e.status])).toEqual([[done.id, 'done']]);
    expect(restarted.selectedId).toBe(done.id);
    expect(restarted.responses).toHaveLength(4);
  });

  it('an evaluation over the task cap is not started and nothing is stored (100,000 tasks)', async () => {
    const { repo, make } = await setUp();
    const state = make();
    await state.init();
    const huge = {
      ...config,
      settings: { ...config.settings, runs: 20 },
      sequences: [
        { name: 'many', prompts: Array.from({ length: 5000 }, (_, i) => ({ name: `p${i}`, text: `q${i}` })) },
      ],
    };
    expect(state.loadConfigText(JSON.stringify(huge), 'huge.json')).toBe(true);
    await state.run();
    expect(state.evaluations).toEqual([]);
    expect(await repo.list()).toEqual([]);
    expect(state.log.at(-1)).toMatchObject({
      level: 'error',
      text: expect.stringContaining('more than 10,000 tasks'),
    });
  });

  it('a run found "running" after a reload is marked interrupted, and resume runs only the tasks left', async () => {
    let state: EvalState | null = null;
    const { repo, make } = await setUp({ onAnswer: (n) => n === 1 && state?.stop() });
    state = make();
    state.loadConfigText(JSON.stringify(config), 'two.json');
    await state.run();
    const stopped = state.evaluations[0]!;
    expect(stopped.status).toBe('stopped');
    const kept = (await repo.responses(stopped.id)).length;
    expect(kept).toBeLessThan(4);

    // As a crash leaves it: stored as running.
    const crashed: EvaluationRecord = { ...(await repo.get(stopped.id))!, status: 'running' };
    await repo.put(crashed);
    const reloaded = make();
    await reloaded.init();
    expect(reloaded.evaluations[0]?.status).toBe('interrupted');
    expect((await repo.get(stopped.id))?.status).toBe('interrupted');

    await reloaded.resume(stopped.id);
    expect(reloaded.evaluations[0]).toMatchObject({ status: 'done', doneTasks: 4 });
    expect(await repo.responses(stopped.id)).toHaveLength(4);
  });

  it('offers blind pairs of the two models, stores a vote and ranks them', async () => {
    const { repo, make } = await setUp();
    const state = make();
    state.loadConfigText(JSON.stringify(config), 'two.json');
    await state.run();
    const pair = state.pair!;
    expect(pair).not.toBeNull();
    expect([pair.a.model, pair.b.model].sort()).toEqual(['good/a', 'good/b']);
    const winner = pair.a.model;
    expect(state.revealed).toBeNull();
    await state.vote('a');
    expect(await repo.votes()).toHaveLength(1);
    expect(state.votes[0]).toMatchObject({ choice: 'a', modelA: winner });
    expect(state.leaderboard[0]?.model).toBe(winner);
    // The voted pair stays, revealed, until the next pair; a second vote on it counts nothing.
    expect(state.pair).toBe(pair);
    expect(state.revealed).toBe(pair);
    await state.vote('b');
    expect(await repo.votes()).toHaveLength(1);
    state.nextPair();
    expect(state.revealed).toBeNull();

    await state.remove(state.evaluations[0]!.id);
    expect(state.evaluations).toEqual([]);
    expect(state.votes).toEqual([]);
    expect(await repo.list()).toEqual([]);
  });
});
