import { describe, expect, it } from 'vitest';
import { mapServerError, parseErrorBody } from './http-errors';

describe('mapServerError', () => {
  const cases: [string, number, unknown, string, boolean][] = [
    [
      'OpenAI context_length_exceeded',
      400,
      { error: { message: 'too long', code: 'context_length_exceeded' } },
      'context-window-exceeded',
      false,
    ],
    [
      'vLLM context length in words',
      400,
      { object: 'error', message: "This model's maximum context length is 2048 tokens.", code: 400 },
      'context-window-exceeded',
      false,
    ],
    [
      'llama-server exceed_context_size_error',
      400,
      {
        error: {
          code: 400,
          message: 'the request exceeds the available context size',
          type: 'exceed_context_size_error',
        },
      },
      'context-window-exceeded',
      false,
    ],
    [
      'Ollama model not found',
      404,
      { error: 'model "x" not found, try pulling it first' },
      'not-found',
      false,
    ],
    [
      'OpenAI model_not_found as 400',
      400,
      { error: { message: 'The model `x` does not exist', code: 'model_not_found' } },
      'not-found',
      false,
    ],
    [
      '401',
      401,
      { error: { code: 401, message: 'Invalid API Key', type: 'authentication_error' } },
      'invalid-api-key',
      false,
    ],
    ['403', 403, 'Forbidden', 'permission-denied', false],
    ['429', 429, { error: { message: 'slow down' } }, 'rate-limited', true],
    [
      'llama-server loading',
      503,
      { error: { code: 503, message: 'Loading model', type: 'unavailable_error' } },
      'model-loading',
      true,
    ],
    ['503 busy', 503, { error: 'busy' }, 'overloaded', true],
    ['500', 500, 'boom', 'server-error', true],
    ['502 from a proxy (HTML)', 502, '<html>Bad Gateway</html>', 'server-error', true],
    ['504 proxy timeout', 504, '', 'timeout', true],
    ['422 validation', 422, { detail: 'field required' }, 'bad-request', false],
    ['413', 413, 'too big', 'request-too-large', false],
  ];
  for (const [name, status, body, code, retryable] of cases) {
    it(`${name} → ${code}`, () => {
      const error = mapServerError(status, JSON.stringify(body), { model: 'llama3.1:8b' });
      expect(error.code).toBe(code);
      expect(error.retryable).toBe(retryable);
      expect(error.details?.status).toBe(status);
      expect(typeof error.details?.remedy).toBe('string');
      expect(error.message).toContain(String(error.details?.remedy));
    });
  }

  it('keeps retry-after seconds in details and in the message', () => {
    const error = mapServerError(429, '{}', { retryAfter: '7' });
    expect(error.details?.retryAfterSeconds).toBe(7);
    expect(error.message).toContain('7 s');
  });

  it('takes the status of an in-stream error from its numeric code', () => {
    const error = mapServerError(0, { error: { code: 503, message: 'Loading model' } });
    expect(error.code).toBe('model-loading');
    expect(error.details).toMatchObject({ status: 503, inStream: true });
  });

  it('never echoes the API key', () => {
    const error = mapServerError(
      401,
      { error: { message: 'key my-secret-key-123 is wrong; sk-abcdefghijklmnop' } },
      { apiKey: 'my-secret-key-123' },
    );
    expect(error.message).not.toContain('my-secret-key-123');
    expect(error.message).not.toContain('sk-abcdefghijklmnop');
  });

  it('parses the three body shapes servers use', () => {
    expect(parseErrorBody('{"error":"plain"}').message).toBe('plain');
    expect(parseErrorBody({ error: { message: 'm', type: 't', code: 'c' } })).toMatchObject({
      message: 'm',
      type: 't',
      code: 'c',
    });
    expect(parseErrorBody('not json at all').message).toBe('not json at all');
  });
});
