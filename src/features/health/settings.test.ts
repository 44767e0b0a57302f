import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_SETTINGS, defaultHealthSettings } from './settings';
import { validateHealthSettings } from './settings-validation';

const errorsOf = (input: unknown): string[] => {
  const r = validateHealthSettings(input);
  return r.ok ? [] : r.errors;
};

describe('health settings', () => {
  it('ships the contexts the product promises, with the seed\u2019s accountability and crisis ranges', () => {
    const ids = DEFAULT_HEALTH_SETTINGS.contexts.map((c) => c.id);
    expect(ids).toEqual([
      'accountability',
      'crisis',
      'technical',
      'learning',
      'exploration',
      'casual',
      'general',
    ]);
    const acc = DEFAULT_HEALTH_SETTINGS.contexts[0]!.expected;
    expect(acc).toEqual({
      quality: { min: 0.6, max: 0.8 },
      topicDrift: { min: 0, max: 0.5 },
      maxQuestionDrift: 0.3,
      maxFragmentation: 0.5,
    });
    expect(DEFAULT_HEALTH_SETTINGS.contexts[1]!.expected.maxQuestionDrift).toBe(0.4);
  });

  it('accepts the defaults and returns an equal, independent copy', () => {
    const r = validateHealthSettings(DEFAULT_HEALTH_SETTINGS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings).toEqual(DEFAULT_HEALTH_SETTINGS);
    expect(r.settings).not.toBe(DEFAULT_HEALTH_SETTINGS);
    r.settings.contexts[0]!.keywords.push('x');
    expect(DEFAULT_HEALTH_SETTINGS.contexts[0]!.keywords).not.toContain('x');
  });

  it('keeps the defaults frozen so a settings form cannot change them by accident', () => {
    expect(() => {
      (DEFAULT_HEALTH_SETTINGS.contexts[0]!.expected as { maxQuestionDrift: number }).maxQuestionDrift = 1;
    }).toThrow(TypeError);
    const copy = defaultHealthSettings();
    copy.contexts[0]!.expected.maxQuestionDrift = 1;
    expect(DEFAULT_HEALTH_SETTINGS.contexts[0]!.expected.maxQuestionDrift).toBe(0.3);
  });

  it('fills missing top-level numbers from the defaults (settings saved by an older version)', () => {
    const { windowSize: _w, ...rest } = defaultHealthSettings();
    const r = validateHealthSettings(rest);
    expect(r.ok && r.settings.windowSize).toBe(DEFAULT_HEALTH_SETTINGS.windowSize);
  });

  it('normalises keywords to lowercase and trims texts', () => {
    const s = defaultHealthSettings();
    s.contexts[0]!.keywords = ['  Root Cause '];
    s.contexts[0]!.label = ' Accountability ';
    const r = validateHealthSettings(s);
    expect(r.ok && r.settings.contexts[0]!.keywords).toEqual(['root cause']);
    expect(r.ok && r.settings.contexts[0]!.label).toBe('Accountability');
  });

  it('rejects data that is not settings at all with one readable error', () => {
    expect(errorsOf(null)).toEqual(['Settings must be an object, got null.']);
    expect(errorsOf('{"windowSize": 3}')).toEqual([
      'Settings must be an object, got "{\\"windowSize\\": 3}".',
    ]);
  });

  it('rejects bad numbers naming the field, the allowed range and the value found', () => {
    const s = defaultHealthSettings() as unknown as Record<string, unknown>;
    s.windowSize = 2.5;
    s.repeatSimilarity = 'high';
    s.topicSimilarity = 1.5;
    expect(errorsOf(s)).toEqual([
      'windowSize must be a whole number from 2 to 50, got 2.5.',
      'repeatSimilarity must be a number from 0 to 1, got "high".',
      'topicSimilarity must be a number from 0 to 1, got 1.5.',
    ]);
  });

  it('rejects broken contexts with the context named in each error', () => {
    const s = defaultHealthSettings();
    s.contexts[0]!.expected.quality = { min: 0.9, max: 0.5 };
    s.contexts[1]!.id = 'accountability';
    s.contexts[2]!.id = 'Tech Stuff';
    (s.contexts[3] as unknown as Record<string, unknown>).keywords = 'explain';
    s.contexts[4]!.label = '';
    const errors = errorsOf(s);
    expect(errors).toEqual([
      'contexts[0] ("accountability").expected.quality.min (0.9) must not be above contexts[0] ("accountability").expected.quality.max (0.5).',
      'contexts[1] ("accountability").id is used by more than one context.',
      'contexts[2] ("Tech Stuff").id must be lowercase letters, digits and dashes (at most 40), got "Tech Stuff".',
      'contexts[3] ("learning").keywords must be a list of texts, got "explain".',
      'contexts[4] ("exploration").label must not be empty.',
    ]);
  });

  it('rejects a default context that does not exist, quality weights that do not add up, and no contexts', () => {
    const s = defaultHealthSettings();
    s.defaultContextId = 'nope';
    s.qualityWeights = { relevance: 0.5, coherence: 0.5, focus: 0.5 };
    const errors = errorsOf(s);
    expect(errors).toContain('qualityWeights must add up to 1, they add up to 1.5.');
    expect(
      errors.some((e) =>
        e.startsWith('defaultContextId "nope" is not one of the contexts (accountability, crisis'),
      ),
    ).toBe(true);
    expect(errorsOf({ ...defaultHealthSettings(), contexts: [] })).toEqual([
      'contexts must contain at least one context.',
    ]);
  });

  it('rejects a window shorter than the minimum turns it needs', () => {
    expect(errorsOf({ ...defaultHealthSettings(), windowSize: 3, minWindowTurns: 4 })).toEqual([
      'minWindowTurns (4) must not be above windowSize (3).',
    ]);
  });

  it('survives a JSON round trip (what the Settings page stores)', () => {
    const r = validateHealthSettings(JSON.parse(JSON.stringify(DEFAULT_HEALTH_SETTINGS)));
    expect(r.ok).toBe(true);
  });
});
