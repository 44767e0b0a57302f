import { describe, expect, it } from 'vitest';
import { mapHttpError } from '../../providers/claude/http-errors';
import { serializeError } from '../../core/errors';
import { keyCheckText } from './key-check-text';

const failed = (status: number, body: unknown) => ({
  state: 'failed' as const,
  error: serializeError(mapHttpError(status, body, { apiKey: 'sk-ant-secret-1234' })),
});

describe('keyCheckText', () => {
  it('says checking, then works', () => {
    expect(keyCheckText({ state: 'checking' })).toMatch(/^Checking key…/);
    expect(keyCheckText({ state: 'ok' })).toBe('Key works: Anthropic accepted it.');
  });

  it('quotes Anthropic and its status when it refuses the key, never the key', () => {
    const body = { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } };
    expect(keyCheckText(failed(401, body))).toBe(
      'Key refused by Anthropic (401): invalid x-api-key. Check that it was copied whole from the Anthropic Console.',
    );
    const echoed = {
      type: 'error',
      error: { type: 'permission_error', message: 'key sk-ant-secret-1234 lacks access' },
    };
    const text = keyCheckText(failed(403, echoed));
    expect(text).toMatch(/^Key refused by Anthropic \(403\): key \[redacted\] lacks access/);
    expect(text).not.toContain('secret');
  });

  it('a check that could not be made says so, not that the key is wrong', () => {
    expect(
      keyCheckText(
        failed(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
      ),
    ).toBe('Key not checked: Claude is overloaded right now. Try again in a moment, or answer locally.');
  });
});
