import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  conversationSchema,
  describeIssues,
  keyValueSchema,
  MAX_ID_LENGTH,
  messageSchema,
  modelFileSchema,
  quarantineSchema,
} from './records';

const message = {
  id: 'm1',
  conversationId: 'c1',
  role: 'assistant',
  content: 'hi',
  createdAt: 1,
  status: 'complete',
};

describe('record schemas', () => {
  it('conversation: accepts a stored one with extra fields, rejects wrong types and long ids', () => {
    const ok = { id: 'c1', title: 'T', createdAt: 1, updatedAt: 2, futureField: true };
    expect(v.parse(conversationSchema, ok)).toEqual(ok);
    expect(v.is(conversationSchema, { ...ok, title: 5 })).toBe(false);
    expect(v.is(conversationSchema, { ...ok, updatedAt: undefined })).toBe(false);
    expect(v.is(conversationSchema, { ...ok, id: 'x'.repeat(MAX_ID_LENGTH + 1) })).toBe(false);
    expect(v.is(conversationSchema, { ...ok, routeOverride: 'elsewhere' })).toBe(false);
  });

  it('message: rejects the damaged shapes from issue 14 (content null or an object, toolEvents "no")', () => {
    expect(v.is(messageSchema, message)).toBe(true);
    expect(v.is(messageSchema, { ...message, content: null })).toBe(false);
    expect(v.is(messageSchema, { ...message, content: { text: 'x' } })).toBe(false);
    expect(v.is(messageSchema, { ...message, toolEvents: 'no' })).toBe(false);
    expect(v.is(messageSchema, { ...message, role: 'robot' })).toBe(false);
    expect(v.is(messageSchema, { ...message, status: undefined })).toBe(false);
  });

  it('message: an embedding is a Float32Array in the database and a number array in a backup', () => {
    const stored = v.parse(messageSchema, {
      ...message,
      embedding: { model: 'e', vector: new Float32Array([1, 2]) },
    });
    expect(stored.embedding?.vector).toBeInstanceOf(Float32Array);
    const imported = v.parse(messageSchema, { ...message, embedding: { model: 'e', vector: [0.5, 1] } });
    expect(imported.embedding?.vector).toBeInstanceOf(Float32Array);
    expect(Array.from(imported.embedding!.vector as Float32Array)).toEqual([0.5, 1]);
    expect(v.is(messageSchema, { ...message, embedding: { model: 'e', vector: ['a'] } })).toBe(false);
  });

  it('key-value: needs a key and a time', () => {
    expect(v.is(keyValueSchema, { key: 'settings', value: {}, updatedAt: 1 })).toBe(true);
    expect(v.is(keyValueSchema, { key: '', value: {}, updatedAt: 1 })).toBe(false);
    expect(v.is(keyValueSchema, { key: 'a', value: 1 })).toBe(false);
  });

  it('model file: the junk record from issue 14 is rejected, a real one accepted', () => {
    expect(v.is(modelFileSchema, { key: 'junk', model: 5, url: null })).toBe(false);
    const file = {
      key: 'o/m/resolve/main/a',
      modelId: 'o/m',
      file: 'a',
      size: 1,
      contentType: 'x',
      data: new Blob(['a']),
      storedAt: 1,
    };
    expect(v.is(modelFileSchema, file)).toBe(true);
  });

  it('quarantine entry: keeps any record', () => {
    const entry = { id: 'q1', store: 'kv', key: 'k', reason: 'r', record: { anything: 1 }, quarantinedAt: 1 };
    expect(v.is(quarantineSchema, entry)).toBe(true);
    expect(v.is(quarantineSchema, { ...entry, id: 3 })).toBe(false);
  });

  it('describes issues by path', () => {
    const result = v.safeParse(messageSchema, { ...message, content: null });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssues(result.issues)).toMatch(/^content: /);
  });
});
