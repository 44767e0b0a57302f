import { describe, expect, it } from 'vitest';
import type { EvalConfig } from '../../core/eval-config';
import {
  groupByModel,
  messagesFor,
  NO_ANSWER,
  pendingTasks,
  planTasks,
  taskKey,
  totalTasks,
} from './planner';

const config: EvalConfig = {
  version: 1,
  name: 'Plan',
  models: ['m1', 'm2'],
  sequences: [
    {
      name: 'A',
      prompts: [
        { name: 'a1', text: 'first' },
        { name: 'a2', text: 'second' },
      ],
    },
    { name: 'B', prompts: [{ name: 'b1', text: 'other' }] },
  ],
  settings: { runs: 2, maxTokens: 8, temperature: 0, systemPrompt: 'sys' },
};

describe('task planner', () => {
  it('plans models one after another, then runs, sequences and prompts in order', () => {
    const tasks = planTasks(config);
    expect(tasks).toHaveLength(2 * 2 * 3);
    expect(tasks.slice(0, 6).map((t) => t.key)).toEqual([
      'm1|0|0|1',
      'm1|0|1|1',
      'm1|1|0|1',
      'm1|0|0|2',
      'm1|0|1|2',
      'm1|1|0|2',
    ]);
    expect(groupByModel(tasks).map((g) => [g.model, g.tasks.length])).toEqual([
      ['m1', 6],
      ['m2', 6],
    ]);
    expect(totalTasks(config)).toBe(12);
    expect(totalTasks({ ...config, judge: { model: 'm1', rubric: 'r' } })).toBe(24);
  });

  it('resume runs only the tasks without a stored response, in plan order', () => {
    const tasks = planTasks(config);
    const done = new Set(tasks.slice(0, 5).map((t) => t.key));
    done.add(taskKey('m2', 1, 0, 2));
    const pending = pendingTasks(tasks, done);
    expect(pending).toHaveLength(12 - 6);
    expect(pending.map((t) => t.key)).toEqual([
      'm1|1|0|2',
      'm2|0|0|1',
      'm2|0|1|1',
      'm2|1|0|1',
      'm2|0|0|2',
      'm2|0|1|2',
    ]);
    expect(pendingTasks(tasks, new Set(tasks.map((t) => t.key)))).toEqual([]);
    // Grouping the rest still loads each model once.
    expect(groupByModel(pending).map((g) => g.model)).toEqual(['m1', 'm2']);
  });

  it('sends each prompt with the earlier prompts and this model’s own answers in the same run', () => {
    const second = planTasks(config).find((t) => t.key === 'm2|0|1|2')!;
    const answers = new Map([
      [taskKey('m2', 0, 0, 2), 'mine'],
      [taskKey('m1', 0, 0, 2), 'not mine'],
      [taskKey('m2', 0, 0, 1), 'other run'],
    ]);
    expect(messagesFor(second, config, answers)).toEqual([
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'mine' },
      { role: 'user', content: 'second' },
    ]);
    // A resumed task whose earlier answer is empty still sends a valid turn.
    expect(messagesFor(second, config, new Map())[2]).toEqual({ role: 'assistant', content: NO_ANSWER });
  });
});
