import { describe, expect, it } from 'vitest';
import { BACKUP_FORMAT, BACKUP_VERSION, parseBackup } from './format';

const conversation = { id: 'c1', title: 'T', createdAt: 1, updatedAt: 2 };
const message = {
  id: 'm1',
  conversationId: 'c1',
  role: 'user',
  content: 'q',
  createdAt: 1,
  status: 'complete',
};
const good = () => ({
  format: BACKUP_FORMAT,
  version: BACKUP_VERSION,
  exportedAt: '2026-11-28T00:00:00Z',
  includesEmbeddings: true,
  conversations: [conversation],
  messages: [{ ...message, embedding: { model: 'e', vector: [1, 2] } }],
  keyValues: [{ key: 'settings', value: { systemPrompt: 'x' }, updatedAt: 1 }],
});

const codeOf = (data: unknown): string => {
  const result = parseBackup(typeof data === 'string' ? data : JSON.stringify(data));
  return result.ok ? 'ok' : result.code;
};

describe('backup file', () => {
  it('accepts a good backup and turns embeddings back into Float32Arrays', () => {
    const result = parseBackup(JSON.stringify(good()));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.backup.messages[0]!.embedding!.vector).toBeInstanceOf(Float32Array);
  });

  it('names each problem', () => {
    const text = JSON.stringify(good());
    expect(codeOf(text.slice(0, text.length / 2))).toBe('not-json');
    expect(codeOf({ hello: 1 })).toBe('not-a-backup');
    expect(codeOf({ ...good(), version: BACKUP_VERSION + 1 })).toBe('newer-version');
    expect(codeOf({ ...good(), version: 'one' })).toBe('wrong-version');
    expect(codeOf({ ...good(), conversations: [{ ...conversation, title: 7 }] })).toBe('invalid-record');
    expect(codeOf({ ...good(), conversations: [conversation, conversation] })).toBe('duplicate-id');
    expect(codeOf({ ...good(), messages: [message, message] })).toBe('duplicate-id');
    expect(codeOf({ ...good(), messages: [{ ...message, conversationId: 'other' }] })).toBe('orphan-message');
  });

  it('refuses any API key field, wherever it is', () => {
    expect(codeOf({ ...good(), apiKey: 'sk-ant-x' })).toBe('contains-key');
    expect(codeOf({ ...good(), keyValues: [{ key: 'claude-api-key', value: 'sk', updatedAt: 1 }] })).toBe(
      'contains-key',
    );
    const nested = good();
    (nested.keyValues[0]!.value as Record<string, unknown>)['x-api-key'] = 'sk';
    expect(codeOf(nested)).toBe('contains-key');
  });

  it('the message says what is wrong', () => {
    const result = parseBackup(JSON.stringify({ ...good(), conversations: [{ ...conversation, title: 7 }] }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('conversations.0.title');
  });
});

describe('backup file with measurements', () => {
  const operation = {
    id: 'o1',
    kind: 'route',
    at: 5,
    modelId: '',
    status: 'ok',
    errorCode: null,
    totalMs: 0.2,
    backend: null,
    detail: 'hybrid',
    items: null,
    tokensIn: 12,
    tokensOut: null,
    bytes: null,
    route: { target: 'local', kind: 'simple', reasons: ['greeting'] },
  };
  const attempt = {
    id: 'm1:0',
    messageId: 'm1',
    conversationId: 'c1',
    attempt: 0,
    source: 'chat',
    modelId: 'x',
    modelLabel: 'X',
    backend: 'transformers',
    device: 'wasm',
    route: null,
    status: 'error',
    errorCode: 'worker-crashed',
    startedAt: 1,
    totalMs: 3,
    ttftMs: null,
    prefillTokensPerSecond: null,
    decodeTokensPerSecond: null,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
  };

  it('accepts answer metrics and operations, and files without them', () => {
    const result = parseBackup(
      JSON.stringify({ ...good(), answerMetrics: [attempt], operations: [operation] }),
    );
    expect(result.ok && result.backup.operations).toEqual([operation]);
    expect(codeOf(good())).toBe('ok');
  });

  it('refuses a measurement of the wrong shape', () => {
    expect(codeOf({ ...good(), operations: [{ ...operation, kind: 'telepathy' }] })).toBe('invalid-record');
    expect(codeOf({ ...good(), answerMetrics: [{ ...attempt, totalMs: 'slow' }] })).toBe('invalid-record');
  });
});
