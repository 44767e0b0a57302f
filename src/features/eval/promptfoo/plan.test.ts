import { describe, expect, it } from 'vitest';
import { buildPlan, suiteSummary, toMessages } from './plan';
import type { PfSuite } from '../../../core/promptfoo';

const settings = { runs: 1, maxTokens: 32, temperature: 0 };
const suite: PfSuite = {
  description: 'Capitals',
  prompts: [
    { label: 'ask', raw: 'Where is {{ city | upper }}?' },
    {
      label: '',
      raw: '[{"role":"system","content":"Be brief."},{"role":"user","content":"Name {{city}}."}]',
    },
  ],
  providers: [{ id: 'openai:gpt-4o-mini' }, { id: 'anthropic:x', label: 'haiku' }],
  tests: [
    {
      description: 'paris',
      vars: { city: 'Paris' },
      assert: [
        { type: 'icontains', value: '{{city}}' },
        { type: 'javascript', value: 'true' },
        { type: 'llm-rubric', value: 'Mentions {{city}}' },
      ],
      threshold: 0.5,
      options: { prefix: '> ' },
    },
    { vars: { city: 'Rome' }, assert: [{ type: 'not-contains', value: ['x'] }], options: {} },
  ],
  skipped: { javascript: 1 },
};

describe('buildPlan', () => {
  it('maps tests × prompts to sequences of one prompt, named by description/label or index', () => {
    const r = buildPlan(suite, { models: ['tandem/a', 'claude:b'], grader: 'claude:b', settings });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.models).toEqual(['tandem/a', 'claude:b']);
    expect(r.config.sequences).toEqual([
      { name: 'paris', prompts: [{ name: 'ask', text: '> Where is PARIS?' }] },
      {
        name: 'paris',
        prompts: [{ name: '1', text: `> ${suite.prompts[1]!.raw.replace('{{city}}', 'Paris')}` }],
      },
      { name: '1', prompts: [{ name: 'ask', text: 'Where is ROME?' }] },
      { name: '1', prompts: [{ name: '1', text: 'Name Rome.' }] },
    ]);
    expect(r.config.judge?.model).toBe('claude:b');
    expect(r.plan.providers).toEqual({ 'tandem/a': suite.providers[0], 'claude:b': suite.providers[1] });
  });

  it('sends chat prompts as their messages, renders assertion values, drops what cannot run', () => {
    const r = buildPlan(suite, { models: ['a/a', 'b/b'], grader: 'b/b', settings });
    if (!r.ok) throw new Error(r.message);
    const [first, chat] = r.plan.cases;
    expect(first!.messages).toEqual([{ role: 'user', content: '> Where is PARIS?' }]);
    // The prefix goes before the raw prompt; a JSON chat list with a prefix is no longer JSON.
    expect(chat!.messages).toEqual([
      { role: 'user', content: `> ${suite.prompts[1]!.raw.replace(/\{\{city\}\}/g, 'Paris')}` },
    ]);
    expect(r.plan.cases[3]!.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Name Rome.' },
    ]);
    expect(first!.assert).toEqual([
      { type: 'icontains', value: 'Paris' },
      { type: 'llm-rubric', value: 'Mentions Paris' },
    ]);
    expect(first!.threshold).toBe(0.5);
  });

  it('needs every provider mapped, to different models, and a grader for model-graded tests', () => {
    expect(buildPlan(suite, { models: ['a/a'], settings })).toEqual({
      ok: false,
      message: 'Map the provider "haiku" to a Tandem model.',
    });
    expect(buildPlan(suite, { models: ['a/a', 'a/a'], settings })).toMatchObject({
      ok: false,
      message:
        '"openai:gpt-4o-mini" and "haiku" are both mapped to a/a: map each provider to a different model.',
    });
    expect(buildPlan(suite, { models: ['a/a', 'b/b'], settings })).toMatchObject({
      ok: false,
      message: 'Choose the grader model for llm-rubric / model-graded-closedqa.',
    });
  });

  it('names the test and prompt of a template it cannot render', () => {
    const bad = { ...suite, prompts: [{ label: 'p', raw: '{{ city | wordcount }}' }] };
    expect(buildPlan(bad, { models: ['a/a', 'b/b'], grader: 'b/b', settings })).toEqual({
      ok: false,
      message: 'test paris, prompt p: unsupported filter "wordcount"',
    });
  });
});

describe('toMessages and suiteSummary', () => {
  it('reads a JSON chat list, else one user turn', () => {
    expect(toMessages('[{"role":"user","content":"hi"}]')).toEqual([{ role: 'user', content: 'hi' }]);
    expect(toMessages('[not json')).toEqual([{ role: 'user', content: '[not json' }]);
    expect(toMessages('[{"role":"tool","content":"x"}]')).toEqual([
      { role: 'user', content: '[{"role":"tool","content":"x"}]' },
    ]);
  });
  it('counts prompts, tests, runnable assertions and lists the skipped', () => {
    expect(suiteSummary(suite)).toEqual({ prompts: 2, tests: 2, assertions: 3, skipped: 'javascript (1)' });
  });
});
