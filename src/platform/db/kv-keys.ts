/**
 * The one registry of key-value records: every key the app stores, with the type its value has
 * and the valibot schema a stored value is checked against on read (`kv-schemas.ts`). Callers
 * pass these keys to `KeyValueRepository.get/set/delete`, never a string, so a key cannot be
 * misspelt and a value cannot be written with the wrong type.
 *
 * A new record: add one entry here (a fixed key with `kvKey`, a family of keys with `kvFamily`),
 * and, when the backup should treat it specially, say so in `backup/`.
 */
import * as v from 'valibot';
import type { FeedbackDrafts, FeedbackSettings } from '../../core/feedback';
import type { FailureRecord } from '../hardware/failures';
import type { ExamplePrompt } from '../../core/route';
import type { AppSettings } from '../../core/settings';
import type { ClaudeSettings } from '../../core/claude-settings';
import type { ServerSettings } from '../../core/server-settings';
import type { RetentionPrefs } from './operations';
import { cleanName } from '../../core/names';
import { MAX_PRESET_NAME, type Preset } from '../../core/presets';
import { GENERATION_RANGES, idSchema, vectorSchema } from './records';

/** A key of the kv store; `T` is the type of its value (phantom: only for the compiler). */
export interface KvKey<T> {
  readonly name: string;
  /** Checked on read; null: the value is checked field by field elsewhere (the app settings). */
  readonly schema: v.GenericSchema | null;
  readonly __value?: T;
}

/** A family of keys sharing a prefix and a schema (one draft per conversation, ...). */
export interface KvFamily<A, T> {
  readonly prefix: string;
  readonly schema: v.GenericSchema;
  (arg: A): KvKey<T>;
}

export function kvKey<T>(name: string, schema: v.GenericSchema | null): KvKey<T> {
  return { name, schema };
}

export function kvFamily<A, T>(
  prefix: string,
  schema: v.GenericSchema,
  suffix: (arg: A) => string,
): KvFamily<A, T> {
  const make = (arg: A): KvKey<T> => ({ name: `${prefix}${suffix(arg)}`, schema });
  return Object.assign(make, { prefix, schema });
}

const finite = v.pipe(v.number(), v.finite());

const examplePrompt = v.looseObject({
  text: v.string(),
  kind: v.picklist(['simple', 'complex', 'tool']),
  source: v.optional(v.picklist(['builtin', 'user'])),
});

const failureRecord = v.looseObject({
  deviceKey: v.string(),
  modelId: v.string(),
  kind: v.string(),
  count: finite,
  firstAt: v.string(),
  lastAt: v.string(),
  lastMessage: v.optional(v.string()),
});

/** Past 2^31 ms (about 24.8 days) a browser timer fires at once: timeouts stay at a day or less. */
export const MAX_TIMEOUT_S = 86_400;
/** Far above any model's output limit. */
export const MAX_THINKING_BUDGET = 1_000_000;
/** A price in dollars per million tokens: a number, never negative. */
const price = v.pipe(finite, v.minValue(0), v.maxValue(100_000));

const claudeSettings = v.looseObject({
  models: v.optional(v.array(v.string())),
  model: v.optional(v.string()),
  baseUrl: v.optional(v.string()),
  strategy: v.optional(v.picklist(['hybrid', 'local-first', 'claude-only', 'local-only', 'private'])),
  cascade: v.optional(v.boolean()),
  prices: v.optional(
    v.array(
      v.looseObject({
        model: v.string(),
        inputPerMTok: v.optional(price),
        outputPerMTok: v.optional(price),
        cacheWritePerMTok: v.optional(price),
        cacheReadPerMTok: v.optional(price),
      }),
    ),
  ),
  compression: v.optional(v.boolean()),
  compressionBudget: v.optional(v.pipe(finite, v.minValue(0))),
  thinkingBudget: v.optional(v.pipe(finite, v.minValue(0), v.maxValue(MAX_THINKING_BUDGET))),
  firstByteTimeoutS: v.optional(v.pipe(finite, v.minValue(0.1), v.maxValue(MAX_TIMEOUT_S))),
  idleTimeoutS: v.optional(v.pipe(finite, v.minValue(0.1), v.maxValue(MAX_TIMEOUT_S))),
  keyStorage: v.optional(v.picklist(['device', 'session'])),
});

const serverSettings = v.looseObject({
  baseUrl: v.optional(v.string()),
  model: v.optional(v.string()),
  models: v.optional(v.array(v.string())),
  keyStorage: v.optional(v.picklist(['device', 'session'])),
});

const feedbackSettings = v.looseObject({
  ratingThreshold: v.optional(v.pipe(finite, v.minValue(1), v.maxValue(5))),
  datasetTarget: v.optional(v.pipe(finite, v.minValue(1))),
  dedupeSimilarity: v.optional(v.pipe(finite, v.minValue(0), v.maxValue(1))),
  memory: v.optional(v.boolean()),
  memoryK: v.optional(v.pipe(finite, v.minValue(0))),
  memoryFloor: v.optional(v.pipe(finite, v.minValue(-1), v.maxValue(1))),
  memoryBudgetTokens: v.optional(v.pipe(finite, v.minValue(0))),
  learnRouting: v.optional(v.boolean()),
  learnedSince: v.optional(finite),
});

const retention = v.looseObject({
  retentionDays: v.pipe(v.number(), v.integer(), v.minValue(0)),
  maxRecords: v.pipe(v.number(), v.integer(), v.minValue(1)),
});

/** A preset's name as shown: cleaned (core/names.ts), trimmed, not empty, not over-long. */
export const presetName = v.pipe(
  v.string(),
  v.transform((name) => cleanName(name).trim().slice(0, MAX_PRESET_NAME)),
  v.minLength(1),
);

const preset = v.object({
  name: presetName,
  systemPrompt: GENERATION_RANGES.systemPrompt,
  temperature: GENERATION_RANGES.temperature,
  topP: GENERATION_RANGES.topP,
  maxTokens: GENERATION_RANGES.maxTokens,
  thinking: v.boolean(),
});

export const KV = {
  /** The app settings (each bad field falls back to its default: `checkSettings`). */
  settings: kvKey<Partial<AppSettings>>('settings', null),
  activeConversation: kvKey<string | null>('activeConversation', v.nullable(idSchema)),
  routerExamples: kvKey<ExamplePrompt[]>('router:examples', v.array(examplePrompt)),
  hardwareFailures: kvKey<FailureRecord[]>('hardware:failures', v.array(failureRecord)),
  claudeSettings: kvKey<Partial<ClaudeSettings>>('claude-settings', claudeSettings),
  /** Never exported (backup) and sent only to the Claude endpoint. */
  claudeApiKey: kvKey<string>('claude-api-key', v.string()),
  /** The user's own OpenAI-compatible server (`ServerState`). */
  serverSettings: kvKey<Partial<ServerSettings>>('server-settings', serverSettings),
  /** Never exported (backup) and sent only to the user's server. */
  serverApiKey: kvKey<string>('server-api-key', v.string()),
  /** The health tracker's preferences (typed by `HealthState`, which reads it). */
  health: kvKey<Record<string, unknown>>('health', v.looseObject({})),
  /** The feedback settings: curation, few-shot memory, learned routing (`FeedbackState`). */
  feedbackSettings: kvKey<Partial<FeedbackSettings>>('feedback:settings', feedbackSettings),
  /** Unsaved comments and corrections of the feedback form, by answer id (`FeedbackState`). */
  feedbackDrafts: kvKey<FeedbackDrafts>(
    'feedback:drafts',
    v.record(v.string(), v.object({ comment: v.string(), correction: v.string() })),
  ),
  /** How long measurements are kept (`MetricsState`). */
  metricsRetention: kvKey<RetentionPrefs>('metrics:retention', retention),
  /** Storage notices the user dismissed, by what they were about (`StorageState`). */
  storageDismissed: kvKey<string[]>('storage:dismissed', v.array(v.string())),
  /** The user's presets: system prompt and generation settings under a name (`PresetsState`). */
  presets: kvKey<Preset[]>('presets', v.array(preset)),
  /** The composer draft of a conversation (null: the new chat). */
  draft: kvFamily<string | null, string>('draft:', v.string(), (id) => id ?? 'new'),
  /** Embeddings of the health prototypes, per embedding model. */
  healthPrototypes: kvFamily<string, [string, Float32Array][]>(
    'health:prototypes:',
    v.array(v.tuple([v.string(), vectorSchema])),
    (model) => model,
  ),
} as const;

const ALL = Object.values(KV) as (KvKey<unknown> | KvFamily<never, unknown>)[];
const FIXED = ALL.filter((k): k is KvKey<unknown> => typeof k !== 'function');
const FAMILIES = ALL.filter((k): k is KvFamily<never, unknown> => typeof k === 'function');

/** The schema for a stored key (undefined: not in the registry, not checked). */
export function kvSchemaFor(name: string): v.GenericSchema | null | undefined {
  const fixed = FIXED.find((k) => k.name === name);
  if (fixed) return fixed.schema;
  return FAMILIES.find((f) => name.startsWith(f.prefix))?.schema;
}
