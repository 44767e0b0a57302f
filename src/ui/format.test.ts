import { describe, expect, it } from 'vitest';
import { countOf, formatBytes, formatCount, formatUsd, plainExcerpt } from './format';

describe('formatBytes', () => {
  it('picks the largest unit that keeps the number readable', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(460 * 1024 * 1024)).toBe('460 MB');
  });

  it('never shows four digits, so neighbouring sizes share one style', () => {
    expect(formatBytes(1019 * 1024 * 1024)).toBe('1.0 GB');
    expect(formatBytes(2.2 * 1024 ** 3)).toBe('2.2 GB');
    expect(formatBytes(999 * 1024 * 1024)).toBe('999 MB');
    expect(formatBytes(1000 * 1024)).toBe('1.0 MB');
    expect(formatBytes(1023)).toBe('1.0 KB');
  });
});

describe('formatCount', () => {
  it('groups thousands the same way everywhere', () => {
    expect(formatCount(1655)).toBe('1,655');
    expect(formatCount(2048)).toBe('2,048');
    expect(formatCount(7)).toBe('7');
    expect(formatCount(12.6)).toBe('13');
  });
});

describe('formatUsd', () => {
  it('formats USD', () => {
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(0.00001)).toBe('<$0.0001');
    expect(formatUsd(0.0123)).toBe('$0.0123');
    expect(formatUsd(12.345)).toBe('$12.35');
  });
});

describe('countOf and plainExcerpt', () => {
  it('says one example and two examples', () => {
    expect(countOf(1, 'example')).toBe('1 example');
    expect(countOf(0, 'example')).toBe('0 examples');
    expect(countOf(1200, 'duplicate')).toBe('1,200 duplicates');
  });

  it('shows Markdown as plain words: no fences, marks or link targets', () => {
    expect(
      plainExcerpt('Here:\n```python\nprint(1)\n```\n**Done** with `x` and [docs](http://a.b)', 200),
    ).toBe('Here: print(1) Done with x and docs');
    expect(plainExcerpt('# Title\n- one\n- two', 200)).toBe('Title one two');
    expect(plainExcerpt('a'.repeat(10), 5)).toBe('aaaa…');
  });
});
