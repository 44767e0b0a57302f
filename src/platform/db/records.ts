/**
 * The shape of every record Tandem stores, as valibot schemas: one per IndexedDB store.
 *
 * They are checked when a record is read (a record that does not match is quarantined, see
 * quarantine.ts) and when a backup is imported (backup/format.ts), so the database and a backup
 * file obey the same rules. Schemas check what the app relies on and keep unknown fields
 * (`looseObject`), so a record written by a newer version with an extra field still loads.
 */
import * as v from 'valibot';
import { cleanName } from '../../core/names';

/** Longest id Tandem accepts for a conversation, message or record key. */
export const MAX_ID_LENGTH = 128;
/** Longest key of a key-value record (drafts and caches add a prefix to an id). */
export const MAX_KEY_LENGTH = 512;

export const idSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ID_LENGTH));
const time = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.finite(), v.minValue(0));

/** The ranges generation settings are read within (the forms allow less; no model takes more). */
export const GENERATION_RANGES = {
  temperature: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(2)),
  topP: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1)),
  maxTokens: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(131_072)),
  /** 100,000 characters: far more than any context window, far less than a 2 MB paste. */
  systemPrompt: v.pipe(v.string(), v.maxLength(100_000)),
};

const generationFields = v.looseObject({
  temperature: v.optional(GENERATION_RANGES.temperature),
  topP: v.optional(GENERATION_RANGES.topP),
  maxTokens: v.optional(GENERATION_RANGES.maxTokens),
  thinking: v.optional(v.boolean()),
  systemPrompt: v.optional(GENERATION_RANGES.systemPrompt),
});
/**
 * A conversation's own settings, range-checked on read: out-of-range ones are dropped (the
 * conversation uses the app's settings) rather than sent to a model, and the conversation stays.
 */
const generationPatch = v.fallback(v.optional(generationFields), undefined);

/** A name as it is shown: without invisible or reordering characters (core/names.ts). */
const shownName = v.pipe(v.string(), v.transform(cleanName));

export const conversationSchema = v.looseObject({
  id: idSchema,
  title: shownName,
  createdAt: time,
  updatedAt: time,
  settings: v.optional(generationPatch),
  routeOverride: v.optional(v.picklist(['local', 'claude', 'server'])),
  branches: v.optional(v.record(v.pipe(v.string(), v.maxLength(MAX_ID_LENGTH)), idSchema)),
  importedFrom: v.optional(v.looseObject({ app: v.string(), id: v.string() })),
});

/** Which engine or service produced a record (core/provider.ts ProviderKind). */
export const providerKindSchema = v.picklist([
  'transformers',
  'webllm',
  'gguf',
  'claude',
  'server',
  'chrome',
]);

/** A Float32Array in the database; an array of numbers in a backup file (becomes a Float32Array). */
export const vectorSchema = v.union([
  v.instance(Float32Array),
  v.pipe(
    v.array(v.pipe(v.number(), v.finite())),
    v.transform((values) => new Float32Array(values)),
  ),
]);

export const embeddingSchema = v.looseObject({ model: v.string(), vector: vectorSchema });

export const toolEventSchema = v.looseObject({
  id: v.string(),
  name: v.string(),
  input: v.unknown(),
  output: v.optional(v.string()),
  isError: v.optional(v.boolean()),
});

export const noticeSchema = v.looseObject({
  kind: v.picklist(['fallback', 'escalation', 'compression', 'refusal', 'info', 'memory']),
  text: v.string(),
  replacedText: v.optional(v.string()),
  id: v.optional(v.string()),
});

const finite = v.pipe(v.number(), v.finite());
const range = v.looseObject({ min: finite, max: finite });

/**
 * A health report (core/health.ts HealthReport) as the chat's strip, report and chart read it:
 * every number they format, every list they count. `{}` or a report with a string where a number
 * belongs is refused here, so it is set aside instead of throwing in the page.
 */
export const healthReportSchema = v.looseObject({
  turnIndex: v.pipe(v.number(), v.integer(), v.minValue(0)),
  context: v.looseObject({
    id: v.string(),
    label: v.string(),
    confidence: finite,
    source: v.string(),
    matchedKeywords: v.array(v.string()),
    semanticSimilarity: finite,
  }),
  expected: v.looseObject({
    quality: range,
    topicDrift: range,
    maxQuestionDrift: finite,
    maxFragmentation: finite,
  }),
  questionResponseDrift: finite,
  driftThreshold: finite,
  topicDrift: finite,
  fragmentation: finite,
  topicCount: finite,
  windowTurns: finite,
  quality: finite,
  repeatedQuestion: v.looseObject({
    isRepeat: v.boolean(),
    similarTo: v.nullable(finite),
    similarity: finite,
    answerSimilarity: finite,
    timesAsked: finite,
    unresolved: v.boolean(),
  }),
  status: v.picklist(['healthy', 'drifting', 'fragmented', 'evasive', 'critical']),
  alerts: v.array(v.looseObject({ code: v.string(), severity: v.string(), message: v.string() })),
  guidance: v.string(),
  timings: v.looseObject({ embedMs: finite, scoreMs: finite }),
});

export const messageSchema = v.looseObject({
  id: idSchema,
  conversationId: idSchema,
  parentId: v.optional(v.nullable(idSchema)),
  role: v.picklist(['system', 'user', 'assistant']),
  content: v.string(),
  createdAt: time,
  status: v.picklist(['complete', 'streaming', 'stopped', 'error', 'interrupted']),
  error: v.optional(
    v.looseObject({ name: v.string(), message: v.string(), code: v.string(), retryable: v.boolean() }),
  ),
  model: v.optional(
    v.looseObject({
      kind: providerKindSchema,
      id: v.string(),
      label: shownName,
      device: v.optional(v.string()),
    }),
  ),
  usage: v.optional(v.looseObject({ inputTokens: count, outputTokens: count })),
  timings: v.optional(v.looseObject({ totalMs: v.number() })),
  route: v.optional(
    v.looseObject({
      target: v.picklist(['local', 'claude', 'server']),
      label: v.string(),
      reasons: v.array(v.string()),
    }),
  ),
  toolEvents: v.optional(v.array(toolEventSchema)),
  notices: v.optional(v.array(noticeSchema)),
  sources: v.optional(
    v.array(
      v.looseObject({ n: count, documentId: v.string(), documentName: v.string(), excerpt: v.string() }),
    ),
  ),
  embedding: v.optional(embeddingSchema),
  health: v.optional(healthReportSchema),
  coaching: v.optional(v.string()),
});

export const documentSchema = v.looseObject({
  id: idSchema,
  conversationId: v.nullable(idSchema),
  name: v.string(),
  type: v.picklist(['text', 'markdown', 'html', 'pdf']),
  size: count,
  chars: count,
  chunkCount: count,
  embeddingModel: v.nullable(v.string()),
  createdAt: time,
});

export const documentChunkSchema = v.looseObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_KEY_LENGTH)),
  documentId: idSchema,
  index: count,
  text: v.string(),
  tokens: count,
  embedding: v.optional(embeddingSchema),
});

export const keyValueSchema = v.looseObject({
  key: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_KEY_LENGTH)),
  value: v.unknown(),
  updatedAt: time,
});

/** A file of a model in the `tandem-models` database (see model-files.ts). */
export const modelFileSchema = v.looseObject({
  key: v.pipe(v.string(), v.minLength(1)),
  modelId: v.pipe(v.string(), v.minLength(1)),
  file: v.pipe(v.string(), v.minLength(1)),
  size: count,
  contentType: v.string(),
  data: v.instance(Blob),
  storedAt: time,
  /** The sha256 the host gave for the file (hex), when it gave one: Verify compares with it. */
  sha256: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/))),
});

export const quarantineSchema = v.looseObject({
  id: idSchema,
  store: v.string(),
  key: v.string(),
  reason: v.string(),
  record: v.unknown(),
  quarantinedAt: time,
});
/** A record set aside because it failed validation when read (`store` and `key` say where it was). */
export type QuarantinedRecord = v.InferOutput<typeof quarantineSchema>;

const chatMessageSchema = v.looseObject({
  role: v.picklist(['system', 'user', 'assistant']),
  content: v.string(),
});

/** Feedback on one answer (see feedback/types.ts). */
export const feedbackSchema = v.looseObject({
  id: idSchema,
  conversationId: idSchema,
  createdAt: time,
  updatedAt: time,
  rating: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5))),
  comment: v.optional(v.string()),
  correction: v.optional(v.string()),
  flagged: v.optional(v.boolean()),
  signals: v.array(
    v.picklist(['copied', 'regenerated', 'stopped', 'continued', 'escalated', 'route-corrected']),
  ),
  messages: v.pipe(v.array(chatMessageSchema), v.minLength(1)),
  model: v.looseObject({
    kind: providerKindSchema,
    id: v.string(),
    label: v.string(),
    device: v.optional(v.string()),
  }),
  route: v.optional(
    v.looseObject({
      target: v.picklist(['local', 'claude', 'server']),
      kind: v.string(),
      category: v.string(),
      label: v.string(),
    }),
  ),
  settings: v.looseObject({
    temperature: v.pipe(v.number(), v.finite()),
    topP: v.pipe(v.number(), v.finite()),
    maxTokens: v.pipe(v.number(), v.finite()),
  }),
  promptEmbedding: v.optional(embeddingSchema),
});

/** A schema's issues in plain words: `content: Invalid type: Expected string but received null`. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[], limit = 3): string {
  const parts = issues.slice(0, limit).map((issue) => {
    const path = v.getDotPath(issue);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = issues.length > limit ? ` (and ${issues.length - limit} more)` : '';
  return parts.join('; ') + more;
}
