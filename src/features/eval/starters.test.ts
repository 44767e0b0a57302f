import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../core/eval-config';
import { STARTER_SETS, starterConfig } from './starters';

describe('starter sets', () => {
  it('every starter set is a valid configuration', () => {
    for (const set of STARTER_SETS) {
      expect(validateConfig(starterConfig(set.id, ['org/model'])), set.id).toMatchObject({ ok: true });
    }
  });
});
