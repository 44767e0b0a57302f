import { describe, expect, it } from 'vitest';
import { loadPromptfoo, mergeDefault, varCombinations } from './load';
import type { InputFile } from './files';
import type { PfSuite } from '../../../core/promptfoo';

const CONFIG = `
description: Capitals
prompts:
  - file://prompts/ask.txt
  - id: file://chat.json
    label: chat
  - 'Inline: {{city}}'
providers:
  - openai:gpt-4o-mini
  - id: anthropic:messages:claude-3-haiku
    label: haiku
  - file://my_provider.js
defaultTest:
  vars:
    lang: English
  options:
    prefix: '>> '
  assert:
    - type: latency
      threshold: 5000
    - type: javascript
      value: output.length < 500
tests:
  - file://tests.csv
  - description: inline one
    vars:
      city: Rome
      lang: Italian
    threshold: 0.5
    assert:
      - type: not-icontains
        value: sorry
        weight: 2
        metric: tone
      - type: python
        value: len(output) > 0
      - type: llm-rubric
        value: Names {{city}} correctly
`;
const FILES: InputFile[] = [
  { name: 'prompts/ask.txt', text: 'What country is {{city}} in? Answer in {{lang}}.' },
  {
    name: 'chat.json',
    text: JSON.stringify([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Where is {{city}}?' },
    ]),
  },
  {
    name: 'tests.csv',
    text: 'city,__expected1,__expected2,__description\nParis,icontains: france,javascript: 1,paris test\nOslo,,,\n',
  },
];

async function load(config = CONFIG, files = FILES): Promise<PfSuite> {
  const r = await loadPromptfoo({ name: 'promptfooconfig.yaml', text: config }, files);
  if (!r.ok) throw new Error(r.message);
  return r.suite;
}

describe('loadPromptfoo: the mapping, field by field', () => {
  it('reads prompts from files (by name), chat JSON and inline strings, with labels', async () => {
    const suite = await load();
    expect(suite.description).toBe('Capitals');
    expect(suite.prompts).toEqual([
      { label: 'prompts/ask.txt', raw: 'What country is {{city}} in? Answer in {{lang}}.' },
      { label: 'chat', raw: FILES[1]!.text },
      { label: '', raw: 'Inline: {{city}}' },
    ]);
  });

  it('reads providers (ids and labels) and skips custom provider files, by name', async () => {
    const suite = await load();
    expect(suite.providers).toEqual([
      { id: 'openai:gpt-4o-mini' },
      { id: 'anthropic:messages:claude-3-haiku', label: 'haiku' },
    ]);
    expect(suite.skipped['custom provider file']).toBe(1);
  });

  it('reads CSV tests and inline tests, with defaultTest merged in', async () => {
    const suite = await load();
    expect(suite.tests).toHaveLength(3);
    const [paris, oslo, rome] = suite.tests;
    expect(paris).toMatchObject({
      description: 'paris test',
      vars: { lang: 'English', city: 'Paris' },
      options: { prefix: '>> ' },
    });
    // defaultTest's assertions come first, then the test's own.
    expect(paris!.assert.map((a) => a.type)).toEqual(['latency', 'javascript', 'icontains', 'javascript']);
    expect(oslo!.assert.map((a) => a.type)).toEqual(['latency', 'javascript']);
    expect(rome).toMatchObject({
      description: 'inline one',
      vars: { city: 'Rome', lang: 'Italian' },
      threshold: 0.5,
    });
    expect(rome!.assert[2]).toEqual({ type: 'not-icontains', value: 'sorry', weight: 2, metric: 'tone' });
  });

  it('counts the assertion types it cannot run, as written', async () => {
    const suite = await load();
    // defaultTest's javascript once, the CSV's once, python once.
    expect(suite.skipped).toEqual({ 'custom provider file': 1, javascript: 2, python: 1 });
  });

  it('reads JSON configs, YAML test files and defaultTest from a file', async () => {
    const json = JSON.stringify({
      prompts: ['Hi {{name}}'],
      providers: 'echo',
      tests: 'file://cases.yaml',
      defaultTest: 'file://default.yaml',
    });
    const r = await loadPromptfoo({ name: 'promptfooconfig.json', text: json }, [
      { name: 'cases.yaml', text: '- vars: { name: Ada }\n- vars: { name: [Bo, Cy] }\n' },
      { name: 'default.yaml', text: 'assert:\n  - type: contains\n    value: Hi\n' },
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.suite.providers).toEqual([{ id: 'echo' }]);
    // A list of strings in vars makes one test per value (promptfoo's var combinations).
    expect(r.suite.tests.map((t) => t.vars)).toEqual([{ name: 'Ada' }, { name: 'Bo' }, { name: 'Cy' }]);
    expect(r.suite.tests.every((t) => t.assert[0]!.type === 'contains')).toBe(true);
  });

  it('says what is wrong and loads nothing on bad input', async () => {
    const missing = await loadPromptfoo({ name: 'promptfooconfig.yaml', text: CONFIG }, []);
    expect(missing).toEqual({
      ok: false,
      message:
        'promptfooconfig.yaml: file://prompts/ask.txt is not among the chosen files (choose it together with the configuration)',
    });
    const bad = await loadPromptfoo({ name: 'promptfooconfig.yaml', text: 'prompts: [1]' }, []);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/^promptfooconfig\.yaml: prompts/);
    const yaml = await loadPromptfoo({ name: 'promptfooconfig.yaml', text: 'prompts: [a\n' }, []);
    expect(yaml.ok === false && yaml.message.startsWith('promptfooconfig.yaml: not valid YAML')).toBe(true);
    const test = await loadPromptfoo({ name: 'p.yaml', text: 'prompts: [a]\ntests:\n  - assert: 3\n' }, []);
    expect(test).toEqual({ ok: false, message: 'p.yaml: tests.0: assert: assert must be a list' });
  });
});

describe('mergeDefault and varCombinations', () => {
  it('spreads vars and options, puts default asserts first, keeps the test threshold first', () => {
    const merged = mergeDefault(
      { vars: { a: 1 }, assert: [{ type: 'equals', value: 'x' }], threshold: 0.2, options: { suffix: '!' } },
      {
        vars: { a: 0, b: 2 },
        assert: [{ type: 'contains', value: 'y' }],
        threshold: 0.9,
        options: { prefix: '>' },
      },
    );
    expect(merged).toEqual({
      vars: { a: 1, b: 2 },
      assert: [
        { type: 'contains', value: 'y' },
        { type: 'equals', value: 'x' },
      ],
      threshold: 0.2,
      options: { prefix: '>', suffix: '!' },
    });
    expect(mergeDefault({}, { threshold: 0.9 }).threshold).toBe(0.9);
  });

  it('expands string lists only', () => {
    expect(varCombinations({ a: ['x', 'y'], b: [1, 2], c: 'z' })).toEqual([
      { a: 'x', b: [1, 2], c: 'z' },
      { a: 'y', b: [1, 2], c: 'z' },
    ]);
  });
});

describe('the example in examples/promptfoo', () => {
  it('loads, with the unsupported javascript assertion listed', async () => {
    const { readFile } = await import('node:fs/promises');
    const dir = new URL('../../../../examples/promptfoo/', import.meta.url);
    const read = async (name: string) => ({ name, text: await readFile(new URL(name, dir), 'utf8') });
    const r = await loadPromptfoo(await read('promptfooconfig.yaml'), [
      await read('prompts/capital.txt'),
      await read('tests.csv'),
    ]);
    if (!r.ok) throw new Error(r.message);
    expect(r.suite.prompts.map((p) => p.label)).toEqual(['prompts/capital.txt', 'terse']);
    expect(r.suite.tests.map((t) => t.description)).toEqual(['france', 'australia', 'japan']);
    expect(r.suite.skipped).toEqual({ javascript: 1 });
  });
});

describe('prompt labels from files', () => {
  it('are the path as the configuration writes it, even when the file was chosen by name', async () => {
    const r = await loadPromptfoo(
      { name: 'promptfooconfig.yaml', text: 'prompts:\n  - file://prompts/a.txt\n  - file://more/*.txt\n' },
      [
        { name: 'a.txt', text: 'A' },
        { name: 'more/b.txt', text: 'B1\n---\nB2' },
      ],
    );
    if (!r.ok) throw new Error(r.message);
    expect(r.suite.prompts).toEqual([
      { label: 'prompts/a.txt', raw: 'A' },
      { label: 'more/b.txt: 1', raw: 'B1' },
      { label: 'more/b.txt: 2', raw: 'B2' },
    ]);
  });
});
