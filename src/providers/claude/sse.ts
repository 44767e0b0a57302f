/**
 * A small Server-Sent Events parser for fetch response bodies.
 *
 * Follows the WHATWG event-stream rules that matter here: lines end in \n, \r\n or \r (also when
 * the \r and \n arrive in different chunks), `event:` / `data:` / `id:` fields, one optional
 * space after the colon, multi-line data joined with \n, comment lines starting with ':',
 * dispatch on a blank line, no dispatch for an event without data. Bytes are decoded with a
 * streaming TextDecoder so multi-byte characters split across chunks survive.
 */

export interface SseEvent {
  /** The `event:` field, 'message' when absent. */
  event: string;
  data: string;
  id?: string;
}

export class SseParser {
  private buffer = '';
  private pendingCR = false;
  private eventType = '';
  private dataLines: string[] = [];
  private hasData = false;
  private lastId: string | undefined;

  /** Feeds decoded text; returns the events completed by it. */
  push(text: string): SseEvent[] {
    const events: SseEvent[] = [];
    let chunk = text;
    if (this.pendingCR) {
      // A \r ended the previous chunk: a leading \n here belongs to it.
      if (chunk.startsWith('\n')) chunk = chunk.slice(1);
      this.pendingCR = false;
    }
    this.buffer += chunk;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer[i];
      if (ch !== '\n' && ch !== '\r') continue;
      const line = this.buffer.slice(start, i);
      if (ch === '\r') {
        if (i + 1 < this.buffer.length) {
          if (this.buffer[i + 1] === '\n') i++;
        } else {
          this.pendingCR = true;
        }
      }
      start = i + 1;
      const event = this.line(line);
      if (event) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /** End of stream: a trailing event without its blank line is NOT dispatched (per spec). */
  flush(): SseEvent[] {
    this.buffer = '';
    this.dataLines = [];
    this.hasData = false;
    this.eventType = '';
    return [];
  }

  private line(line: string): SseEvent | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.dataLines.push(value);
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      default:
        // 'retry' and unknown fields are ignored.
        break;
    }
    return null;
  }

  private dispatch(): SseEvent | null {
    const hasData = this.hasData;
    const event: SseEvent = { event: this.eventType || 'message', data: this.dataLines.join('\n') };
    if (this.lastId !== undefined) event.id = this.lastId;
    this.eventType = '';
    this.dataLines = [];
    this.hasData = false;
    return hasData ? event : null;
  }
}

/**
 * Reads a byte stream and yields SSE events as they complete. Cancels the reader when the
 * consumer stops early (break/return) or when `signal` aborts; an abort makes the pending
 * read reject at once with the signal's reason, without waiting for the next chunk.
 */
export async function* readSse(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<SseEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let abortListener: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    if (!signal) return;
    const fail = (): void => reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    if (signal.aborted) fail();
    else {
      abortListener = fail;
      signal.addEventListener('abort', fail, { once: true });
    }
  });
  aborted.catch(() => undefined);
  try {
    for (;;) {
      const result = signal ? await Promise.race([reader.read(), aborted]) : await reader.read();
      if (result.done) {
        const tail = decoder.decode();
        if (tail) yield* parser.push(tail);
        parser.flush();
        return;
      }
      const events = parser.push(decoder.decode(result.value, { stream: true }));
      for (const event of events) yield event;
    }
  } finally {
    if (abortListener && signal) signal.removeEventListener('abort', abortListener);
    reader.cancel().catch(() => undefined);
    try {
      reader.releaseLock();
    } catch {
      // A pending read may still hold the lock; cancel() already ends it.
    }
  }
}
