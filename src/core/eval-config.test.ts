import { describe, expect, it } from 'vitest';
import { configToJson, parseConfig, parseModelString, validateConfig, type EvalConfig } from './eval-config';

const good = (): EvalConfig => ({
  version: 1,
  name: 'Smoke',
  models: ['tandem-test/tiny-chat', 'claude:claude-haiku-4-5'],
  sequences: [{ name: 'S', prompts: [{ name: 'P', text: 'Hello' }] }],
  settings: { runs: 2, maxTokens: 32, temperature: 0.5, systemPrompt: 'Be brief.' },
  checks: [
    { type: 'contains', value: 'hi' },
    { type: 'not-contains', value: 'bye' },
    { type: 'regex', value: '^h' },
    { type: 'max-length', value: 100 },
    { type: 'similar', value: 'hello there', threshold: 0.7 },
  ],
  judge: { model: 'claude:claude-haiku-4-5', rubric: 'Is it polite?' },
});

/** The message for `good()` with one change. */
function messageFor(change: (c: Record<string, unknown>) => void): string {
  const c = good() as unknown as Record<string, unknown>;
  change(c);
  const result = validateConfig(c);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.message;
}

describe('evaluation configuration, version 1', () => {
  it('accepts a full configuration and one with only the required fields', () => {
    expect(validateConfig(good())).toEqual({ ok: true, config: good() });
    const { checks: _c, judge: _j, ...minimal } = good();
    const { systemPrompt: _s, ...settings } = minimal.settings;
    expect(validateConfig({ ...minimal, settings }).ok).toBe(true);
  });

  it('refuses a regex check that can backtrack catastrophically, with the reason', () => {
    const message = messageFor((c) => {
      c.checks = [{ type: 'regex', value: '(a+)+$' }];
    });
    expect(message).toMatch(/refused regular expression: .*exponential time/);
  });

  it('round-trips through its file', () => {
    expect(parseConfig(configToJson(good()))).toEqual({ ok: true, config: good() });
  });

  it('names the wrong field for every field', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each case edits one nested field
    const cases: [string, (c: Record<string, any>) => void, RegExp][] = [
      ['version', (c) => (c.version = 2), /^version: .*version 2.*reads version 1/],
      ['version', (c) => (c.version = '1'), /^version: version must be 1/],
      ['name', (c) => (c.name = ''), /^name: name must not be empty/],
      ['name', (c) => delete c.name, /^name: /],
      ['models', (c) => (c.models = []), /^models: models must list at least one model/],
      ['models', (c) => (c.models = 'x'), /^models: models must be a list/],
      ['models.1', (c) => (c.models = ['a/b', 3]), /^models\.1: a model must be text/],
      ['models', (c) => (c.models = ['a/b', 'a/b']), /^models: models lists a model twice/],
      ['models.0', (c) => (c.models = ['claude:']), /^models\.0: a Claude model needs its id/],
      ['sequences', (c) => (c.sequences = []), /^sequences: .*at least one/],
      ['sequences.0.name', (c) => (c.sequences[0].name = ' '), /^sequences\.0\.name: /],
      [
        'sequences.0.prompts',
        (c) => (c.sequences[0].prompts = []),
        /^sequences\.0\.prompts: .*at least one prompt/,
      ],
      [
        'sequences.0.prompts.0.text',
        (c) => (c.sequences[0].prompts[0].text = 5),
        /^sequences\.0\.prompts\.0\.text: a prompt text must be text/,
      ],
      [
        'sequences.0.prompts.0.name',
        (c) => delete c.sequences[0].prompts[0].name,
        /^sequences\.0\.prompts\.0\.name: /,
      ],
      ['settings', (c) => delete c.settings, /^settings: settings is missing/],
      ['settings.runs', (c) => (c.settings.runs = 0), /^settings\.runs: runs must be at least 1/],
      ['settings.runs', (c) => (c.settings.runs = 1.5), /^settings\.runs: runs must be a whole number/],
      [
        'settings.maxTokens',
        (c) => (c.settings.maxTokens = '32'),
        /^settings\.maxTokens: maxTokens must be a number/,
      ],
      [
        'settings.temperature',
        (c) => (c.settings.temperature = 3),
        /^settings\.temperature: temperature must be at most 2/,
      ],
      ['settings.systemPrompt', (c) => (c.settings.systemPrompt = 1), /^settings\.systemPrompt: /],
      [
        'settings.fewShotMemory',
        (c) => (c.settings.fewShotMemory = 'yes'),
        /^settings\.fewShotMemory: fewShotMemory must be true or false/,
      ],
      ['settings.topP', (c) => (c.settings.topP = 0), /^settings\.topP: topP must be more than 0/],
      ['settings.topP', (c) => (c.settings.topP = 1.5), /^settings\.topP: topP must be at most 1/],
      ['settings.seed', (c) => (c.settings.seed = 1.5), /^settings\.seed: seed must be a whole number/],
      ['settings.seed', (c) => (c.settings.seed = -1), /^settings\.seed: seed must be at least 0/],
      ['settings.top_p', (c) => (c.settings.top_p = 1), /^settings\.top_p: unknown field "top_p"/],
      ['checks', (c) => (c.checks = {}), /^checks: checks must be a list/],
      ['checks.0.type', (c) => (c.checks[0].type = 'equals'), /^checks\.0\.type: type must be one of/],
      [
        'checks.3.value',
        (c) => (c.checks[3].value = 'ten'),
        /^checks\.3\.value: a max-length value must be a whole number/,
      ],
      [
        'checks.2.value',
        (c) => (c.checks[2].value = '(unclosed'),
        /^checks\.2\.value: not a valid regular expression/,
      ],
      [
        'checks.0.value',
        (c) => (c.checks[0].value = ''),
        /^checks\.0\.value: a contains value must be non-empty text/,
      ],
      ['checks.4.threshold', (c) => (c.checks[4].threshold = 1.5), /^checks\.4\.threshold: /],
      [
        'checks.0.threshold',
        (c) => (c.checks[0].threshold = 0.5),
        /^checks\.0\.threshold: only a similar check/,
      ],
      ['judge.model', (c) => (c.judge.model = ''), /^judge\.model: /],
      ['judge.rubric', (c) => delete c.judge.rubric, /^judge\.rubric: rubric is missing/],
      ['settings', (c) => (c.settings = 3), /^settings: settings must be an object/],
      ['extra', (c) => (c.colour = 'red'), /^colour: unknown field "colour"/],
    ];
    for (const [, change, expected] of cases) expect(messageFor(change)).toMatch(expected);
  });

  it('says when the file is not JSON or not an object', () => {
    expect(parseConfig('{"version":1,')).toMatchObject({ ok: false, message: /not valid JSON/ });
    expect(parseConfig('[1]')).toMatchObject({ ok: false, message: /not a configuration object/ });
  });

  it('reads model strings', () => {
    expect(parseModelString('claude:claude-x')).toEqual({ kind: 'claude', model: 'claude-x' });
    expect(parseModelString('org/repo')).toEqual({ kind: 'local', id: 'org/repo' });
    // A server's own ids keep their colons (Ollama's "name:tag").
    expect(parseModelString('server:llama3.1:8b')).toEqual({ kind: 'server', model: 'llama3.1:8b' });
    expect(parseModelString('chrome:built-in')).toEqual({ kind: 'chrome' });
  });

  it('refuses a server model without its id and an unknown Chrome model', () => {
    const withModel = (model: string) => validateConfig({ ...good(), models: [model] });
    expect(withModel('server:')).toMatchObject({ ok: false, message: /needs its id after "server:"/ });
    expect(withModel('chrome:nano')).toMatchObject({ ok: false, message: /"chrome:built-in"/ });
    expect(withModel('server:qwen3:4b')).toMatchObject({ ok: true });
    expect(withModel('chrome:built-in')).toMatchObject({ ok: true });
  });
});

describe('the example file', () => {
  it('examples/eval-config.json is a valid configuration', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../examples/eval-config.json', import.meta.url), 'utf8');
    expect(parseConfig(text)).toMatchObject({ ok: true, config: { version: 1 } });
  });
});

describe('names in a configuration', () => {
  it('evaluation, sequence and prompt names lose reordering and invisible characters', () => {
    const result = parseConfig(
      JSON.stringify({
        version: 1,
        name: '\u202Egnp.exe',
        models: ['a/b'],
        sequences: [{ name: 'seq\u200b', prompts: [{ name: 'p\u0000', text: 'hi' }] }],
        settings: { runs: 1, maxTokens: 8, temperature: 0 },
      }),
    );
    expect(
      result.ok && [
        result.config.name,
        result.config.sequences[0]!.name,
        result.config.sequences[0]!.prompts[0]!.name,
      ],
    ).toEqual(['gnp.exe', 'seq', 'p']);
  });
});
