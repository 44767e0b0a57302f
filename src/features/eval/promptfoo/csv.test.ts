import { describe, expect, it } from 'vitest';
import { assertionFromString, CsvError, parseCsv, testCaseFromCsvRow, testsFromCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, commas and newlines inside quotes, CRLF, a BOM', () => {
    const text = '\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['two\nlines', 'z'],
    ]);
  });

  it('refuses an unclosed quote', () => {
    expect(() => parseCsv('a\n"open')).toThrow(CsvError);
  });
});

describe('assertionFromString (promptfoo CSV shorthand)', () => {
  it('reads type:value, not- forms and thresholds', () => {
    expect(assertionFromString('contains: Paris')).toEqual({ type: 'contains', value: ' Paris' });
    expect(assertionFromString('not-icontains:sorry')).toEqual({ type: 'not-icontains', value: 'sorry' });
    expect(assertionFromString('similar(0.6):The capital is Paris')).toEqual({
      type: 'similar',
      value: 'The capital is Paris',
      threshold: 0.6,
    });
    expect(assertionFromString('similar:Paris')).toEqual({ type: 'similar', value: 'Paris', threshold: 0.8 });
    expect(assertionFromString('is-json')).toEqual({ type: 'is-json' });
    expect(assertionFromString('regex:^\\d+$')).toEqual({ type: 'regex', value: '^\\d+$' });
  });

  it('splits contains-any / contains-all values on commas', () => {
    expect(assertionFromString('contains-any: <b>, </span>')).toEqual({
      type: 'contains-any',
      value: ['<b>', '</span>'],
    });
    expect(assertionFromString('not-icontains-all:a,b')).toEqual({
      type: 'not-icontains-all',
      value: ['a', 'b'],
    });
  });

  it('knows the legacy prefixes and defaults to equals', () => {
    expect(assertionFromString('grade: is polite')).toEqual({ type: 'llm-rubric', value: ' is polite' });
    expect(assertionFromString('llm-rubric:kind')).toEqual({ type: 'llm-rubric', value: 'kind' });
    expect(assertionFromString('javascript: output.length < 10')).toEqual({
      type: 'javascript',
      value: 'output.length < 10',
    });
    expect(assertionFromString('fn:x')).toEqual({ type: 'javascript', value: 'x' });
    expect(assertionFromString('python: len(output) < 5')).toEqual({
      type: 'python',
      value: 'len(output) < 5',
    });
    expect(assertionFromString('file://check.py')).toEqual({ type: 'python', value: 'check.py' });
    expect(assertionFromString('Just this text')).toEqual({ type: 'equals', value: 'Just this text' });
  });
});

describe('testCaseFromCsvRow and testsFromCsv', () => {
  it('maps vars, __expected columns, __description, __metric, __threshold, __prefix/__suffix', () => {
    const test = testCaseFromCsvRow({
      question: 'What is 2+2?',
      __expected1: 'equals: 4',
      __expected2: '',
      __expected3: 'javascript: output.length < 10',
      __description: 'math',
      __metric: 'accuracy',
      __threshold: '0.5',
      __prefix: 'Q: ',
      __suffix: '!',
    });
    expect(test).toEqual({
      description: 'math',
      vars: { question: 'What is 2+2?' },
      assert: [
        { type: 'equals', value: ' 4', metric: 'accuracy' },
        { type: 'javascript', value: 'output.length < 10', metric: 'accuracy' },
      ],
      threshold: 0.5,
      options: { prefix: 'Q: ', suffix: '!' },
    });
  });

  it('reads a whole file, header first', () => {
    const tests = testsFromCsv('city,__expected\nParis,icontains: france\nRome,\n');
    expect(tests.map((t) => t.vars)).toEqual([{ city: 'Paris' }, { city: 'Rome' }]);
    expect(tests[0]!.assert).toEqual([{ type: 'icontains', value: ' france' }]);
    expect(tests[1]!.assert).toEqual([]);
    expect(() => testsFromCsv('a\n1,2\n')).toThrow('row 2 has 2 cells, the header 1');
  });
});
