import { describe, expect, it } from 'vitest';
import { csvField } from './csv';

describe('csvField', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1'])('defuses a formula-like cell %j', (cell) => {
    expect(csvField(cell).replace(/^"/, '').startsWith("'")).toBe(true);
  });

  it('quotes commas, quotes and line breaks; numbers stay numbers', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });
});
