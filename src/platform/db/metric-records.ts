/**
 * Schemas of the measurement stores (`answerMetrics`, `operations`), checked when read and when
 * a backup brings them in. The other stored records are in records.ts.
 */
import * as v from 'valibot';
import { idSchema, MAX_KEY_LENGTH, providerKindSchema } from './records';

const time = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.finite(), v.minValue(0));
const nullableNumber = v.nullable(v.pipe(v.number(), v.finite()));

/** One answer attempt in the `answerMetrics` store (answers/metric.ts). */
export const answerMetricSchema = v.looseObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_KEY_LENGTH)),
  messageId: v.string(),
  conversationId: v.string(),
  attempt: count,
  source: v.string(),
  modelId: v.string(),
  modelLabel: v.string(),
  backend: providerKindSchema,
  device: v.nullable(v.string()),
  route: v.nullable(
    v.looseObject({ target: v.picklist(['local', 'claude', 'server']), reasons: v.array(v.string()) }),
  ),
  status: v.picklist(['ok', 'stopped', 'error', 'cut', 'escalated']),
  errorCode: v.nullable(v.string()),
  startedAt: time,
  totalMs: time,
  ttftMs: nullableNumber,
  prefillTokensPerSecond: nullableNumber,
  decodeTokensPerSecond: nullableNumber,
  inputTokens: nullableNumber,
  outputTokens: nullableNumber,
  costUsd: nullableNumber,
});

/** One embedding, compression, model load or routing decision in `operations` (metrics/types.ts). */
export const operationSchema = v.looseObject({
  id: idSchema,
  kind: v.picklist(['embedding', 'compression', 'load', 'route']),
  at: time,
  modelId: v.string(),
  status: v.picklist(['ok', 'error']),
  errorCode: v.nullable(v.string()),
  totalMs: time,
  backend: v.nullable(v.string()),
  detail: v.nullable(v.string()),
  items: nullableNumber,
  tokensIn: nullableNumber,
  tokensOut: nullableNumber,
  bytes: nullableNumber,
  route: v.nullable(
    v.looseObject({
      target: v.picklist(['local', 'claude', 'server']),
      kind: v.string(),
      reasons: v.array(v.string()),
    }),
  ),
});
