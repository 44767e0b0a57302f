import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../core/eval-config';
import {
  buildConfig,
  configFileName,
  draftFromConfig,
  emptyDraft,
  newCheck,
  readDraft,
  writeDraft,
  type ConfigDraft,
} from './config-draft';
import { STARTER_SETS, starterConfig } from './starters';

function filled(): ConfigDraft {
  const draft = emptyDraft();
  draft.name = '  Editor test ';
  draft.models = ['tandem-test/tiny-chat', 'claude:claude-x'];
  draft.sequences[0]!.prompts = [
    { name: 'One', text: 'Say hello.' },
    { name: 'Two', text: 'Say it again.' },
  ];
  draft.checks = [
    { type: 'contains', value: 'hello', threshold: '' },
    { type: 'max-length', value: '120', threshold: '' },
    { type: 'similar', value: 'Hello there', threshold: '0.5' },
  ];
  return draft;
}

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, val: string) => void map.set(k, val),
    removeItem: (k: string) => void map.delete(k),
    clear: () => map.clear(),
    key: (i: number) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

describe('config draft', () => {
  it('saves JSON that the file parser reads back to the same configuration', () => {
    const result = buildConfig(filled());
    if (!result.ok) throw new Error(result.message);
    expect(result.config.name).toBe('Editor test');
    expect(result.config.checks).toEqual([
      { type: 'contains', value: 'hello' },
      { type: 'max-length', value: 120 },
      { type: 'similar', value: 'Hello there', threshold: 0.5 },
    ]);
    const reparsed = parseConfig(result.json);
    expect(reparsed).toEqual({ ok: true, config: result.config });
  });

  it('opens every starter set unchanged: draft -> JSON -> parse gives the starter back', () => {
    for (const set of STARTER_SETS) {
      const config = starterConfig(set.id, ['tandem-test/tiny-chat'])!;
      const result = buildConfig(draftFromConfig(config));
      expect(result.ok && result.config).toEqual(config);
    }
  });

  it('leaves checks out of the file when there are none', () => {
    const draft = filled();
    draft.checks = [];
    const result = buildConfig(draft);
    expect(result.ok && JSON.parse(result.json)).not.toHaveProperty('checks');
  });

  it.each<[string, (d: ConfigDraft) => void, string, RegExp]>([
    ['no model', (d) => (d.models = []), 'models', /at least one model/],
    [
      'a sequence without prompts',
      (d) => (d.sequences[0]!.prompts = []),
      'sequences.0.prompts',
      /at least one prompt/,
    ],
    [
      'an empty prompt text',
      (d) => (d.sequences[0]!.prompts[1]!.text = '  '),
      'sequences.0.prompts.1.text',
      /must not be empty/,
    ],
    ['an empty check value', (d) => (d.checks[0]!.value = ''), 'checks.0.value', /non-empty text/],
    [
      'a bad regex',
      (d) => (d.checks = [{ ...newCheck(), type: 'regex', value: '(' }]),
      'checks.0.value',
      /not a valid regular expression/,
    ],
    [
      'a max-length that is not a number',
      (d) => (d.checks[1]!.value = 'ten'),
      'checks.1.value',
      /whole number/,
    ],
    ['a threshold above 1', (d) => (d.checks[2]!.threshold = '3'), 'checks.2.threshold', /0 to 1/],
  ])('refuses %s and names the field', (_what, spoil, path, message) => {
    const draft = filled();
    spoil(draft);
    const result = buildConfig(draft);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.path).toBe(path);
    expect(result.message).toMatch(message);
  });

  it('keeps the draft on the device and ignores a damaged one', () => {
    const storage = memoryStorage();
    expect(readDraft(storage)).toBeNull();
    const draft = filled();
    writeDraft(draft, storage);
    expect(readDraft(storage)).toEqual(draft);
    storage.setItem('tandem.eval.editorDraft', JSON.stringify({ ...draft, models: 'all' }));
    expect(readDraft(storage)).toBeNull();
    storage.setItem('tandem.eval.editorDraft', '{not json');
    expect(readDraft(storage)).toBeNull();
    writeDraft(null, storage);
    expect(storage.length).toBe(0);
  });

  it('names the file after the configuration', () => {
    expect(configFileName('My eval: v2!')).toBe('My-eval-v2.eval.json');
    expect(configFileName('***')).toBe('evaluation.eval.json');
  });
});
