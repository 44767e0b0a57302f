/**
 * The evaluation configuration file, version 1: what to run (models × sequences × runs), with
 * which settings, and how to score it. `parseConfig` checks a file's text with valibot and
 * either returns the configuration or a message that names the wrong field; nothing else
 * changes on a bad file.
 */
import { cleanName } from './names';
import { catastrophicReason } from './regex-safety';
import * as v from 'valibot';

export const CONFIG_VERSION = 1;
/** Model strings for Claude models start with this. */
export const CLAUDE_PREFIX = 'claude:';
/** Model strings for a model on the user's own server (Settings → Your server) start with this. */
export const SERVER_PREFIX = 'server:';
/** The model string of Chrome's built-in model (the Prompt API). */
export const CHROME_MODEL_STRING = 'chrome:built-in';
export const MAX_RUNS = 20;
export const MAX_TOKENS_LIMIT = 8192;

export type CheckType = 'contains' | 'not-contains' | 'regex' | 'max-length' | 'similar';
export const CHECK_TYPES: readonly CheckType[] = [
  'contains',
  'not-contains',
  'regex',
  'max-length',
  'similar',
];

export interface CheckSpec {
  type: CheckType;
  /** The text (contains, not-contains), pattern (regex), length (max-length) or reference (similar). */
  value: string | number;
  /** similar only: the least cosine similarity that passes (0-1, default 0.8). */
  threshold?: number;
}

export interface EvalPrompt {
  name: string;
  text: string;
}

export interface EvalSequence {
  name: string;
  prompts: EvalPrompt[];
}

export interface EvalSettings {
  runs: number;
  maxTokens: number;
  temperature: number;
  systemPrompt?: string;
  /**
   * Few-shot memory for local models (the Feedback page's curated examples go before the
   * conversation, as in chat). Off unless set: run once without and once with it to measure it.
   */
  fewShotMemory?: boolean;
  /** Nucleus sampling (0-1], default 1. */
  topP?: number;
  /** A sampling seed for engines that take one (WebLLM); the others say they ignore it. */
  seed?: number;
}

export interface EvalConfig {
  version: 1;
  name: string;
  models: string[];
  sequences: EvalSequence[];
  settings: EvalSettings;
  checks?: CheckSpec[];
  judge?: { model: string; rubric: string };
}

const text = (what: string, max = 20_000) =>
  v.pipe(
    v.string(`${what} must be text`),
    v.trim(),
    v.minLength(1, `${what} must not be empty`),
    v.maxLength(max, `${what} is longer than ${max} characters`),
  );
/** A name shown in the workbench: text without invisible or reordering characters (core/names.ts). */
const name = (what: string, max = 200) =>
  v.pipe(
    v.string(`${what} must be text`),
    v.transform(cleanName),
    v.trim(),
    v.minLength(1, `${what} must not be empty`),
    v.maxLength(max, `${what} is longer than ${max} characters`),
  );
const modelString = v.pipe(
  text('a model', 300),
  v.check(
    (m) => !m.startsWith(CLAUDE_PREFIX) || m.length > CLAUDE_PREFIX.length,
    'a Claude model needs its id after "claude:"',
  ),
  v.check(
    (m) => !m.startsWith(SERVER_PREFIX) || m.trim().length > SERVER_PREFIX.length,
    'a server model needs its id after "server:"',
  ),
  v.check(
    (m) => !m.startsWith('chrome:') || m === CHROME_MODEL_STRING,
    `Chrome's built-in model is "${CHROME_MODEL_STRING}"`,
  ),
);
const int = (what: string, min: number, max: number) =>
  v.pipe(
    v.number(`${what} must be a number`),
    v.integer(`${what} must be a whole number`),
    v.minValue(min, `${what} must be at least ${min}`),
    v.maxValue(max, `${what} must be at most ${max}`),
  );

/** One message function for a strict object: an unknown field by name, or a wrong type. */
function objectMessage(what: string): (issue: v.BaseIssue<unknown>) => string {
  return (issue) => {
    if (issue.expected === 'never') return `unknown field ${issue.received}`;
    const key = issue.path?.[issue.path.length - 1]?.key;
    if (issue.received === 'undefined' && key !== undefined) return `${String(key)} is missing`;
    return `${what} must be an object`;
  };
}

const checkSchema = v.pipe(
  v.strictObject(
    {
      type: v.picklist(CHECK_TYPES, `type must be one of ${CHECK_TYPES.join(', ')}`),
      value: v.union([v.string(), v.number()], 'value must be text or a number'),
      threshold: v.optional(
        v.pipe(v.number('threshold must be a number'), v.minValue(0), v.maxValue(1, 'threshold is 0 to 1')),
      ),
    },
    objectMessage('a check'),
  ),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const c = dataset.value;
    const fail = (key: 'value' | 'threshold', message: string): void =>
      addIssue({ message, path: [pathItem(c, key)] });
    if (c.type === 'max-length') {
      if (typeof c.value !== 'number' || !Number.isInteger(c.value) || c.value < 1)
        fail('value', 'a max-length value must be a whole number of characters (1 or more)');
    } else if (typeof c.value !== 'string' || c.value.length === 0) {
      fail('value', `a ${c.type} value must be non-empty text`);
    } else if (c.type === 'regex') {
      try {
        new RegExp(c.value);
        const unsafe = catastrophicReason(c.value);
        if (unsafe) fail('value', `refused regular expression: ${unsafe}`);
      } catch (error) {
        fail('value', `not a valid regular expression (${(error as Error).message})`);
      }
    }
    if (c.threshold !== undefined && c.type !== 'similar')
      fail('threshold', 'only a similar check has a threshold');
  }),
);

/** A path item for an issue on `key` of object `input` (valibot's shape). */
function pathItem(input: object, key: string): v.ObjectPathItem {
  return {
    type: 'object',
    origin: 'value',
    input: input as Record<string, unknown>,
    key,
    value: (input as Record<string, unknown>)[key],
  };
}

export const configSchema = v.strictObject(
  {
    version: v.literal(CONFIG_VERSION, `version must be ${CONFIG_VERSION}`),
    name: name('name'),
    models: v.pipe(
      v.array(modelString, 'models must be a list of model ids'),
      v.minLength(1, 'models must list at least one model'),
      v.maxLength(20, 'models lists more than 20 models'),
      v.check((ms) => new Set(ms).size === ms.length, 'models lists a model twice'),
    ),
    sequences: v.pipe(
      v.array(
        v.strictObject(
          {
            name: name('a sequence name'),
            prompts: v.pipe(
              v.array(
                v.strictObject(
                  { name: name('a prompt name'), text: text('a prompt text') },
                  objectMessage('a prompt'),
                ),
                'prompts must be a list',
              ),
              v.minLength(1, 'a sequence needs at least one prompt'),
            ),
          },
          objectMessage('a sequence'),
        ),
        'sequences must be a list',
      ),
      v.minLength(1, 'sequences must list at least one sequence'),
    ),
    settings: v.strictObject(
      {
        runs: int('runs', 1, MAX_RUNS),
        maxTokens: int('maxTokens', 1, MAX_TOKENS_LIMIT),
        temperature: v.pipe(
          v.number('temperature must be a number'),
          v.minValue(0, 'temperature must be at least 0'),
          v.maxValue(2, 'temperature must be at most 2'),
        ),
        systemPrompt: v.optional(v.pipe(v.string('systemPrompt must be text'), v.maxLength(20_000))),
        fewShotMemory: v.optional(v.boolean('fewShotMemory must be true or false')),
        topP: v.optional(
          v.pipe(
            v.number('topP must be a number'),
            v.gtValue(0, 'topP must be more than 0'),
            v.maxValue(1, 'topP must be at most 1'),
          ),
        ),
        seed: v.optional(int('seed', 0, 2 ** 31 - 1)),
      },
      objectMessage('settings'),
    ),
    checks: v.optional(v.array(checkSchema, 'checks must be a list')),
    judge: v.optional(
      v.strictObject({ model: modelString, rubric: text('the rubric', 5_000) }, objectMessage('judge')),
    ),
  },
  objectMessage('the configuration'),
);

/** A failure names the field (`path`, dot notation as in the message) where valibot found it. */
export type ParsedConfig = { ok: true; config: EvalConfig } | { ok: false; message: string; path?: string };

/** Checks a value (already parsed JSON) as a version-1 configuration. */
export function validateConfig(data: unknown): ParsedConfig {
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const version = (data as { version?: unknown }).version;
    if (typeof version === 'number' && version > CONFIG_VERSION) {
      return {
        ok: false,
        message: `version: this file is configuration version ${version}; Tandem reads version ${CONFIG_VERSION}.`,
      };
    }
  } else {
    return { ok: false, message: 'The file is not a configuration object (expected {"version": 1, ...}).' };
  }
  const result = v.safeParse(configSchema, data);
  if (result.success) return { ok: true, config: result.output as EvalConfig };
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  return path
    ? { ok: false, message: `${path}: ${issue.message}`, path }
    : { ok: false, message: issue.message };
}

/** Reads a configuration file's text. */
export function parseConfig(textOfFile: string): ParsedConfig {
  let data: unknown;
  try {
    data = JSON.parse(textOfFile);
  } catch (error) {
    return { ok: false, message: `The file is not valid JSON (${(error as Error).message}).` };
  }
  return validateConfig(data);
}

/** The file a configuration is saved as (pretty JSON, fields in the documented order). */
export function configToJson(config: EvalConfig): string {
  const { version, name, models, sequences, settings, checks, judge } = config;
  return JSON.stringify({ version, name, models, sequences, settings, checks, judge }, null, 2) + '\n';
}

export type ModelString =
  | { kind: 'claude'; model: string }
  | { kind: 'server'; model: string }
  | { kind: 'chrome' }
  | { kind: 'local'; id: string };

/** `claude:<id>`, `server:<id>` (the id as the server names it), `chrome:built-in`, or a local model. */
export function parseModelString(model: string): ModelString {
  if (model.startsWith(CLAUDE_PREFIX)) return { kind: 'claude', model: model.slice(CLAUDE_PREFIX.length) };
  if (model.startsWith(SERVER_PREFIX)) return { kind: 'server', model: model.slice(SERVER_PREFIX.length) };
  if (model === CHROME_MODEL_STRING) return { kind: 'chrome' };
  return { kind: 'local', id: model };
}
