import { describe, expect, it } from 'vitest';
import { pickConfig } from './import.svelte';

const v1 = JSON.stringify({ version: 1, name: 'x', sequences: [{ name: 's', prompts: [] }] });

describe('pickConfig', () => {
  it('a single version-1 JSON file (its sequences have prompts) is Tandem’s', () => {
    expect(pickConfig([{ name: 'eval.json', text: v1 }]).kind).toBe('tandem');
    // A broken one still goes to Tandem's parser, which names the problem.
    expect(pickConfig([{ name: 'broken.json', text: '{"version":1,' }]).kind).toBe('tandem');
  });

  it('finds the promptfoo configuration among the chosen files', () => {
    const csv = { name: 'tests.csv', text: 'a\n1\n' };
    const named = pickConfig([csv, { name: 'promptfooconfig.yaml', text: 'prompts: [a]' }]);
    expect(named).toMatchObject({ kind: 'promptfoo', file: { name: 'promptfooconfig.yaml' }, others: [csv] });
    expect(pickConfig([{ name: 'suite.yml', text: 'description: d\nprompts: [a]\n' }, csv]).kind).toBe(
      'promptfoo',
    );
    expect(pickConfig([{ name: 'pf.json', text: '{"prompts": ["a"]}' }]).kind).toBe('promptfoo');
  });

  it('says so when none of several files is a configuration', () => {
    expect(
      pickConfig([
        { name: 'a.csv', text: '' },
        { name: 'b.txt', text: '' },
      ]),
    ).toEqual({
      kind: 'none',
      message: 'None of the chosen files is a configuration (a Tandem .json or a promptfooconfig.yaml).',
    });
  });
});
