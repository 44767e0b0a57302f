import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../stored';
import { TandemError } from '../errors';
import type { StreamPart } from '../provider';
import { applyPart, collectAnswer, startAnswer } from './collect';
import { toAnswerMetrics } from './metric';

const message: StoredMessage = {
  id: 'a1',
  conversationId: 'c1',
  role: 'assistant',
  content: '',
  createdAt: 0,
  status: 'streaming',
  model: { kind: 'webllm', id: 'W', label: 'W (WebLLM)' },
};
const finish = (reason: 'stop' | 'length' | 'aborted' = 'stop', out = 10): StreamPart => ({
  type: 'finish',
  reason,
  usage: { inputTokens: 20, outputTokens: out },
  timings: { timeToFirstTokenMs: 999, totalMs: 999, tokensPerSecond: 999 },
});

/** A stream whose parts arrive at the given clock times. */
function timed(parts: [number, StreamPart][]) {
  let clock = 0;
  return {
    now: () => clock,
    stream: (async function* () {
      for (const [at, part] of parts) {
        clock = at;
        yield part;
      }
    })(),
  };
}

describe('applyPart', () => {
  it('is pure: the earlier progress is unchanged', () => {
    const start = startAnswer(message, 0);
    const next = applyPart(start, { type: 'text-delta', text: 'Hi' }, 5);
    expect(start.text).toBe('');
    expect(next.text).toBe('Hi');
    expect(next.current?.firstTextAt).toBe(5);
  });

  it('marks an answer cut by the token limit as such in its attempt', () => {
    const p = applyPart(
      applyPart(startAnswer(message, 0), { type: 'text-delta', text: 'x' }, 1),
      finish('length'),
      2,
    );
    expect(p.final?.status).toBe('complete');
    expect(p.attempts.map((a) => a.status)).toEqual(['cut']);
  });
});

describe('notices', () => {
  const info = (text: string, id?: string): StreamPart => ({
    type: 'notice',
    notice: { kind: 'info', text, ...(id ? { id } : {}) },
  });

  it('a notice with the id of an earlier one takes its place; others are added', () => {
    let p = startAnswer(message, 0);
    p = applyPart(p, info('memory used'), 1);
    p = applyPart(p, info('retrying (1 of 3)…', 'server-loading'), 2);
    p = applyPart(p, info('retrying (2 of 3)…', 'server-loading'), 3);
    p = applyPart(p, info('answered after 2 retries.', 'server-loading'), 4);
    p = applyPart(p, info('another'), 5);
    expect(p.message.notices?.map((n) => n.text)).toEqual([
      'memory used',
      'answered after 2 retries.',
      'another',
    ]);
  });
});

describe('collectAnswer', () => {
  it('a fallback records two attempts: the failed model with its error code, then the one that answered', async () => {
    const { now, stream } = timed([
      [100, { type: 'text-delta', text: 'par' }],
      [
        200,
        {
          type: 'notice',
          notice: {
            kind: 'fallback',
            text: 'The GPU was lost; Claude answers.',
            replacedText: 'par',
            model: { kind: 'claude', id: 'claude-x', label: 'Claude' },
            failedCode: 'device-lost',
          },
        },
      ],
      [300, { type: 'text-delta', text: 'Claude answer' }],
      [1300, finish('stop', 50)],
    ]);
    const { final, attempts } = await collectAnswer(stream, message, { now });
    expect(final).toMatchObject({ content: 'Claude answer', status: 'complete', model: { kind: 'claude' } });
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatchObject({
      model: { id: 'W' },
      status: 'error',
      errorCode: 'device-lost',
      chars: 3,
    });
    expect(attempts[1]).toMatchObject({ model: { id: 'claude-x' }, status: 'ok', startedAt: 200 });

    const metrics = toAnswerMetrics(final, attempts, { device: 'webgpu', costUsd: () => 0.01 });
    expect(metrics.map((m) => [m.id, m.backend, m.device, m.status, m.errorCode])).toEqual([
      ['a1:0', 'webllm', 'webgpu', 'error', 'device-lost'],
      ['a1:1', 'claude', null, 'ok', null],
    ]);
    // Speed from the attempt's own clock, the same for every backend: 100 ms to the first text,
    // 50 tokens in the 1,000 ms after it.
    expect(metrics[1]).toMatchObject({
      ttftMs: 100,
      totalMs: 1100,
      decodeTokensPerSecond: 50,
      costUsd: 0.01,
    });
    expect(metrics[1]!.prefillTokensPerSecond).toBe(200);
    expect(metrics[0]).toMatchObject({ ttftMs: 100, inputTokens: null, costUsd: null });
  });

  it('an error part ends the answer with the partial text and an errored attempt', async () => {
    const error = new TandemError('out-of-memory', 'Out of memory').toJSON();
    const { now, stream } = timed([
      [1, { type: 'text-delta', text: 'partial' }],
      [2, { type: 'error', error }],
    ]);
    const { final, attempts } = await collectAnswer(stream, message, { now });
    expect(final).toMatchObject({ content: 'partial', status: 'error' });
    expect(attempts.map((a) => [a.status, a.errorCode])).toEqual([['error', 'out-of-memory']]);
  });

  it('a stream that throws keeps the text; one that ends without a terminal part is marked stopped', async () => {
    const thrown = await collectAnswer(
      (async function* () {
        yield { type: 'text-delta', text: 'so far' } as StreamPart;
        throw new TandemError('network', 'Cut');
      })(),
      message,
      { now: () => 0 },
    );
    expect(thrown.final).toMatchObject({ content: 'so far', status: 'error', error: { code: 'network' } });
    expect(thrown.attempts[0]).toMatchObject({ status: 'error', errorCode: 'network' });

    const open = await collectAnswer(
      (async function* () {
        yield { type: 'text-delta', text: 'half' } as StreamPart;
      })(),
      message,
      { now: () => 0 },
    );
    expect(open.final).toMatchObject({ content: 'half', status: 'stopped' });
    expect(open.attempts.map((a) => a.status)).toEqual(['stopped']);
  });

  it('an escalation ends the local attempt as escalated', async () => {
    const { now, stream } = timed([
      [1, { type: 'text-delta', text: 'weak' }],
      [
        2,
        {
          type: 'notice',
          notice: {
            kind: 'escalation',
            text: 'Drifted.',
            replacedText: 'weak',
            model: { kind: 'claude', id: 'c', label: 'C' },
          },
        },
      ],
      [3, { type: 'text-delta', text: 'better' }],
      [4, finish('stop')],
    ]);
    const { final, attempts } = await collectAnswer(stream, message, { now });
    expect(final.content).toBe('better');
    expect(attempts.map((a) => [a.model.id, a.status])).toEqual([
      ['W', 'escalated'],
      ['c', 'ok'],
    ]);
  });
});
