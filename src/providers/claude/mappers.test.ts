import { describe, expect, it } from 'vitest';
import {
  acceptsSamplingParams,
  MIN_THINKING_BUDGET,
  refusalMessage,
  supportsThinking,
  mapStopReason,
  toApiMessages,
  toMessagesBody,
} from './mappers';
import {
  isRetryableStatus,
  mapHttpError,
  mapStreamError,
  parseRetryAfter,
  redactSecrets,
} from './http-errors';

const errorBody = (type: string, message: string): string =>
  JSON.stringify({ type: 'error', error: { type, message } });

describe('toApiMessages / toMessagesBody', () => {
  it('separates system messages and keeps order of the rest', () => {
    const { system, messages } = toApiMessages([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'system', content: 'Answer in French.' },
      { role: 'user', content: 'How are you?' },
    ]);
    expect(system).toBe('Be brief.\n\nAnswer in French.');
    expect(messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello!' }] },
      { role: 'user', content: [{ type: 'text', text: 'How are you?' }] },
    ]);
  });

  it('merges consecutive messages of the same role and drops empty text', () => {
    const { messages } = toApiMessages([
      { role: 'user', content: 'one' },
      { role: 'user', content: '   ' },
      { role: 'user', content: 'two' },
      { role: 'assistant', content: 'a' },
      { role: 'assistant', content: 'b' },
      { role: 'user', content: 'three' },
    ]);
    expect(messages.map((m) => [m.role, m.content.length])).toEqual([
      ['user', 2],
      ['assistant', 2],
      ['user', 1],
    ]);
  });

  it('maps tool calls to tool_use and results to tool_result (results first in the user turn)', () => {
    const { messages } = toApiMessages([
      { role: 'user', content: 'calculate 2+2' },
      {
        role: 'assistant',
        content: "I'll use the calculator.",
        toolCalls: [{ id: 't1', name: 'calculator', input: { expression: '2+2' } }],
      },
      { role: 'user', content: 'also this' },
      {
        role: 'tool',
        results: [
          { id: 't1', output: '4', isError: false },
          { id: 't2', output: 'boom', isError: true },
        ],
      },
    ]);
    expect(messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'text', text: "I'll use the calculator." },
        { type: 'tool_use', id: 't1', name: 'calculator', input: { expression: '2+2' } },
      ],
    });
    expect(messages[2]!.content).toEqual([
      { type: 'tool_result', tool_use_id: 't1', content: '4' },
      { type: 'tool_result', tool_use_id: 't2', content: 'boom', is_error: true },
      { type: 'text', text: 'also this' },
    ]);
  });

  it('trims trailing whitespace of a final assistant prefill', () => {
    const { messages } = toApiMessages([
      { role: 'user', content: 'Q' },
      { role: 'assistant', content: 'The answer is ' },
    ]);
    expect(messages[1]!.content).toEqual([{ type: 'text', text: 'The answer is' }]);
  });

  it('builds a body with model, max_tokens, system, stream and tools', () => {
    const body = toMessagesBody(
      [
        { role: 'system', content: 'S2' },
        { role: 'user', content: 'Hi' },
      ],
      {
        model: 'claude-haiku-4-5',
        maxTokens: 256.7,
        system: 'S1',
        temperature: 1.7,
        stream: true,
        tools: [{ name: 'calculator', description: 'd', input_schema: { type: 'object' } }],
      },
    );
    expect(body).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 256,
      system: 'S1\n\nS2',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      temperature: 1,
      stream: true,
      tools: [{ name: 'calculator', description: 'd', input_schema: { type: 'object' } }],
    });
    expect(body).not.toHaveProperty('top_p');
  });

  it('leaves sampling params out for Claude 5-generation models', () => {
    expect(acceptsSamplingParams('claude-sonnet-5-5')).toBe(false);
    expect(acceptsSamplingParams('claude-opus-5')).toBe(false);
    expect(acceptsSamplingParams('claude-haiku-4-5-20251001')).toBe(true);
    expect(acceptsSamplingParams('claude-3-5-haiku-20241022')).toBe(true);
    const body = toMessagesBody([{ role: 'user', content: 'Hi' }], {
      model: 'claude-sonnet-5-5',
      maxTokens: 10,
      temperature: 0.7,
    });
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('system');
    expect(body).not.toHaveProperty('tools');
  });
});

describe('mapStopReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['refusal', 'refusal'],
    [null, 'stop'],
    [undefined, 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool-calls'],
    ['something_new', 'stop'],
  ] as const)('%s → %s', (input, expected) => {
    expect(mapStopReason(input)).toBe(expected);
  });
});

describe('errors', () => {
  it.each([
    [400, 'invalid_request_error', 'bad-request', false],
    [401, 'authentication_error', 'invalid-api-key', false],
    [403, 'permission_error', 'permission-denied', false],
    [404, 'not_found_error', 'not-found', false],
    [408, 'api_error', 'network', true],
    [409, 'api_error', 'server-error', true],
    [413, 'request_too_large', 'request-too-large', false],
    [429, 'rate_limit_error', 'rate-limited', true],
    [500, 'api_error', 'server-error', true],
    [503, 'api_error', 'server-error', true],
    [529, 'overloaded_error', 'overloaded', true],
    [418, 'teapot', 'unknown', false],
  ] as const)('%i %s → %s (retryable %s)', (status, type, code, retryable) => {
    const error = mapHttpError(status, errorBody(type, 'some message'));
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.details?.status).toBe(status);
    expect(error.message.length).toBeGreaterThan(10);
  });

  it('tells the user what to do', () => {
    expect(mapHttpError(401, errorBody('authentication_error', 'invalid x-api-key')).message).toBe(
      'Claude rejected the API key. Check it in Settings.',
    );
    expect(mapHttpError(413, '').message).toMatch(/compression|new conversation/);
    expect(mapHttpError(529, '').message).toMatch(/overloaded/i);
    expect(mapHttpError(400, errorBody('invalid_request_error', 'max_tokens: too big')).message).toContain(
      'max_tokens: too big',
    );
  });

  it('reads retry-after into details and the message', () => {
    const error = mapHttpError(429, errorBody('rate_limit_error', 'slow down'), {
      retryAfter: '7',
      requestId: 'req_1',
    });
    expect(error.details).toMatchObject({
      retryAfterSeconds: 7,
      requestId: 'req_1',
      errorType: 'rate_limit_error',
    });
    expect(error.message).toContain('7 s');
  });

  it('parses retry-after seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3);
    expect(parseRetryAfter('0.5')).toBe(0.5);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10);
  });

  it('maps SSE error events by error type', () => {
    const error = mapStreamError({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    expect(error.code).toBe('overloaded');
    expect(error.retryable).toBe(true);
    expect(error.details?.status).toBe(529);
  });

  it('never echoes the API key', () => {
    const key = 'sk-ant-api03-SECRETSECRET';
    const error = mapHttpError(400, errorBody('invalid_request_error', `bad key ${key} and mykey123`), {
      apiKey: 'mykey123',
    });
    expect(error.message).not.toContain('SECRET');
    expect(error.message).not.toContain('mykey123');
    expect(JSON.stringify(error.toJSON())).not.toContain('SECRET');
    expect(redactSecrets('x sk-ant-abc_DEF-1 y')).toBe('x [redacted] y');
  });

  it('tolerates non-JSON bodies', () => {
    const error = mapHttpError(502, '<html>Bad gateway</html>');
    expect(error.code).toBe('server-error');
    expect(error.retryable).toBe(true);
    expect(isRetryableStatus(404)).toBe(false);
  });
});

describe('extended thinking in the request', () => {
  it.each([
    ['claude-sonnet-5-5', true],
    ['claude-haiku-4-5-20251001', true],
    ['claude-sonnet-4-5', true],
    ['claude-3-7-sonnet-20250219', true],
    ['claude-3-5-haiku-20241022', false],
    ['claude-3-opus', false],
    ['my-gateway-alias', true],
  ] as const)('%s supports thinking: %s', (model, expected) => {
    expect(supportsThinking(model)).toBe(expected);
  });

  it('adds the budget on top of max_tokens, drops temperature, and enforces the 1024 minimum', () => {
    const body = toMessagesBody([{ role: 'user', content: 'Hi' }], {
      model: 'claude-haiku-4-5',
      maxTokens: 500,
      temperature: 0.3,
      thinkingBudget: 100,
    });
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: MIN_THINKING_BUDGET });
    expect(body.max_tokens).toBe(MIN_THINKING_BUDGET + 500);
    expect(body.temperature).toBeUndefined();
  });

  it('puts signed thinking first and unchanged in an assistant tool turn', () => {
    const thinking = [
      { type: 'thinking' as const, thinking: 'plan', signature: 'sig==' },
      { type: 'redacted_thinking' as const, data: 'opaque' },
    ];
    const { messages } = toApiMessages([
      { role: 'user', content: 'calculate 1+1' },
      {
        role: 'assistant',
        content: 'Using the calculator.',
        toolCalls: [{ id: 't1', name: 'calculator', input: {} }],
        thinking,
      },
      { role: 'tool', results: [{ id: 't1', output: '2', isError: false }] },
    ]);
    expect(messages[1]!.content).toEqual([
      ...thinking,
      { type: 'text', text: 'Using the calculator.' },
      { type: 'tool_use', id: 't1', name: 'calculator', input: {} },
    ]);
  });
});

describe('prompt-caching breakpoints', () => {
  const tools = [
    { name: 'a', description: 'A', input_schema: {} },
    { name: 'b', description: 'B', input_schema: {} },
  ];

  it('marks the last tool, the system prompt and the latest user turn, at most 3 breakpoints', () => {
    const body = toMessagesBody(
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'answer' },
        { role: 'user', content: 'second' },
      ],
      { model: 'claude-sonnet-5-5', maxTokens: 10, tools, cache: true },
    );
    const json = JSON.stringify(body);
    expect(json.match(/cache_control/g)).toHaveLength(3);
    expect(body.tools![1]!.cache_control).toEqual({ type: 'ephemeral' });
    expect(body.tools![0]!.cache_control).toBeUndefined();
    expect(tools[1]).not.toHaveProperty('cache_control'); // the registry's objects are not changed
    expect(body.system).toEqual([{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }]);
    expect(body.messages[2]!.content).toEqual([
      { type: 'text', text: 'second', cache_control: { type: 'ephemeral' } },
    ]);
  });

  it('marks a tool_result turn, and skips a trailing assistant prefill', () => {
    const body = toMessagesBody(
      [
        { role: 'user', content: 'calc' },
        { role: 'assistant', content: '', toolCalls: [{ id: 't', name: 'a', input: {} }] },
        { role: 'tool', results: [{ id: 't', output: '1', isError: false }] },
      ],
      { model: 'claude-sonnet-5-5', maxTokens: 10, cache: true },
    );
    expect(body.messages[2]!.content[0]).toMatchObject({
      type: 'tool_result',
      cache_control: { type: 'ephemeral' },
    });

    const prefill = toMessagesBody(
      [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'The answer is' },
      ],
      { model: 'claude-sonnet-5-5', maxTokens: 10, cache: true },
    );
    expect(prefill.messages[0]!.content[0]).toMatchObject({ cache_control: { type: 'ephemeral' } });
    expect(prefill.messages[1]!.content[0]).not.toHaveProperty('cache_control');
  });

  it('sends none without the option', () => {
    const body = toMessagesBody([{ role: 'user', content: 'q' }], {
      model: 'm',
      maxTokens: 1,
      system: 's',
      tools,
    });
    expect(JSON.stringify(body)).not.toContain('cache_control');
    expect(body.system).toBe('s');
  });
});

describe('refusal message', () => {
  it('says what happened and what the user can do, with and without text', () => {
    expect(refusalMessage(false)).toMatch(/^Claude declined to answer this request.*rephrase.*local model/);
    expect(refusalMessage(true)).toContain('the text above is what it wrote before');
  });
});
