import { describe, expect, it } from 'vitest';
import { calculatorTool, createDefaultTools, ToolRegistry } from './tools';
import { CalculatorError, evaluateExpression, formatNumber } from './calculator';

describe('calculator parser', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['2 ^ 3 ^ 2', 512],
    ['2 ** 10', 1024],
    ['-2 ^ 2', -4],
    ['(-2) ^ 2', 4],
    ['--3', 3],
    ['10 / 4', 2.5],
    ['10 % 4', 2],
    ['.5 + 1.25', 1.75],
    ['1e3 + 2.5E-1', 1000.25],
    ['sqrt(16) + abs(-3)', 7],
    ['max(1, 7, 3) - min(4, 2)', 5],
    ['log(100)', 2],
    ['log(8, 2)', 3],
    ['round(pi * 100) / 100', 3.14],
    ['PI', Math.PI],
    ['3 × 4 ÷ 2 − 1', 5],
    ['  12.5*4 / 3 + sqrt(16)  ', (12.5 * 4) / 3 + 4],
  ])('%s = %d', (expr, expected) => {
    expect(evaluateExpression(expr)).toBeCloseTo(expected, 10);
  });

  it.each([
    'constructor',
    'alert(1)',
    'this.constructor',
    'Math.max(1)',
    '__proto__',
    'toString(1)',
    'hasOwnProperty(1)',
    'process.exit()',
    '[1,2]',
    '"a"',
    '1 +',
    '(1 + 2',
    '1 2',
    '',
    '1 / 0',
    '5 % 0',
    'sqrt(1, 2)',
    'pow(2)',
    '10 ^ 400',
    'x',
    '1;2',
    '`1`',
  ])('rejects %j', (expr) => {
    expect(() => evaluateExpression(expr)).toThrow(CalculatorError);
  });

  it('rejects very long or very deep expressions', () => {
    expect(() => evaluateExpression('1+'.repeat(300) + '1')).toThrow(/longer/);
    expect(() => evaluateExpression('('.repeat(100) + '1' + ')'.repeat(100))).toThrow(/deeply/);
    expect(() => evaluateExpression('-'.repeat(200) + '1')).toThrow(/deeply/);
  });

  it('formats results without float noise', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(1e21)).toBe('1e+21');
  });
});

describe('ToolRegistry', () => {
  it('runs the calculator and reports errors to the model instead of throwing', async () => {
    const tools = createDefaultTools();
    expect(await tools.run('calculator', { expression: '6*7' })).toEqual({ output: '42', isError: false });
    expect(await tools.run('calculator', { expression: 'alert(1)' })).toMatchObject({ isError: true });
    expect(await tools.run('calculator', {})).toMatchObject({ isError: true });
    expect(await tools.run('nope', {})).toEqual({ output: 'Unknown tool: nope', isError: true });
  });

  it('exposes API tool definitions with JSON schemas', () => {
    const tools = createDefaultTools({ searchHistory: async () => [] });
    const api = tools.toApiTools();
    expect(api.map((t) => t.name)).toEqual(['calculator', 'search_history']);
    expect(api[0]!.input_schema).toMatchObject({ type: 'object', required: ['expression'] });
    expect(() => new ToolRegistry().register({ ...calculatorTool, name: 'bad name!' })).toThrow();
  });

  it('searches history through the injected function, trimming and limiting results', async () => {
    const calls: string[] = [];
    const tools = createDefaultTools({
      searchHistory: async (query) => {
        calls.push(query);
        return Array.from({ length: 8 }, (_, i) => ({
          conversationId: `c${i}`,
          title: `Trip ${i}`,
          snippet: 'x'.repeat(1000),
        }));
      },
    });
    const result = await tools.run('search_history', { query: '  Lisbon trip ', limit: 3 });
    expect(result.isError).toBe(false);
    const parsed = JSON.parse(result.output) as { count: number; results: { snippet: string }[] };
    expect(calls).toEqual(['Lisbon trip']);
    expect(parsed.count).toBe(3);
    expect(parsed.results[0]!.snippet.length).toBe(300);
    expect((await tools.run('search_history', { query: '' })).isError).toBe(true);
  });
});
