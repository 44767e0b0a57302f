/**
 * The chunk parser on byte-split streams: the same SSE body cut at every byte position (inside
 * multi-byte UTF-8 characters, between \r and \n, inside `data:` and `[DONE]`) must give the
 * same parts as the whole body, with comments skipped and CRLF line endings understood.
 */
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../core/provider';
import { TandemError } from '../../core/errors';
import { readResponse, type ReadResult } from './read';

const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
  JSON.stringify({
    id: 'c1',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });

function body(eol: string): string {
  const events = [
    ': keep-alive',
    `data: ${chunk({ role: 'assistant', content: '' })}`,
    `data: ${chunk({ reasoning_content: 'Hmm… ' })}`,
    `data: ${chunk({ content: 'café ' })}`,
    `: a comment in the middle`,
    `data: ${chunk({ content: '日本語 🦙' })}`,
    `data: ${chunk({ content: '!' }, 'stop')}`,
    `data: ${JSON.stringify({ id: 'c1', choices: [], usage: { prompt_tokens: 5, completion_tokens: 4 } })}`,
    'data: [DONE]',
  ];
  return events.map((e) => `${e}${eol}${eol}`).join('');
}

function streamOf(pieces: Uint8Array[]): Response {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
}

async function collect(response: Response): Promise<{ parts: StreamPart[]; result: ReadResult }> {
  const parts: StreamPart[] = [];
  const gen = readResponse(response, {
    signal: undefined,
    clock: { firstTokenAt: null, streamedChars: 0 },
    now: () => 0,
    model: 'm',
    apiKey: '',
  });
  for (;;) {
    const next = await gen.next();
    if (next.done) return { parts, result: next.value };
    parts.push(next.value);
  }
}

function joined(parts: StreamPart[], type: 'text-delta' | 'thinking-delta'): string {
  return parts.map((p) => (p.type === type ? p.text : '')).join('');
}

describe('readResponse on byte-split SSE', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    it(`gives the same answer for every split point (eol ${JSON.stringify(eol)})`, async () => {
      const bytes = new TextEncoder().encode(body(eol));
      const whole = await collect(streamOf([bytes]));
      expect(joined(whole.parts, 'text-delta')).toBe('café 日本語 🦙!');
      expect(joined(whole.parts, 'thinking-delta')).toBe('Hmm… ');
      expect(whole.result).toMatchObject({
        finishReason: 'stop',
        usage: { prompt_tokens: 5, completion_tokens: 4 },
      });
      for (let cut = 1; cut < bytes.length; cut++) {
        const split = await collect(streamOf([bytes.slice(0, cut), bytes.slice(cut)]));
        expect(joined(split.parts, 'text-delta'), `cut at ${cut}`).toBe('café 日本語 🦙!');
        expect(joined(split.parts, 'thinking-delta'), `cut at ${cut}`).toBe('Hmm… ');
        expect(split.result.finishReason).toBe('stop');
      }
    });
  }

  it('reads a stream delivered one byte at a time', async () => {
    const bytes = new TextEncoder().encode(body('\r\n'));
    const pieces = Array.from(bytes, (b) => new Uint8Array([b]));
    const { parts, result } = await collect(streamOf(pieces));
    expect(joined(parts, 'text-delta')).toBe('café 日本語 🦙!');
    expect(result.usage?.completion_tokens).toBe(4);
  });

  it('ignores unknown fields but rejects a known field of the wrong type', async () => {
    const extra = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'ok', annotations: [] }, logprobs: null, finish_reason: null }], timings: { x: 1 } })}\n\n`;
    const bad = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 7 } }] })}\n\n`;
    const response = streamOf([new TextEncoder().encode(extra + bad)]);
    const parts: StreamPart[] = [];
    const error = await (async () => {
      try {
        for await (const part of readResponse(response, {
          signal: undefined,
          clock: { firstTokenAt: null, streamedChars: 0 },
          now: () => 0,
          model: 'm',
          apiKey: '',
        }))
          parts.push(part);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(joined(parts, 'text-delta')).toBe('ok');
    expect(error).toBeInstanceOf(TandemError);
    expect((error as TandemError).code).toBe('bad-response');
    expect((error as TandemError).message).toContain('choices.0.delta.content');
  });

  it('a body that ends before [DONE] and before a finish reason is a cut (network), partial kept', async () => {
    const text = `data: ${chunk({ content: 'Half' })}\n\ndata: ${chunk({ content: ' an' })}\n\n`;
    const parts: StreamPart[] = [];
    let error: unknown = null;
    try {
      for await (const part of readResponse(streamOf([new TextEncoder().encode(text)]), {
        signal: undefined,
        clock: { firstTokenAt: null, streamedChars: 0 },
        now: () => 0,
        model: 'm',
        apiKey: '',
      }))
        parts.push(part);
    } catch (e) {
      error = e;
    }
    expect(joined(parts, 'text-delta')).toBe('Half an');
    expect((error as TandemError).code).toBe('network');
    expect((error as TandemError).details).toMatchObject({ partial: true, reason: 'cut' });
  });

  it('assembles parallel tool calls whose arguments are split over chunks and interleaved', async () => {
    const calls = [
      chunk({
        tool_calls: [
          { index: 0, id: 'a', type: 'function', function: { name: 'get_weather', arguments: '' } },
        ],
      }),
      chunk({
        tool_calls: [
          { index: 1, id: 'b', type: 'function', function: { name: 'get_time', arguments: '{"tz"' } },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: ':"UTC"}' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
      chunk({}, 'tool_calls'),
    ];
    const text = `${calls.map((c) => `data: ${c}\n\n`).join('')}data: [DONE]\n\n`;
    const { result } = await collect(streamOf([new TextEncoder().encode(text)]));
    expect(result.finishReason).toBe('tool_calls');
    expect(result.toolCalls).toEqual([
      { id: 'a', name: 'get_weather', input: { city: 'Paris' } },
      { id: 'b', name: 'get_time', input: { tz: 'UTC' } },
    ]);
  });

  it('an error chunk mid-stream becomes the mapped error after the text so far', async () => {
    const text = `data: ${chunk({ content: 'Hi' })}\n\ndata: ${JSON.stringify({ error: { code: 503, message: 'Loading model', type: 'unavailable_error' } })}\n\n`;
    const parts: StreamPart[] = [];
    let error: unknown = null;
    try {
      for await (const part of readResponse(streamOf([new TextEncoder().encode(text)]), {
        signal: undefined,
        clock: { firstTokenAt: null, streamedChars: 0 },
        now: () => 0,
        model: 'm',
        apiKey: '',
      }))
        parts.push(part);
    } catch (e) {
      error = e;
    }
    expect(joined(parts, 'text-delta')).toBe('Hi');
    expect((error as TandemError).code).toBe('model-loading');
  });
});
