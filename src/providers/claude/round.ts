/**
 * Reads one Messages API response (one round of an answer): validated SSE events, or a whole
 * JSON message from a proxy that ignored `stream: true`. Yields text and thinking deltas as they
 * arrive and returns what the tool loop needs (stop reason, text, tool calls, signed thinking).
 *
 * - Usage is accumulated into the caller's `usage` (input includes cache writes and reads, which
 *   are also counted apart for pricing).
 * - Every error raised here carries the response's `request-id`, for support questions.
 * - `onEvent` is called for every event, `ping` included (the idle-timeout watchdog).
 */
import { TandemError } from '../../core/errors';
import type { StreamPart, Usage } from '../../core/provider';
import { parseStreamEvent, type StreamUsage } from './events';
import { mapStreamError } from './http-errors';
import { type SignedThinking, type ToolCall } from './api-types';
import { readSse } from './sse';

export interface RoundResult {
  stopReason: string | null;
  text: string;
  toolCalls: ToolCall[];
  /** Tool calls whose streamed JSON input could not be parsed. */
  badInputs: Set<string>;
  /** Thinking blocks exactly as received (with signatures), in order. */
  thinking: SignedThinking[];
}

export interface RoundClock {
  firstTokenAt: number | null;
  streamedChars: number;
}

export interface RoundContext {
  signal: AbortSignal | undefined;
  usage: Usage;
  clock: RoundClock;
  now: () => number;
  model: string;
  apiKey: string;
  /** Called on every SSE event (also `ping`). */
  onEvent?: () => void;
  /** The error for a connection that ended or broke before `message_stop`. */
  cutError: (cause: unknown, requestId: string | null) => TandemError;
}

type OpenBlock =
  | { kind: 'text' }
  | { kind: 'tool'; id: string; name: string; json: string }
  | { kind: 'thinking'; thinking: string; signature: string }
  | { kind: 'redacted'; data: string }
  | { kind: 'other' };

/** Adds one round's usage (the API reports running totals) to the answer's usage. */
function usageAccumulator(usage: Usage): (u: StreamUsage | undefined) => void {
  const seen = { input: 0, output: 0, write: 0, read: 0 };
  return (u) => {
    if (!u) return;
    const write = u.cache_creation_input_tokens ?? 0;
    const read = u.cache_read_input_tokens ?? 0;
    if (u.input_tokens !== undefined) {
      const input = u.input_tokens + write + read;
      if (input > seen.input) {
        usage.inputTokens += input - seen.input;
        seen.input = input;
      }
      if (write > seen.write) {
        usage.cacheWriteTokens = (usage.cacheWriteTokens ?? 0) + write - seen.write;
        seen.write = write;
      }
      if (read > seen.read) {
        usage.cacheReadTokens = (usage.cacheReadTokens ?? 0) + read - seen.read;
        seen.read = read;
      }
    }
    if (u.output_tokens !== undefined && u.output_tokens > seen.output) {
      usage.outputTokens += u.output_tokens - seen.output;
      seen.output = u.output_tokens;
    }
  };
}

function malformed(what: string, issue: string, requestId: string | null): TandemError {
  const id = requestId ? ` (request id ${requestId})` : '';
  return new TandemError(
    'bad-response',
    `Claude sent a ${what} event Tandem could not read${id}: ${issue}. The partial answer is kept; retry to get a full one.`,
    {
      retryable: true,
      name: 'ClaudeError',
      details: { partial: true, ...(requestId ? { requestId } : {}) },
    },
  );
}

export async function* readRound(
  response: Response,
  ctx: RoundContext,
): AsyncGenerator<StreamPart, RoundResult, undefined> {
  const requestId = response.headers.get('request-id');
  const result: RoundResult = {
    stopReason: null,
    text: '',
    toolCalls: [],
    badInputs: new Set(),
    thinking: [],
  };
  const first = (): void => {
    if (ctx.clock.firstTokenAt === null) ctx.clock.firstTokenAt = ctx.now();
  };
  const emitText = (text: string): StreamPart => {
    first();
    ctx.clock.streamedChars += text.length;
    result.text += text;
    return { type: 'text-delta', text };
  };
  const emitThinking = (text: string): StreamPart => {
    first();
    ctx.clock.streamedChars += text.length;
    return { type: 'thinking-delta', text };
  };
  const applyUsage = usageAccumulator(ctx.usage);

  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('application/json')) {
    // A proxy that ignored `stream: true`: take the whole message at once.
    const message = (await response.json()) as {
      content?: {
        type: string;
        text?: string;
        id?: string;
        name?: string;
        input?: unknown;
        thinking?: string;
        signature?: string;
        data?: string;
      }[];
      stop_reason?: string | null;
      usage?: StreamUsage;
    };
    applyUsage(message.usage);
    for (const block of message.content ?? []) {
      if (block.type === 'thinking' && typeof block.thinking === 'string') {
        result.thinking.push({
          type: 'thinking',
          thinking: block.thinking,
          signature: block.signature ?? '',
        });
        if (block.thinking) yield emitThinking(block.thinking);
      }
      if (block.type === 'redacted_thinking' && typeof block.data === 'string') {
        result.thinking.push({ type: 'redacted_thinking', data: block.data });
      }
      if (block.type === 'text' && block.text) yield emitText(block.text);
      if (block.type === 'tool_use' && block.id && block.name) {
        result.toolCalls.push({ id: block.id, name: block.name, input: block.input ?? {} });
      }
    }
    result.stopReason = message.stop_reason ?? null;
    return result;
  }
  if (!response.body) {
    throw new TandemError('network', 'Claude sent an empty response. Try again.', {
      retryable: true,
      name: 'ClaudeError',
      ...(requestId ? { details: { requestId } } : {}),
    });
  }

  const blocks = new Map<number, OpenBlock>();
  let stopped = false;
  try {
    for await (const sse of readSse(response.body, ctx.signal)) {
      ctx.onEvent?.();
      const parsed = parseStreamEvent(sse.event, sse.data);
      if (parsed.kind === 'ignore') continue; // new types are added without a version bump
      if (parsed.kind === 'malformed') throw malformed(parsed.what, parsed.issue, requestId);
      const event = parsed.event;
      switch (event.type) {
        case 'message_start':
          applyUsage(event.usage);
          break;
        case 'content_block_start': {
          const block = event.block;
          if (block.type === 'tool_use') {
            blocks.set(event.index, { kind: 'tool', id: block.id, name: block.name, json: '' });
          } else if (block.type === 'thinking') {
            blocks.set(event.index, {
              kind: 'thinking',
              thinking: block.thinking,
              signature: block.signature ?? '',
            });
            if (block.thinking) yield emitThinking(block.thinking);
          } else if (block.type === 'redacted_thinking') {
            blocks.set(event.index, { kind: 'redacted', data: block.data });
          } else {
            blocks.set(event.index, { kind: 'text' });
            if (block.text) yield emitText(block.text);
          }
          break;
        }
        case 'content_block_delta': {
          const delta = event.delta;
          const block = blocks.get(event.index);
          if (delta.type === 'text_delta') {
            if (delta.text) yield emitText(delta.text);
          } else if (delta.type === 'input_json_delta') {
            if (block?.kind === 'tool') block.json += delta.partial_json;
          } else if (delta.type === 'thinking_delta') {
            if (block?.kind === 'thinking') block.thinking += delta.thinking;
            if (delta.thinking) yield emitThinking(delta.thinking);
          } else if (delta.type === 'signature_delta') {
            if (block?.kind === 'thinking') block.signature += delta.signature;
          }
          break;
        }
        case 'content_block_stop': {
          const block = blocks.get(event.index);
          if (block?.kind === 'tool') {
            let input: unknown = {};
            if (block.json.trim()) {
              try {
                input = JSON.parse(block.json);
              } catch {
                result.badInputs.add(block.id);
              }
            }
            result.toolCalls.push({ id: block.id, name: block.name, input });
          } else if (block?.kind === 'thinking') {
            result.thinking.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
          } else if (block?.kind === 'redacted') {
            result.thinking.push({ type: 'redacted_thinking', data: block.data });
          }
          break;
        }
        case 'message_delta':
          if (event.stopReason !== undefined) result.stopReason = event.stopReason;
          applyUsage(event.usage);
          break;
        case 'message_stop':
          stopped = true;
          break;
        case 'error':
          throw mapStreamError(event.body, {
            model: ctx.model,
            apiKey: ctx.apiKey,
            ...(requestId ? { requestId } : {}),
          });
        case 'ping':
          break;
      }
      if (stopped) break;
    }
  } catch (error) {
    if (ctx.signal?.aborted && ctx.signal.reason instanceof TandemError) throw ctx.signal.reason;
    if (ctx.signal?.aborted || error instanceof TandemError) throw error;
    throw ctx.cutError(error, requestId);
  }
  if (!stopped) throw ctx.cutError(undefined, requestId);
  return result;
}
