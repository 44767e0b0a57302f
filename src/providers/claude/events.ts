/**
 * Validation of the Messages API stream events Tandem uses (valibot schemas).
 *
 * Rules (as the API's versioning policy asks of clients):
 * - An event type, content block type or delta type Tandem does not know is IGNORABLE: the API
 *   adds new ones without a version bump (`{ kind: 'ignore' }`).
 * - A known one that does not have the shape Tandem relies on is MALFORMED: the caller turns it
 *   into an error that carries the response's request id (`{ kind: 'malformed' }`).
 */
import * as v from 'valibot';

const Usage = v.object({
  input_tokens: v.optional(v.number()),
  output_tokens: v.optional(v.number()),
  cache_creation_input_tokens: v.optional(v.nullable(v.number())),
  cache_read_input_tokens: v.optional(v.nullable(v.number())),
});

const Index = v.pipe(v.number(), v.integer(), v.minValue(0));

const KnownBlocks = {
  text: v.object({ type: v.literal('text'), text: v.string() }),
  tool_use: v.object({ type: v.literal('tool_use'), id: v.string(), name: v.string() }),
  thinking: v.object({
    type: v.literal('thinking'),
    thinking: v.string(),
    signature: v.optional(v.string()),
  }),
  redacted_thinking: v.object({ type: v.literal('redacted_thinking'), data: v.string() }),
} as const;

const KnownDeltas = {
  text_delta: v.object({ type: v.literal('text_delta'), text: v.string() }),
  input_json_delta: v.object({ type: v.literal('input_json_delta'), partial_json: v.string() }),
  thinking_delta: v.object({ type: v.literal('thinking_delta'), thinking: v.string() }),
  signature_delta: v.object({ type: v.literal('signature_delta'), signature: v.string() }),
} as const;

export type StreamBlock = v.InferOutput<(typeof KnownBlocks)[keyof typeof KnownBlocks]>;
export type StreamDelta = v.InferOutput<(typeof KnownDeltas)[keyof typeof KnownDeltas]>;
export type StreamUsage = v.InferOutput<typeof Usage>;

// Loose: the block or delta keeps its other fields for the second, type-specific validation.
const Typed = v.looseObject({ type: v.string() });

const Events = {
  message_start: v.object({
    type: v.literal('message_start'),
    message: v.object({ usage: v.optional(Usage) }),
  }),
  content_block_start: v.object({
    type: v.literal('content_block_start'),
    index: Index,
    content_block: Typed,
  }),
  content_block_delta: v.object({ type: v.literal('content_block_delta'), index: Index, delta: Typed }),
  content_block_stop: v.object({ type: v.literal('content_block_stop'), index: Index }),
  message_delta: v.object({
    type: v.literal('message_delta'),
    delta: v.object({ stop_reason: v.optional(v.nullable(v.string())) }),
    usage: v.optional(Usage),
  }),
  message_stop: v.object({ type: v.literal('message_stop') }),
  ping: v.object({ type: v.literal('ping') }),
  error: v.object({
    type: v.literal('error'),
    error: v.object({ type: v.string(), message: v.optional(v.string()) }),
  }),
} as const;

export type StreamEvent =
  | { type: 'message_start'; usage: StreamUsage | undefined }
  | { type: 'content_block_start'; index: number; block: StreamBlock }
  | { type: 'content_block_delta'; index: number; delta: StreamDelta }
  | { type: 'content_block_stop'; index: number }
  | { type: 'message_delta'; stopReason: string | null | undefined; usage: StreamUsage | undefined }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | { type: 'error'; body: unknown };

export type ParsedEvent =
  | { kind: 'event'; event: StreamEvent }
  | { kind: 'ignore'; reason: string }
  | { kind: 'malformed'; what: string; issue: string };

function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'invalid';
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return path ? `${path}: ${issue.message}` : issue.message;
}

function isKnown<T extends object>(table: T, key: string): key is Extract<keyof T, string> {
  return Object.prototype.hasOwnProperty.call(table, key);
}

/**
 * One SSE event (its `event:` name and raw `data:`) → a validated event, an ignorable one, or
 * a malformed one. The type comes from the JSON `type` field, else from the SSE event name.
 */
export function parseStreamEvent(sseEvent: string, data: string): ParsedEvent {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    if (isKnown(Events, sseEvent) && sseEvent !== 'ping') {
      return { kind: 'malformed', what: sseEvent, issue: 'data is not JSON' };
    }
    return { kind: 'ignore', reason: 'data is not JSON' };
  }
  const rawType =
    typeof json === 'object' && json !== null && typeof (json as { type?: unknown }).type === 'string'
      ? (json as { type: string }).type
      : sseEvent;
  if (!isKnown(Events, rawType)) return { kind: 'ignore', reason: `unknown event ${rawType}` };
  const type = rawType;
  const base = v.safeParse(Events[type], { ...(json as object), type });
  if (!base.success) return { kind: 'malformed', what: type, issue: firstIssue(base.issues) };

  const out = base.output;
  switch (out.type) {
    case 'message_start':
      return { kind: 'event', event: { type: out.type, usage: out.message.usage } };
    case 'content_block_start': {
      const blockType = out.content_block.type;
      if (!isKnown(KnownBlocks, blockType)) {
        return { kind: 'ignore', reason: `unknown content block ${blockType}` };
      }
      const block = v.safeParse(KnownBlocks[blockType], out.content_block);
      if (!block.success) {
        return { kind: 'malformed', what: `${blockType} block`, issue: firstIssue(block.issues) };
      }
      return { kind: 'event', event: { type: out.type, index: out.index, block: block.output } };
    }
    case 'content_block_delta': {
      const deltaType = out.delta.type;
      if (!isKnown(KnownDeltas, deltaType)) return { kind: 'ignore', reason: `unknown delta ${deltaType}` };
      const delta = v.safeParse(KnownDeltas[deltaType], out.delta);
      if (!delta.success) return { kind: 'malformed', what: deltaType, issue: firstIssue(delta.issues) };
      return { kind: 'event', event: { type: out.type, index: out.index, delta: delta.output } };
    }
    case 'content_block_stop':
      return { kind: 'event', event: { type: out.type, index: out.index } };
    case 'message_delta':
      return {
        kind: 'event',
        event: { type: out.type, stopReason: out.delta.stop_reason, usage: out.usage },
      };
    case 'message_stop':
    case 'ping':
      return { kind: 'event', event: { type: out.type } };
    case 'error':
      return { kind: 'event', event: { type: 'error', body: json } };
  }
}
