import { describe, expect, it } from 'vitest';
import { readSse, SseParser, type SseEvent } from './sse';

const STREAM =
  'event: message_start\ndata: {"type":"message_start"}\n\n' +
  ': a comment\n' +
  'event: ping\ndata: {"type": "ping"}\n\n' +
  'event: content_block_delta\r\ndata: {"type":"content_block_delta","delta":{"text":"héllo wörld ✓"}}\r\n\r\n' +
  'data: line1\ndata: line2\n\n' +
  'event: error\ndata:{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\r\r';

const EXPECTED: SseEvent[] = [
  { event: 'message_start', data: '{"type":"message_start"}' },
  { event: 'ping', data: '{"type": "ping"}' },
  { event: 'content_block_delta', data: '{"type":"content_block_delta","delta":{"text":"héllo wörld ✓"}}' },
  { event: 'message', data: 'line1\nline2' },
  { event: 'error', data: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' },
];

function byteStream(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const pieces: Uint8Array[] = [];
  let prev = 0;
  for (const cut of [...cuts, bytes.length]) {
    pieces.push(bytes.slice(prev, cut));
    prev = cut;
  }
  return new ReadableStream({
    pull(controller) {
      const next = pieces.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const e of readSse(stream, signal)) out.push(e);
  return out;
}

describe('SseParser', () => {
  it('parses a whole stream', () => {
    const p = new SseParser();
    expect(p.push(STREAM)).toEqual(EXPECTED);
  });

  it('gives the same events however the text is split', () => {
    for (let cut = 1; cut < STREAM.length; cut++) {
      const p = new SseParser();
      const events = [...p.push(STREAM.slice(0, cut)), ...p.push(STREAM.slice(cut))];
      expect(events, `cut at ${cut}`).toEqual(EXPECTED);
    }
  });

  it('handles one character at a time, and a CRLF split between chunks', () => {
    const p = new SseParser();
    const events = [...STREAM].flatMap((ch) => p.push(ch));
    expect(events).toEqual(EXPECTED);
    const q = new SseParser();
    expect([...q.push('data: a\r'), ...q.push('\n\r'), ...q.push('\n')]).toEqual([
      { event: 'message', data: 'a' },
    ]);
  });

  it('does not dispatch an unterminated event or an event without data', () => {
    const p = new SseParser();
    expect(p.push('event: ping\n\n')).toEqual([]);
    expect(p.push('data: half')).toEqual([]);
    expect(p.flush()).toEqual([]);
  });
});

describe('readSse', () => {
  const bytes = new TextEncoder().encode(STREAM);

  it('decodes byte chunks split anywhere, including inside multi-byte characters', async () => {
    for (let cut = 1; cut < bytes.length; cut += 3) {
      expect(await collect(byteStream(bytes, [cut, Math.min(bytes.length, cut + 2)]))).toEqual(EXPECTED);
    }
  });

  it('stops at once when the signal aborts while waiting for data', async () => {
    const controller = new AbortController();
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('data: first\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const seen: string[] = [];
    const run = (async () => {
      for await (const e of readSse(stream, controller.signal)) {
        seen.push(e.data);
        setTimeout(() => controller.abort(), 5);
      }
    })();
    await expect(run).rejects.toThrow();
    expect(seen).toEqual(['first']);
    expect(cancelled).toBe(true);
  });
});
