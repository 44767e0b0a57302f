import { describe, expect, it } from 'vitest';
import type { EvalConfig } from '../../core/eval-config';
import { checkTally, describeChecks, describeTasks, taskCounts } from './task-words';

const config: EvalConfig = {
  version: 1,
  name: 'x',
  models: ['a', 'b', 'c'],
  sequences: [
    {
      name: 's1',
      prompts: [
        { name: 'p1', text: 't' },
        { name: 'p2', text: 't' },
      ],
    },
    { name: 's2', prompts: [{ name: 'p3', text: 't' }] },
  ],
  settings: { runs: 2, maxTokens: 10, temperature: 0 },
} as EvalConfig;

describe('task words', () => {
  it('counts answers and judgings in the progress bar unit', () => {
    expect(taskCounts(config)).toEqual({ answers: 18, judgings: 0, total: 18 });
    expect(describeTasks(config)).toBe('18 tasks');
    const judged = { ...config, judge: { model: 'a', rubric: 'r' } };
    expect(taskCounts(judged)).toEqual({ answers: 18, judgings: 18, total: 36 });
    expect(describeTasks(judged)).toBe('18 answers + 18 judgings = 36 tasks');
  });

  it('counts the configured checks, not the judge verdict', () => {
    const checks = [
      { type: 'contains', passed: true, detail: '' },
      { type: 'max-length', passed: true, detail: '' },
      { type: 'regex', passed: false, detail: '' },
      { type: 'similar', passed: false, detail: '' },
      { type: 'judge', passed: true, detail: '' },
    ];
    expect(checkTally(checks)).toEqual({ passed: 2, total: 4 });
    expect(describeChecks(checks)).toBe('2/4 checks');
    expect(describeChecks([{ type: 'judge', passed: true, detail: '' }])).toBe('');
  });
});
