import { describe, expect, it } from 'vitest';
import { parseStreamEvent } from './events';

const parse = (event: string, data: unknown): ReturnType<typeof parseStreamEvent> =>
  parseStreamEvent(event, typeof data === 'string' ? data : JSON.stringify(data));

describe('parseStreamEvent: known events', () => {
  it('reads message_start usage, cache counts included', () => {
    expect(
      parse('message_start', {
        type: 'message_start',
        message: {
          id: 'msg_1',
          usage: { input_tokens: 3, cache_creation_input_tokens: 10, cache_read_input_tokens: null },
        },
      }),
    ).toEqual({
      kind: 'event',
      event: {
        type: 'message_start',
        usage: { input_tokens: 3, cache_creation_input_tokens: 10, cache_read_input_tokens: null },
      },
    });
  });

  it.each([
    [{ type: 'text', text: 'hi' }],
    [{ type: 'tool_use', id: 'toolu_1', name: 'calculator', input: {} }],
    [{ type: 'thinking', thinking: '', signature: '' }],
    [{ type: 'redacted_thinking', data: 'opaque' }],
  ])('accepts a %o block', (block) => {
    const parsed = parse('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: block,
    });
    expect(parsed).toMatchObject({
      kind: 'event',
      event: { type: 'content_block_start', block: { type: block.type } },
    });
  });

  it.each([
    [{ type: 'text_delta', text: 'a' }],
    [{ type: 'input_json_delta', partial_json: '{"a"' }],
    [{ type: 'thinking_delta', thinking: 'hmm' }],
    [{ type: 'signature_delta', signature: 'EqQB' }],
  ])('accepts a %o delta', (delta) => {
    expect(parse('content_block_delta', { type: 'content_block_delta', index: 2, delta })).toEqual({
      kind: 'event',
      event: { type: 'content_block_delta', index: 2, delta },
    });
  });

  it('reads the stop reason of message_delta, null included', () => {
    expect(
      parse('message_delta', { type: 'message_delta', delta: { stop_reason: 'refusal' } }),
    ).toMatchObject({
      event: { stopReason: 'refusal' },
    });
    expect(parse('message_delta', { type: 'message_delta', delta: { stop_reason: null } })).toMatchObject({
      event: { stopReason: null },
    });
  });

  it('takes the type from the SSE event name when the data has none', () => {
    expect(parse('ping', {})).toEqual({ kind: 'event', event: { type: 'ping' } });
  });

  it('passes an error event body through for the error mapper', () => {
    const body = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    expect(parse('error', body)).toEqual({ kind: 'event', event: { type: 'error', body } });
  });
});

describe('parseStreamEvent: unknown is ignorable', () => {
  it.each([
    ['an event', 'future_event', { type: 'future_event' }],
    [
      'a block',
      'content_block_start',
      { type: 'content_block_start', index: 0, content_block: { type: 'x_block' } },
    ],
    ['a delta', 'content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'x_delta' } }],
    ['non-JSON data of an unknown event', 'weird', 'not json'],
  ])('%s', (_label, event, data) => {
    expect(parse(event, data).kind).toBe('ignore');
  });
});

describe('parseStreamEvent: malformed known events', () => {
  it.each([
    [
      'text_delta without text',
      'content_block_delta',
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta' } },
      'text_delta',
    ],
    [
      'a tool_use block without id',
      'content_block_start',
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', name: 'x' } },
      'tool_use block',
    ],
    [
      'a negative index',
      'content_block_stop',
      { type: 'content_block_stop', index: -1 },
      'content_block_stop',
    ],
    [
      'a string index',
      'content_block_delta',
      { type: 'content_block_delta', index: '0', delta: { type: 'text_delta', text: 'a' } },
      'content_block_delta',
    ],
    ['message_start without message', 'message_start', { type: 'message_start' }, 'message_start'],
    ['an error without error', 'error', { type: 'error' }, 'error'],
    ['known event, data not JSON', 'message_delta', '{oops', 'message_delta'],
  ])('%s', (_label, event, data, what) => {
    expect(parse(event, data)).toMatchObject({ kind: 'malformed', what });
  });

  it('says which field is wrong', () => {
    const parsed = parse('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'signature_delta', signature: 5 },
    });
    expect(parsed.kind === 'malformed' && parsed.issue).toMatch(/^signature: /);
  });
});
