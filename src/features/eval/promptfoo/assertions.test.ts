import { describe, expect, it } from 'vitest';
import {
  aggregate,
  commaValues,
  extractJson,
  runAssertion,
  unsupportedReason,
  type AssertContext,
} from './assertions';
import type { PfAssertion } from '../../../core/promptfoo';
import { inlineRegexRunner } from '../testing/inline-regex';
import type { RegexRunner } from '../regex/runner';

const ctx = (output: string, extra: Partial<AssertContext> = {}): AssertContext => ({
  output,
  latencyMs: 120,
  cost: 0,
  regex: inlineRegexRunner,
  ...extra,
});
const pass = async (a: PfAssertion, output: string, extra: Partial<AssertContext> = {}) =>
  (await runAssertion(a, ctx(output, extra))).pass;

describe('text assertions, with their not- forms', () => {
  const cases: [PfAssertion, string, boolean][] = [
    [{ type: 'equals', value: 'Paris' }, 'Paris', true],
    [{ type: 'equals', value: 'Paris' }, 'paris', false],
    [{ type: 'equals', value: { a: 1 } }, '{"a": 1}', true],
    [{ type: 'not-equals', value: { a: 1 } }, 'not json', true],
    [{ type: 'contains', value: 'Paris' }, 'It is Paris.', true],
    [{ type: 'contains', value: 'paris' }, 'It is Paris.', false],
    [{ type: 'not-contains', value: 'Rome' }, 'It is Paris.', true],
    [{ type: 'icontains', value: 'PARIS' }, 'It is Paris.', true],
    [{ type: 'not-icontains', value: 'PARIS' }, 'It is Paris.', false],
    [{ type: 'contains-any', value: ['Rome', 'Paris'] }, 'It is Paris.', true],
    [{ type: 'contains-any', value: 'Rome, Berlin' }, 'It is Paris.', false],
    [{ type: 'not-contains-any', value: ['Rome', 'Berlin'] }, 'It is Paris.', true],
    [{ type: 'contains-all', value: ['It', 'Paris'] }, 'It is Paris.', true],
    [{ type: 'contains-all', value: ['It', 'paris'] }, 'It is Paris.', false],
    [{ type: 'not-contains-all', value: ['It', 'Rome'] }, 'It is Paris.', true],
    [{ type: 'icontains-any', value: ['ROME', 'PARIS'] }, 'It is Paris.', true],
    [{ type: 'icontains-all', value: 'it, PARIS' }, 'It is Paris.', true],
    [{ type: 'not-icontains-all', value: ['it', 'paris'] }, 'It is Paris.', false],
    [{ type: 'starts-with', value: 'It' }, 'It is Paris.', true],
    [{ type: 'not-starts-with', value: 'It' }, 'It is Paris.', false],
    [{ type: 'regex', value: '^It .* Paris\\.$' }, 'It is Paris.', true],
    [{ type: 'not-regex', value: '\\d' }, 'It is Paris.', true],
    [{ type: 'regex', value: '(' }, 'x', false],
    [{ type: 'is-json' }, '{"city": "Paris"}', true],
    [{ type: 'is-json' }, 'Sure: {"city": "Paris"}', false],
    [{ type: 'not-is-json' }, 'plain', true],
    [{ type: 'contains-json' }, 'Sure: {"city": "Paris"} done', true],
    [{ type: 'contains-json' }, 'Sure: {city: Paris}', false],
    [{ type: 'not-contains-json' }, 'no json [here', true],
  ];
  it.each(cases)('%j on %j passes: %s', async (a, output, expected) => {
    expect(await pass(a, output)).toBe(expected);
  });

  it('gives promptfoo reasons', async () => {
    const r = await runAssertion({ type: 'contains-all', value: ['a', 'z'] }, ctx('abc'));
    expect(r).toMatchObject({
      pass: false,
      score: 0,
      reason: 'Expected output to contain all of [a, z]. Missing: [z]',
    });
    expect((await runAssertion({ type: 'not-contains', value: 'b' }, ctx('abc'))).reason).toBe(
      'Expected output to not contain "b"',
    );
  });
});

describe('latency and cost', () => {
  it('compare with the threshold; not- inverts; a missing measure fails with a reason', async () => {
    expect(await pass({ type: 'latency', threshold: 200 }, 'x')).toBe(true);
    expect(await pass({ type: 'latency', threshold: 100 }, 'x')).toBe(false);
    expect(await pass({ type: 'not-latency', threshold: 100 }, 'x')).toBe(true);
    expect(await pass({ type: 'cost', threshold: 0.01 }, 'x')).toBe(true);
    const r = await runAssertion({ type: 'cost', threshold: 0.01 }, ctx('x', { cost: null }));
    expect(r).toMatchObject({ pass: false, reason: 'cost is not reported by this engine' });
    expect(await pass({ type: 'latency' }, 'x')).toBe(false);
    expect(await runAssertion({ type: 'latency', metric: 'ms' }, ctx('x'))).toMatchObject({
      pass: true,
      score: 120,
    });
  });
});

describe('similar', () => {
  const similarity = async (a: string, b: string) => (a === b ? 1 : a.length === b.length ? 0.8 : 0.2);
  it('scores the cosine against the threshold (default 0.75); not-similar inverts', async () => {
    const r = await runAssertion({ type: 'similar', value: 'abcd' }, ctx('abce', { similarity }));
    expect(r).toMatchObject({ pass: true, score: 0.8 });
    expect(await pass({ type: 'similar', value: 'abcd', threshold: 0.9 }, 'abce', { similarity })).toBe(
      false,
    );
    const inv = await runAssertion({ type: 'not-similar', value: 'abcd' }, ctx('x', { similarity }));
    expect(inv).toMatchObject({ pass: true, score: 0.8 });
    expect(await pass({ type: 'similar', value: ['zz', 'abcd'] }, 'abcd', { similarity })).toBe(true);
  });
  it('is not scored without an encoder', async () => {
    const r = await runAssertion({ type: 'similar', value: 'a' }, ctx('a'));
    expect(r).toMatchObject({ pass: false, reason: 'not scored: no sentence encoder loaded' });
  });
});

describe('regex through the runner', () => {
  it('asks the runner (the worker) and fails on its timeout, in both forms', async () => {
    const asked: [string, string][] = [];
    const stuck: RegexRunner = {
      exec: async (pattern, text) => {
        asked.push([pattern, text]);
        return { kind: 'timeout', afterMs: 1000 };
      },
    };
    for (const type of ['regex', 'not-regex']) {
      const r = await runAssertion({ type, value: '(a|aa)+$' }, ctx('aaaa!', { regex: stuck }));
      expect(r).toMatchObject({
        pass: false,
        score: 0,
        reason: 'timed out after 1 s: the pattern backtracks too much on this answer',
      });
    }
    expect(asked).toEqual([
      ['(a|aa)+$', 'aaaa!'],
      ['(a|aa)+$', 'aaaa!'],
    ]);
  });
});

describe('model-graded assertions and unsupported types', () => {
  it('leaves llm-rubric pending for the grader', async () => {
    const r = await runAssertion({ type: 'llm-rubric', value: 'polite' }, ctx('hi'));
    expect(r.pending).toBe(true);
  });
  it('names what cannot run here', () => {
    expect(unsupportedReason({ type: 'javascript', value: 'x' })).toBe('javascript');
    expect(unsupportedReason({ type: 'not-python' })).toBe('python');
    expect(unsupportedReason({ type: 'is-json', value: { type: 'object' } })).toBe(
      'is-json with a JSON schema',
    );
    expect(unsupportedReason({ type: 'not-contains' })).toBeNull();
  });
});

describe('aggregate (promptfoo AssertionsResult)', () => {
  const c = (pass: boolean, score: number, weight = 1, metric?: string) => ({
    type: 'contains',
    pass,
    score,
    reason: pass ? 'Assertion passed' : 'failed',
    weight,
    ...(metric ? { metric } : {}),
  });
  it('is the weighted mean; any failure fails without a threshold', () => {
    const g = aggregate([c(true, 1, 3), c(false, 0, 1)]);
    expect(g.score).toBe(0.75);
    expect(g.pass).toBe(false);
    expect(g.reason).toBe('failed');
  });
  it('passes on the threshold when one is set', () => {
    expect(aggregate([c(true, 1, 3), c(false, 0, 1)], 0.7)).toMatchObject({
      pass: true,
      reason: 'Aggregate score 0.75 ≥ 0.7 threshold',
    });
    expect(aggregate([c(true, 1), c(false, 0)], 0.6).pass).toBe(false);
  });
  it('averages named metrics and passes with no assertions', () => {
    const g = aggregate([c(true, 1, 1, 'acc'), c(false, 0, 1, 'acc'), c(true, 1, 2, 'tone')]);
    expect(g.namedScores).toEqual({ acc: 0.5, tone: 1 });
    expect(aggregate([])).toMatchObject({ pass: true, score: 1, reason: 'No assertions' });
  });
  it('leaves pending components out of the score until graded', () => {
    const g = aggregate([c(true, 1), { ...c(false, 0), pending: true }]);
    expect(g).toMatchObject({ pass: true, score: 1 });
  });
});

describe('helpers', () => {
  it('commaValues keeps quoted commas', () => {
    expect(commaValues('a, "b, c" ,d,,')).toEqual(['a', 'b, c', 'd']);
    expect(commaValues('"say ""hi"""')).toEqual(['say "hi"']);
  });
  it('extractJson finds objects and arrays in prose', () => {
    expect(extractJson('x {"a": [1, 2]} y [3] z {bad}')).toEqual([{ a: [1, 2] }, [3]]);
  });
});
