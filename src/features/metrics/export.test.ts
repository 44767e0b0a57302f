import { describe, expect, it } from 'vitest';
import type { AnswerMetric } from '../../core/answers/metric';
import { csvField, metricsCsv, metricsJson } from './export';
import type { OperationRecord } from '../../core/operations';

const answer = {
  id: 'm1:0',
  messageId: 'm1',
  conversationId: 'c',
  attempt: 0,
  source: 'chat',
  modelId: 'tiny',
  modelLabel: 'Tiny',
  backend: 'transformers',
  device: 'wasm',
  route: {
    target: 'local',
    kind: 'simple',
    category: 'greeting',
    strategy: 'hybrid',
    reasons: ['a, b', 'c'],
  },
  status: 'ok',
  errorCode: null,
  startedAt: 0,
  totalMs: 12.5,
  ttftMs: 3,
  prefillTokensPerSecond: null,
  decodeTokensPerSecond: 40,
  inputTokens: 5,
  outputTokens: 7,
  costUsd: null,
} as unknown as AnswerMetric;
const op: OperationRecord = {
  id: 'o1',
  kind: 'embedding',
  at: 1000,
  modelId: 'enc',
  status: 'error',
  errorCode: 'worker-crashed',
  totalMs: 4,
  backend: 'wasm',
  detail: 'health',
  items: 2,
  tokensIn: null,
  tokensOut: null,
  bytes: null,
  route: null,
};

describe('metrics export', () => {
  it('quotes CSV fields and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField(null)).toBe('');
    expect(csvField(-3)).toBe('-3');
  });

  it('writes one CSV line per record, text only when asked', () => {
    const csv = metricsCsv({ answerMetrics: [answer], operations: [op] });
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('answerMetrics,m1:0,generation,1970-01-01T00:00:00.000Z,tiny');
    expect(lines[1]).toContain('"a, b; c"');
    expect(lines[2]).toContain('operations,o1,embedding');
    expect(csv).not.toContain('hello there');
    const withText = metricsCsv(
      { answerMetrics: [answer], operations: [op] },
      new Map([['m1', 'hello there']]),
    );
    expect(withText.split('\r\n')[0]!.endsWith(',text')).toBe(true);
    expect(withText).toContain('hello there');
  });

  it('JSON keeps the records as stored', () => {
    const json = metricsJson({ answerMetrics: [answer], operations: [op] }, null, new Date(0));
    expect(JSON.parse(JSON.stringify(json))).toEqual({
      format: 'tandem-metrics',
      version: 1,
      exportedAt: '1970-01-01T00:00:00.000Z',
      answerMetrics: [answer],
      operations: [op],
    });
  });
});
