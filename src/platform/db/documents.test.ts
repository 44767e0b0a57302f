import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openAppDb } from './schema';
import type { DocumentChunk, DocumentRecord } from '../../core/stored';
import { DocumentRepository } from './documents';

const doc = (id: string, conversationId: string | null, createdAt = 1): DocumentRecord => ({
  id,
  conversationId,
  name: `${id}.md`,
  type: 'markdown',
  size: 10,
  chars: 10,
  chunkCount: 2,
  embeddingModel: null,
  createdAt,
});
const chunks = (documentId: string): DocumentChunk[] =>
  [0, 1].map((index) => ({
    id: `${documentId}:${index}`,
    documentId,
    index,
    text: `part ${index}`,
    tokens: 2,
  }));

describe('the documents store', () => {
  it('adds, lists per conversation, embeds and removes a document with its chunks', async () => {
    const db = await openAppDb(`documents-${Math.random()}`);
    const repo = new DocumentRepository(db);
    await repo.add(doc('d1', 'c1', 1), chunks('d1'));
    await repo.add(doc('d2', 'c1', 2), chunks('d2'));
    await repo.add(doc('lib', null), chunks('lib'));
    expect((await repo.list('c1')).map((d) => d.id)).toEqual(['d1', 'd2']);
    expect((await repo.list(null)).map((d) => d.id)).toEqual(['lib']);
    expect((await repo.chunks('d1')).map((c) => c.text)).toEqual(['part 0', 'part 1']);

    await repo.setEmbeddings('d1', 'enc', [new Float32Array([1, 0]), new Float32Array([0, 1])]);
    expect((await repo.get('d1'))?.embeddingModel).toBe('enc');
    expect(Array.from((await repo.chunks('d1'))[1]!.embedding!.vector)).toEqual([0, 1]);
    await expect(repo.setEmbeddings('d1', 'enc', [new Float32Array([1])])).rejects.toThrow(/1 vectors for 2/);

    const removed = await repo.remove('d1');
    expect(removed?.chunks).toHaveLength(2);
    expect(await repo.chunks('d1')).toEqual([]);
    expect((await repo.list('c1')).map((d) => d.id)).toEqual(['d2']);
    expect(await repo.remove('d1')).toBeUndefined();
    db.close();
  });

  it('a failed write stores nothing (all or nothing)', async () => {
    const db = await openAppDb(`documents-fail-${Math.random()}`);
    const repo = new DocumentRepository(db);
    await repo.add(doc('d1', 'c1'), chunks('d1'));
    // The second document reuses a chunk id: the whole write fails, its record is not kept.
    await expect(repo.add(doc('d2', 'c1'), chunks('d1'))).rejects.toThrow();
    expect((await repo.list('c1')).map((d) => d.id)).toEqual(['d1']);
    db.close();
  });
});
