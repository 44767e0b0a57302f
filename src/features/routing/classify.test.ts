import { describe, expect, it } from 'vitest';
import { HashEmbedder } from '../health/testing/hash-embedder';
import { classifyTask, combineClassifications, DEFAULT_EXAMPLES, SemanticClassifier } from './classify';
import { classifyByRules } from './rules';
import { type Classification } from '../../core/route';
import { LABELLED_PROMPTS } from '../../../tests/fixtures/router/labelled-prompts';

describe('classifyByRules', () => {
  it.each([
    ['hello!', 'simple', 'greeting'],
    ['What is the capital of Peru?', 'simple', 'short factual question'],
    ['Summarise this: the cat sat on the mat all day long.', 'simple', 'summarise'],
    ['Translate "good luck" into German', 'simple', 'translate'],
    ['Rewrite this more formally: gimme the file', 'simple', 'rewrite'],
    ['Write a Rust function that reverses a linked list', 'complex', 'code generation'],
    ['Why do I get TypeError: x is undefined here?', 'complex', 'debugging'],
    ['Explain step by step how TLS handshakes work', 'complex', 'multi-step reasoning'],
    ['Analyze the trends in this quarterly data and assess the risks', 'complex', 'long analysis'],
    ['calculate 17 * 23', 'tool', 'calculation'],
    ['What is 15% of 80?', 'tool', 'calculation'],
    ['search my history for the pasta recipe', 'tool', 'history search'],
    ['Prove that the square root of 2 is irrational', 'complex', 'multi-step reasoning'],
  ] as const)('%s → %s (%s)', (prompt, kind, category) => {
    const c = classifyByRules(prompt);
    expect(c.kind).toBe(kind);
    expect(c.category).toBe(category);
    expect(c.reasons).toEqual([category]);
    expect(c.specific).toBe(true);
  });

  it('falls through by length', () => {
    expect(classifyByRules('Give me a name for my boat')).toMatchObject({
      kind: 'simple',
      category: 'short request',
      specific: false,
    });
    const long =
      'I have been thinking about the way my team handles weekly planning and I wonder whether there is a better way to keep everyone aligned across time zones';
    expect(classifyByRules(long)).toMatchObject({
      kind: 'complex',
      category: 'open-ended request',
      specific: false,
    });
    expect(classifyByRules('lorem ipsum '.repeat(200))).toMatchObject({
      kind: 'complex',
      category: 'long prompt',
    });
  });

  it('does not call "work out" at the gym a calculation', () => {
    expect(classifyByRules('How should I work out my shoulders?').kind).not.toBe('tool');
  });
});

describe('SemanticClassifier', () => {
  it('classifies by similarity to the example prompts', async () => {
    const s = new SemanticClassifier(new HashEmbedder());
    const r = await s.classify('translate good morning into italian');
    expect(r.kind).toBe('simple');
    expect(r.nearest.text).toBe('translate good night into italian');
    expect(r.margin).toBeGreaterThan(0);
    expect(Object.keys(r.scores).sort()).toEqual(['complex', 'simple', 'tool']);
  });

  it('embeds the examples once', async () => {
    const embedder = new HashEmbedder();
    const s = new SemanticClassifier(embedder);
    await s.classify('a');
    await s.classify('b');
    expect(embedder.calls[0]!.texts).toHaveLength(DEFAULT_EXAMPLES.length);
    expect(embedder.calls).toHaveLength(3);
  });

  it('a user correction wins over the rules for a similar prompt', async () => {
    const s = new SemanticClassifier(new HashEmbedder());
    const prompt = 'What is the population density of Monaco compared with Singapore?';
    expect((await classifyTask(prompt, s)).kind).toBe('simple');
    await s.addExample({ text: prompt, kind: 'complex' });
    const after = await classifyTask('what is the population density of Monaco compared with Singapore', s);
    expect(after).toMatchObject({
      kind: 'complex',
      source: 'user-example',
      reasons: ['like a prompt you corrected'],
    });
    expect(s.listExamples().filter((e) => e.source === 'user')).toHaveLength(1);
  });

  it('decides fall-through cases only, with a margin', () => {
    const rules: Classification = {
      kind: 'simple',
      category: 'short request',
      reasons: ['short request'],
      source: 'rules',
      specific: false,
    };
    const semantic = {
      kind: 'tool' as const,
      scores: { simple: 0.1, complex: 0.1, tool: 0.5 },
      margin: 0.4,
      nearest: { text: 'x', kind: 'tool' as const, similarity: 0.5, source: 'builtin' as const },
    };
    expect(combineClassifications(rules, semantic)).toMatchObject({
      kind: 'tool',
      source: 'semantic',
      category: 'similar to tool requests',
    });
    expect(
      combineClassifications({ ...rules, specific: true, category: 'greeting' }, semantic),
    ).toMatchObject({ kind: 'simple', category: 'greeting' });
    expect(combineClassifications(rules, { ...semantic, margin: 0.04 })).toMatchObject({ kind: 'simple' });
    expect(combineClassifications(rules, null)).toBe(rules);
  });

  it('the built-in examples do not leak from the labelled evaluation set', () => {
    const labelled = new Set(LABELLED_PROMPTS.map((p) => p.prompt.toLowerCase()));
    for (const e of DEFAULT_EXAMPLES) expect(labelled.has(e.text.toLowerCase())).toBe(false);
  });
});
