import { describe, expect, it } from 'vitest';
import { catastrophicReason } from './regex-safety';

describe('catastrophicReason (safe-regex test)', () => {
  it.each(['(a+)+$', '(a*)*', '(\\w+\\s?)*$', '((ab)+c)+', '(x+){2,}', '([a-z]+)*!', '(?:a+)+b'])(
    'refuses %s',
    (pattern) => {
      expect(catastrophicReason(pattern)).toMatch(/exponential time/);
    },
  );

  it.each([
    '^\\d+$',
    'a+b+c*',
    '(foo|bar)+',
    '(ab)+',
    '\\(a+\\)+',
    '[+*()]+',
    '(a+){3}',
    'colou?r',
    '(a+)?x',
  ])('accepts %s', (pattern) => {
    expect(catastrophicReason(pattern)).toBeNull();
  });
});
