/**
 * Turning a provider's stream of parts into a stored answer, apart from any state: `applyPart`
 * is a pure step, `collectAnswer` drives it over a stream. Every attempt is kept: a fallback or
 * escalation ends the current model's attempt (with its error code) and starts the next one, so
 * the model that failed is never lost from the record.
 */
import { serializeError, type SerializedError } from '../errors';
import type { MessageModelInfo, StoredMessage } from '../stored';
import type { StreamPart, Timings, Usage } from '../provider';

/** How an attempt ended: 'cut' = stopped by the token limit; 'escalated' = replaced by a better model. */
export type AttemptStatus = 'ok' | 'stopped' | 'error' | 'cut' | 'escalated';

/** One model's try at an answer, timed on one clock for every backend. */
export interface Attempt {
  model: MessageModelInfo;
  startedAt: number;
  endedAt: number;
  /** When the first text arrived (null: none did). */
  firstTextAt: number | null;
  status: AttemptStatus;
  errorCode?: string;
  usage?: Usage;
  /** What the provider itself reported. */
  timings?: Timings;
  /** Characters of text this attempt produced. */
  chars: number;
}

type OpenAttempt = Omit<Attempt, 'endedAt' | 'status'>;

export interface AnswerProgress {
  /** The message as shown while streaming: model, tool events, notices (content is `text`). */
  message: StoredMessage;
  text: string;
  /** Set by a terminal part (finish or error); the answer ends as this. */
  final: StoredMessage | null;
  /** Finished attempts, oldest first. */
  attempts: Attempt[];
  current: OpenAttempt | null;
  /** A tool result came last: the next text starts a new paragraph instead of gluing on. */
  afterTool?: boolean;
}

export function startAnswer(message: StoredMessage, now: number): AnswerProgress {
  const model = message.model ?? { kind: 'transformers', id: 'unknown', label: 'unknown' };
  return {
    message,
    // A continued answer (cut at the token limit) goes on from its own text.
    text: message.content,
    final: null,
    attempts: [],
    current: { model, startedAt: now, firstTextAt: null, chars: 0 },
  };
}

function close(
  p: AnswerProgress,
  now: number,
  status: AttemptStatus,
  extra: Partial<Attempt> = {},
): Attempt[] {
  if (!p.current) return p.attempts;
  return [...p.attempts, { ...p.current, ...extra, endedAt: now, status }];
}

const FINISH_STATUS: Record<string, AttemptStatus> = { aborted: 'stopped', length: 'cut' };

/** One step: the answer after `part` arrived at `now`. Pure. */
export function applyPart(p: AnswerProgress, part: StreamPart, now: number): AnswerProgress {
  switch (part.type) {
    case 'text-delta': {
      const current = p.current && {
        ...p.current,
        firstTextAt: p.current.firstTextAt ?? now,
        chars: p.current.chars + part.text.length,
      };
      const glue = p.afterTool && p.text && !/\s$/.test(p.text) ? '\n\n' : '';
      return { ...p, text: p.text + glue + part.text, current, afterTool: false };
    }
    case 'finish': {
      const final: StoredMessage = {
        ...p.message,
        content: p.text,
        status: part.reason === 'aborted' ? 'stopped' : 'complete',
        usage: part.usage,
        timings: part.timings,
        finishReason: part.reason,
      };
      const status = FINISH_STATUS[part.reason] ?? 'ok';
      return {
        ...p,
        final,
        attempts: close(p, now, status, { usage: part.usage, timings: part.timings }),
        current: null,
      };
    }
    case 'error':
      return {
        ...p,
        final: { ...p.message, content: p.text, status: 'error', error: part.error },
        attempts: close(p, now, 'error', { errorCode: part.error.code }),
        current: null,
      };
    case 'thinking-delta':
      return { ...p, message: { ...p.message, thinking: (p.message.thinking ?? '') + part.text } };
    case 'tool-call': {
      const event = { id: part.id, name: part.name, input: part.input };
      return { ...p, message: { ...p.message, toolEvents: [...(p.message.toolEvents ?? []), event] } };
    }
    case 'tool-result': {
      const toolEvents = (p.message.toolEvents ?? []).map((e) =>
        e.id === part.id ? { ...e, output: part.output, isError: part.isError } : e,
      );
      return { ...p, message: { ...p.message, toolEvents }, afterTool: true };
    }
    case 'notice': {
      const { notice } = part;
      // A fallback or escalation moves the text so far into the notice and starts again.
      const earlier = p.message.notices ?? [];
      const at = notice.id === undefined ? -1 : earlier.findIndex((n) => n.id === notice.id);
      const notices = at < 0 ? [...earlier, notice] : earlier.map((n, i) => (i === at ? notice : n));
      const message: StoredMessage = {
        ...p.message,
        notices,
        ...(notice.model ? { model: notice.model } : {}),
      };
      const next = notice.replacedText !== undefined ? { ...p, message, text: '' } : { ...p, message };
      if (!notice.model || (notice.kind !== 'fallback' && notice.kind !== 'escalation')) return next;
      const ended =
        notice.kind === 'fallback'
          ? close(p, now, 'error', notice.failedCode ? { errorCode: notice.failedCode } : {})
          : close(p, now, 'escalated');
      return {
        ...next,
        attempts: ended,
        current: { model: notice.model, startedAt: now, firstTextAt: null, chars: 0 },
      };
    }
  }
}

/** The answer when the stream is over: a thrown error, or no terminal part (kept, marked stopped). */
export function endAnswer(p: AnswerProgress, now: number, thrown?: unknown): AnswerProgress {
  if (thrown !== undefined) {
    const error: SerializedError = serializeError(thrown);
    return {
      ...p,
      final: { ...p.message, content: p.text, status: 'error', error },
      attempts: close(p, now, 'error', { errorCode: error.code }),
      current: null,
    };
  }
  if (p.final) return p;
  return {
    ...p,
    final: { ...p.message, content: p.text, status: 'stopped' },
    attempts: close(p, now, 'stopped'),
    current: null,
  };
}

export interface CollectHooks {
  now: () => number;
  /** After every part (the caller shows and persists the progress). */
  onProgress?: (progress: AnswerProgress, part: StreamPart) => void;
  /** Checked before text is added: false ends the collection (the answer was dropped). */
  keepGoing?: () => boolean;
}

/** Drives `applyPart` over a stream; resolves with the final answer and every attempt. */
export async function collectAnswer(
  stream: AsyncIterable<StreamPart>,
  message: StoredMessage,
  hooks: CollectHooks,
): Promise<{ final: StoredMessage; attempts: Attempt[] }> {
  let progress = startAnswer(message, hooks.now());
  try {
    for await (const part of stream) {
      if (part.type === 'text-delta' && hooks.keepGoing && !hooks.keepGoing()) break;
      progress = applyPart(progress, part, hooks.now());
      hooks.onProgress?.(progress, part);
    }
    progress = endAnswer(progress, hooks.now());
  } catch (error) {
    progress = endAnswer(progress, hooks.now(), error);
  }
  return { final: progress.final!, attempts: progress.attempts };
}
