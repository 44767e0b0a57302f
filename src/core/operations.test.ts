import { describe, expect, it } from 'vitest';
import type { AnswerMetric } from './answers/metric';
import { rowFromAnswerMetric } from './operations';

const metric = (backend: AnswerMetric['backend']): AnswerMetric => ({
  id: 'm:0',
  messageId: 'm',
  conversationId: 'c',
  attempt: 0,
  source: 'workbench',
  modelId: 'x',
  modelLabel: 'x',
  backend,
  device: null,
  route: null,
  status: 'ok',
  errorCode: null,
  startedAt: 1,
  totalMs: 10,
  ttftMs: 2,
  prefillTokensPerSecond: null,
  decodeTokensPerSecond: null,
  inputTokens: 1,
  outputTokens: 1,
  costUsd: null,
});

describe('rowFromAnswerMetric', () => {
  it('puts each answer on its tier: Claude, your server, or this device (Chrome’s model included)', () => {
    expect(rowFromAnswerMetric(metric('claude')).target).toBe('claude');
    expect(rowFromAnswerMetric(metric('server')).target).toBe('server');
    expect(rowFromAnswerMetric(metric('chrome')).target).toBe('local');
    expect(rowFromAnswerMetric(metric('webllm')).target).toBe('local');
  });
});
