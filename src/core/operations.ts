/**
 * One record per model operation that is not a generation (generations are `AnswerMetric`s in
 * their own store): an embedding batch, a compression, a model load, a routing decision. Stored in
 * the `operations` store, indexed by start time, by kind and by model, so the dashboard reads
 * them with index ranges instead of loading everything.
 */
import type { AnswerMetric } from './answers/metric';

export type OperationKind = 'embedding' | 'compression' | 'load' | 'route';
/** Why texts were embedded: the caller says so through the embedder client. */
export type EmbedPurpose = 'health' | 'routing' | 'few-shot' | 'similarity' | 'other';
/** Where a model's files came from when it loaded. */
export type LoadSource = 'network' | 'indexeddb' | 'mixed';

export interface OperationRecord {
  id: string;
  kind: OperationKind;
  /** Start time, epoch ms. */
  at: number;
  /** The model that did the work ('' for none: lexical compression, a routing decision). */
  modelId: string;
  status: 'ok' | 'error';
  errorCode: string | null;
  totalMs: number;
  /** wasm / webgpu / webllm / claude / lexical ... */
  backend: string | null;
  /** Embedding purpose, compression method, or load source. */
  detail: string | null;
  /** Texts embedded, files loaded. */
  items: number | null;
  /** Tokens embedded or before compression. */
  tokensIn: number | null;
  /** Tokens after compression. */
  tokensOut: number | null;
  /** Bytes of a model load. */
  bytes: number | null;
  /** A routing decision: where it went, the task kind and why. */
  route: { target: 'local' | 'claude' | 'server'; kind: string; reasons: string[] } | null;
}

/** What a caller reports; the recorder adds the id. */
export type OperationInput = Omit<OperationRecord, 'id' | 'errorCode' | 'backend' | 'detail' | 'items'> &
  Partial<Pick<OperationRecord, 'errorCode' | 'backend' | 'detail' | 'items'>>;

export type OperationSink = (operation: OperationInput) => void;

/** Every measured operation seen the same way by the aggregations (generation or otherwise). */
export interface MetricRow {
  kind: 'generation' | OperationKind;
  at: number;
  modelId: string;
  ok: boolean;
  totalMs: number;
  ttftMs: number | null;
  prefillTps: number | null;
  decodeTps: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  costUsd: number | null;
  /** generation: where it ran; route: the target. */
  target: 'local' | 'claude' | 'server' | null;
  /** generation: the attempt number (>0 is a fallback or escalation). */
  attempt: number;
  detail: string | null;
  bytes: number | null;
}

const OK_GENERATION = new Set(['ok', 'stopped', 'cut']);

export function rowFromAnswerMetric(m: AnswerMetric): MetricRow {
  return {
    kind: 'generation',
    at: m.startedAt,
    modelId: m.modelId,
    // An escalated attempt finished but was replaced: it still answered, so it counts as a success.
    ok: OK_GENERATION.has(m.status) || m.status === 'escalated',
    totalMs: m.totalMs,
    ttftMs: m.ttftMs,
    prefillTps: m.prefillTokensPerSecond,
    decodeTps: m.decodeTokensPerSecond,
    tokensIn: m.inputTokens,
    tokensOut: m.outputTokens,
    costUsd: m.costUsd,
    target: m.backend === 'claude' || m.backend === 'server' ? m.backend : 'local',
    attempt: m.attempt,
    detail: m.source,
    bytes: null,
  };
}

export function rowFromOperation(o: OperationRecord): MetricRow {
  return {
    kind: o.kind,
    at: o.at,
    modelId: o.modelId,
    ok: o.status === 'ok',
    totalMs: o.totalMs,
    ttftMs: null,
    prefillTps: null,
    decodeTps: null,
    tokensIn: o.tokensIn,
    tokensOut: o.tokensOut,
    costUsd: null,
    target: o.route?.target ?? null,
    attempt: 0,
    detail: o.kind === 'route' ? (o.route?.kind ?? null) : o.detail,
    bytes: o.bytes,
  };
}
