/**
 * The Evaluate workbench's stored records as valibot schemas (see records.ts for the rules): read
 * back by db/evaluations.ts and checked on backup import. Kept apart from records.ts so the chat's
 * first load does not carry them.
 */
import * as v from 'valibot';
import { storedGradingSchema, storedPlanSchema } from './promptfoo-records';
import { idSchema, MAX_KEY_LENGTH } from './records';
import { CHECK_TYPES, MAX_RUNS, MAX_TOKENS_LIMIT } from '../../core/eval-config';

const time = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.finite(), v.minValue(0));

const nullableCount = v.nullable(count);
const checkResultSchema = v.looseObject({ type: v.string(), passed: v.boolean(), detail: v.string() });

/** What the app relies on in a stored configuration (the file itself is checked by lib/eval/config.ts). */
const storedConfigSchema = v.looseObject({
  version: v.literal(1),
  name: v.string(),
  models: v.pipe(v.array(v.string()), v.minLength(1)),
  sequences: v.pipe(
    v.array(
      v.looseObject({
        name: v.string(),
        prompts: v.pipe(v.array(v.looseObject({ name: v.string(), text: v.string() })), v.minLength(1)),
      }),
    ),
    v.minLength(1),
  ),
  // The file's own limits: a stored 1e9 runs, 0 tokens or an unknown check type is set aside on
  // read (with the notice) instead of crashing Resume.
  settings: v.looseObject({
    runs: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_RUNS)),
    maxTokens: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_TOKENS_LIMIT)),
    temperature: v.pipe(v.number(), v.minValue(0), v.maxValue(2)),
  }),
  checks: v.optional(
    v.array(v.looseObject({ type: v.picklist(CHECK_TYPES), value: v.union([v.string(), v.number()]) })),
  ),
  judge: v.optional(v.looseObject({ model: v.string(), rubric: v.string() })),
});

export const evaluationSchema = v.looseObject({
  id: idSchema,
  config: storedConfigSchema,
  status: v.picklist(['running', 'interrupted', 'stopped', 'done', 'queued']),
  startedAt: time,
  finishedAt: v.nullable(time),
  totalTasks: count,
  doneTasks: count,
  updatedAt: time,
  queued: v.optional(v.boolean()),
  promptfoo: v.optional(storedPlanSchema),
});

export const evalResponseSchema = v.looseObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_KEY_LENGTH)),
  evaluationId: idSchema,
  taskKey: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_KEY_LENGTH)),
  model: v.string(),
  sequenceIndex: count,
  sequence: v.string(),
  promptIndex: count,
  prompt: v.string(),
  run: count,
  text: v.string(),
  status: v.picklist(['ok', 'stopped', 'cut', 'error']),
  errorCode: v.nullable(v.string()),
  errorMessage: v.nullable(v.string()),
  ttftMs: nullableCount,
  tokensPerSecond: nullableCount,
  outputTokens: nullableCount,
  durationMs: count,
  health: v.nullable(
    v.looseObject({ status: v.string(), drift: v.number(), threshold: v.number(), evasive: v.boolean() }),
  ),
  checks: v.array(checkResultSchema),
  judgeStatus: v.picklist(['none', 'pending', 'ok', 'malformed', 'error']),
  judge: v.nullable(v.looseObject({ score: v.number(), reason: v.string() })),
  judgeRaw: v.nullable(v.string()),
  grading: v.optional(storedGradingSchema),
  createdAt: time,
});

export const arenaVoteSchema = v.looseObject({
  id: idSchema,
  evaluationId: idSchema,
  promptKey: v.string(),
  modelA: v.string(),
  modelB: v.string(),
  responseA: v.string(),
  responseB: v.string(),
  choice: v.picklist(['a', 'b', 'tie', 'both-bad']),
  createdAt: time,
});
