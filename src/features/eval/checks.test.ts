import { describe, expect, it } from 'vitest';
import { passRate, regexCheck, regexRefusal, runTextChecks, similarCheck, textCheck } from './checks';
import { execRegex } from './regex/exec';
import type { RegexRunner } from './regex/runner';
import { scoreChecks } from './eval-checks';
import type { EvalConfig } from '../../core/eval-config';
import { judgeCheck, judgeMessages, JUDGE_INSTRUCTION, parseVerdict } from './judge';

describe('checks', () => {
  it('contains and not-contains ignore case', () => {
    expect(textCheck({ type: 'contains', value: 'PARIS' }, 'It is Paris.')).toMatchObject({ passed: true });
    expect(textCheck({ type: 'contains', value: 'Lyon' }, 'It is Paris.')).toMatchObject({
      passed: false,
      detail: 'lacks "Lyon"',
    });
    expect(textCheck({ type: 'not-contains', value: 'as an ai' }, 'As an AI, I…')).toMatchObject({
      passed: false,
    });
    expect(textCheck({ type: 'not-contains', value: 'emoji' }, 'Hello')).toMatchObject({ passed: true });
  });

  it('a catastrophic pattern is not run on the answer: the check fails at once with the reason', () => {
    // Run, (a+)+$ on 30 "a" and a "!" takes minutes (time doubles per character).
    const result = textCheck({ type: 'regex', value: '(a+)+$' }, `${'a'.repeat(30)}!`);
    expect(result).toMatchObject({ type: 'regex', passed: false });
    expect(result.detail).toMatch(/^not run: .*exponential time/);
  });

  it('regex matches the pattern as written (run by the worker) and reports a bad one up front', () => {
    const run = (value: string, text: string) => regexCheck({ type: 'regex', value }, execRegex(value, text));
    expect(run('def\\s+\\w+\\(', 'def f(x):')).toEqual({
      type: 'regex',
      passed: true,
      detail: 'matched "def f("',
    });
    expect(run('^\\d+$', '42 apples')).toMatchObject({ passed: false, detail: 'no match for /^\\d+$/' });
    expect(regexRefusal({ type: 'regex', value: '(' })).toMatchObject({
      passed: false,
      detail: /bad pattern/,
    });
    expect(regexRefusal({ type: 'regex', value: '(a|aa)+$' })).toBeNull();
    expect(runTextChecks([{ type: 'regex', value: 'x' }], 'x')).toEqual([null]);
  });

  it('a regex stopped by the time limit is recorded as timed out, with the limit', () => {
    expect(regexCheck({ type: 'regex', value: '(a|aa)+$' }, { kind: 'timeout', afterMs: 1000 })).toEqual({
      type: 'regex',
      passed: false,
      detail: 'timed out after 1 s: the pattern backtracks too much on this answer',
    });
    expect(
      regexCheck({ type: 'regex', value: 'x' }, { kind: 'failed', message: 'the worker stopped' }),
    ).toMatchObject({ passed: false, detail: 'not run: the worker stopped' });
  });

  it('max-length counts characters, the limit itself passing', () => {
    expect(textCheck({ type: 'max-length', value: 5 }, 'abcde')).toMatchObject({
      passed: true,
      detail: '5 of at most 5 characters',
    });
    expect(textCheck({ type: 'max-length', value: 5 }, 'abcdef')).toMatchObject({ passed: false });
  });

  it('similar compares the cosine with the threshold (default 0.8) and never passes unscored', () => {
    expect(similarCheck({ type: 'similar', value: 'ref' }, 0.81)).toMatchObject({ passed: true });
    expect(similarCheck({ type: 'similar', value: 'ref' }, 0.79)).toMatchObject({ passed: false });
    expect(similarCheck({ type: 'similar', value: 'ref', threshold: 0.5 }, 0.5)).toMatchObject({
      passed: true,
    });
    expect(similarCheck({ type: 'similar', value: 'ref' }, null)).toMatchObject({
      passed: false,
      detail: /not scored/,
    });
    expect(
      runTextChecks(
        [
          { type: 'similar', value: 'r' },
          { type: 'contains', value: 'a' },
        ],
        'a',
      ),
    ).toEqual([null, { type: 'contains', passed: true, detail: 'has "a"' }]);
  });

  it('pass rate', () => {
    expect(passRate([])).toBeNull();
    expect(
      passRate([
        { type: 'contains', passed: true, detail: '' },
        { type: 'regex', passed: false, detail: '' },
      ]),
    ).toBe(0.5);
  });
});

describe('scoreChecks', () => {
  it('runs regex checks through the runner in order, keeping the static refusal up front', async () => {
    const asked: string[] = [];
    const regex: RegexRunner = {
      exec: async (pattern) => {
        asked.push(pattern);
        return pattern === '(a|a)*$' ? { kind: 'timeout', afterMs: 1000 } : { kind: 'match', match: 'a' };
      },
    };
    const checks = await scoreChecks(
      {
        checks: [
          { type: 'regex', value: '(a+)+$' },
          { type: 'regex', value: '(a|a)*$' },
          { type: 'contains', value: 'a' },
          { type: 'regex', value: 'a' },
        ],
      } as EvalConfig,
      'aaa!',
      { embedder: () => null, regex },
    );
    expect(asked).toEqual(['(a|a)*$', 'a']);
    expect(checks.map((c) => [c.passed, c.detail.split(':')[0]])).toEqual([
      [false, 'not run'],
      [false, 'timed out after 1 s'],
      [true, 'has "a"'],
      [true, 'matched "a"'],
    ]);
  });
});

describe('judge', () => {
  it('asks for the JSON verdict and puts question and answer apart', () => {
    const [system, user] = judgeMessages('Be kind', 'Q?', 'A.');
    expect(system!.role).toBe('system');
    expect(user!.content).toContain('Rubric: Be kind');
    expect(user!.content).toContain('<<<\nA.\n>>>');
    expect(user!.content.endsWith(JUDGE_INSTRUCTION)).toBe(true);
  });

  it('reads a verdict, bare or fenced', () => {
    expect(parseVerdict('{"score": 4, "reason": "Clear."}')).toEqual({
      ok: true,
      score: 4,
      reason: 'Clear.',
    });
    expect(parseVerdict('```json\n{"score":2,"reason":"Vague"}\n```')).toEqual({
      ok: true,
      score: 2,
      reason: 'Vague',
    });
  });

  it('records malformed answers as such instead of guessing', () => {
    for (const raw of [
      'I would say 4 out of 5',
      'Score: {"score": 4, "reason": "x"}',
      '{"score": 6, "reason": "x"}',
      '{"score": 3}',
      '{"score": 2.5, "reason": "x"}',
    ]) {
      const verdict = parseVerdict(raw);
      expect(verdict.ok, raw).toBe(false);
      expect(judgeCheck(verdict, raw)).toMatchObject({
        type: 'judge',
        passed: false,
        detail: /^malformed judge answer/,
      });
    }
    expect(judgeCheck(parseVerdict('{"score":3,"reason":"ok"}'), '')).toMatchObject({
      passed: true,
      detail: 'score 3/5: ok',
    });
  });
});
