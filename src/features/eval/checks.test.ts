import { describe, expect, it } from 'vitest';
import { passRate, runTextChecks, similarCheck, textCheck } from './checks';
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

  it('regex matches the pattern as written and reports a bad one', () => {
    expect(textCheck({ type: 'regex', value: 'def\\s+\\w+\\(' }, 'def f(x):')).toMatchObject({
      passed: true,
      detail: 'matched "def f("',
    });
    expect(textCheck({ type: 'regex', value: '^\\d+$' }, '42 apples')).toMatchObject({ passed: false });
    expect(textCheck({ type: 'regex', value: '(' }, 'x')).toMatchObject({
      passed: false,
      detail: /bad pattern/,
    });
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
