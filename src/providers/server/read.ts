/**
 * Reads one chat-completions response: an SSE stream of validated chunks, or one JSON completion
 * (a `stream: false` request, or a proxy that ignored `stream: true`). Yields text and thinking
 * deltas as they arrive; returns the finish reason, the usage the server reported and the tool
 * calls (assembled from their deltas, arguments parsed).
 *
 * The stream's end is `data: [DONE]`. A body that ends without it (and without a finish reason)
 * was cut: what streamed is kept and the caller gets a `network` error.
 */
import * as v from 'valibot';
import { TandemError } from '../../core/errors';
import type { StreamPart } from '../../core/provider';
import { readSse } from '../claude/sse';
import { malformedError, streamCutError } from './connection';
import { mapServerError } from './http-errors';
import { ThinkSplitter, type ThinkPiece } from './think';
import { ToolCallAssembler, parseArguments, type AssembledToolCall } from './tool-calls';
import { CompletionSchema, firstIssue, parseChunk, type WireUsage } from './wire';

export interface ReadClock {
  firstTokenAt: number | null;
  streamedChars: number;
}

export interface ReadContext {
  signal: AbortSignal | undefined;
  clock: ReadClock;
  now: () => number;
  model: string;
  apiKey: string;
  /** Called on every SSE event (the idle-timeout watchdog). */
  onEvent?: () => void;
}

export interface ReadResult {
  finishReason: string | null;
  usage: WireUsage | null;
  toolCalls: AssembledToolCall[];
}

function emitter(ctx: ReadContext): (piece: ThinkPiece) => StreamPart {
  return (piece) => {
    if (ctx.clock.firstTokenAt === null) ctx.clock.firstTokenAt = ctx.now();
    ctx.clock.streamedChars += piece.text.length;
    return piece.kind === 'text'
      ? { type: 'text-delta', text: piece.text }
      : { type: 'thinking-delta', text: piece.text };
  };
}

async function* readJson(
  response: Response,
  ctx: ReadContext,
): AsyncGenerator<StreamPart, ReadResult, undefined> {
  const emit = emitter(ctx);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    if (ctx.signal?.aborted) throw ctx.signal.reason;
    throw malformedError('the answer is not JSON');
  }
  if (typeof json === 'object' && json !== null && 'error' in json) {
    throw mapServerError(0, json, { model: ctx.model, apiKey: ctx.apiKey });
  }
  const parsed = v.safeParse(CompletionSchema, json);
  if (!parsed.success) throw malformedError(firstIssue(parsed.issues));
  const choice = parsed.output.choices[0];
  const message = choice?.message;
  const reasoning = message?.reasoning_content ?? message?.reasoning;
  if (reasoning) yield emit({ kind: 'thinking', text: reasoning });
  if (message?.content) {
    const splitter = new ThinkSplitter();
    for (const piece of [...splitter.push(message.content), ...splitter.flush()]) yield emit(piece);
  }
  const toolCalls = (message?.tool_calls ?? []).map((call, index) => ({
    id: call.id || `call_${index}`,
    name: call.function.name,
    input: parseArguments(call.function.name, call.function.arguments),
  }));
  return { finishReason: choice?.finish_reason ?? null, usage: parsed.output.usage ?? null, toolCalls };
}

export async function* readResponse(
  response: Response,
  ctx: ReadContext,
): AsyncGenerator<StreamPart, ReadResult, undefined> {
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.includes('text/event-stream') && contentType.includes('json')) {
    return yield* readJson(response, ctx);
  }
  if (!response.body) throw streamCutError(undefined, false);
  const emit = emitter(ctx);
  const splitter = new ThinkSplitter();
  const tools = new ToolCallAssembler();
  let finishReason: string | null = null;
  let usage: WireUsage | null = null;
  let done = false;
  try {
    for await (const sse of readSse(response.body, ctx.signal)) {
      ctx.onEvent?.();
      const parsed = parseChunk(sse.data);
      if (parsed.kind === 'done') {
        done = true;
        break;
      }
      if (parsed.kind === 'error')
        throw mapServerError(0, parsed.body, { model: ctx.model, apiKey: ctx.apiKey });
      if (parsed.kind === 'malformed') throw malformedError(parsed.issue);
      const chunk = parsed.chunk;
      if (chunk.usage) usage = chunk.usage;
      for (const choice of chunk.choices ?? []) {
        if (choice.index !== undefined && choice.index !== 0) continue; // n > 1 is not asked for
        const delta = choice.delta;
        const reasoning = delta?.reasoning_content ?? delta?.reasoning;
        if (reasoning) yield emit({ kind: 'thinking', text: reasoning });
        if (delta?.content) for (const piece of splitter.push(delta.content)) yield emit(piece);
        if (delta?.tool_calls?.length) tools.push(delta.tool_calls);
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
    }
  } catch (error) {
    if (ctx.signal?.aborted && ctx.signal.reason instanceof TandemError) throw ctx.signal.reason;
    if (ctx.signal?.aborted || error instanceof TandemError) throw error;
    for (const piece of splitter.flush()) yield emit(piece);
    throw streamCutError(error, ctx.clock.streamedChars > 0);
  }
  for (const piece of splitter.flush()) yield emit(piece);
  // Some servers omit [DONE] after a finish reason; without either, the stream was cut.
  if (!done && finishReason === null) throw streamCutError(undefined, ctx.clock.streamedChars > 0);
  return { finishReason, usage, toolCalls: tools.finish() };
}
