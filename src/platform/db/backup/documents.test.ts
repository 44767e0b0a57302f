import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { DocumentChunk, DocumentRecord } from '../../../core/stored';
import { DocumentRepository } from '../documents';
import { openAppDb } from '../schema';
import { exportAll } from './export';
import { parseBackup } from './format';
import { applyBackup } from './import';
import { toJson } from './json';

const doc = (id: string, conversationId: string | null, chunkCount = 2): DocumentRecord => ({
  id,
  conversationId,
  name: `${id}.md`,
  type: 'markdown',
  size: 10,
  chars: 10,
  chunkCount,
  embeddingModel: 'enc',
  createdAt: 1,
});
const chunks = (documentId: string, n = 2): DocumentChunk[] =>
  Array.from({ length: n }, (_, index) => ({
    id: `${documentId}:${index}`,
    documentId,
    index,
    text: `text ${index} of ${documentId}`,
    tokens: 4,
    embedding: { model: 'enc', vector: new Float32Array([index, 1]) },
  }));

async function seeded(): Promise<Awaited<ReturnType<typeof openAppDb>>> {
  const db = await openAppDb(`bk-doc-${Math.random()}`);
  await db.put('conversations', { id: 'c1', title: 'Notes', createdAt: 1, updatedAt: 1 });
  const repo = new DocumentRepository(db);
  await repo.add(doc('d1', 'c1'), chunks('d1'));
  await repo.add(doc('lib', null, 1), chunks('lib', 1));
  // A document of a conversation that is gone is not exported (it could not be imported).
  await repo.add(doc('gone', 'c-deleted', 1), chunks('gone', 1));
  return db;
}

describe('documents in backups', () => {
  it('export carries documents and chunks; vectors only with embeddings; import restores them', async () => {
    const source = await seeded();
    const slim = await exportAll(source, { includeEmbeddings: false });
    expect(slim.documents?.map((d) => d.id).sort()).toEqual(['d1', 'lib']);
    expect(slim.documents?.every((d) => d.embeddingModel === null)).toBe(true);
    expect(slim.documentChunks).toHaveLength(3);
    expect(slim.documentChunks?.some((c) => c.embedding)).toBe(false);

    const full = parseBackup(toJson(await exportAll(source, { includeEmbeddings: true })));
    expect(full.ok).toBe(true);
    if (!full.ok) return;
    const target = await openAppDb(`bk-doc-dst-${Math.random()}`);
    const plan = await applyBackup(target, full.backup, 'skip');
    expect(plan.documents).toHaveLength(2);
    const repo = new DocumentRepository(target);
    expect((await repo.list('c1')).map((d) => d.id)).toEqual(['d1']);
    expect((await repo.list(null)).map((d) => d.id)).toEqual(['lib']);
    const restored = await repo.chunks('d1');
    expect(restored.map((c) => c.text)).toEqual(['text 0 of d1', 'text 1 of d1']);
    expect(Array.from(restored[1]!.embedding!.vector)).toEqual([1, 1]);
    // Again: everything is here, nothing is added twice.
    expect((await applyBackup(target, full.backup, 'skip')).skippedDocuments).toBe(2);
    // As copies: the conversation's document follows the copy under a new id, chunks too.
    const copy = await applyBackup(target, full.backup, 'copy');
    expect(copy.documents).toHaveLength(1);
    const [moved] = copy.documents;
    expect(moved!.conversationId).toBe(copy.conversations[0]!.id);
    expect((await repo.chunks(moved!.id)).map((c) => c.id)).toEqual([`${moved!.id}:0`, `${moved!.id}:1`]);
    expect(await repo.chunks('d1')).toHaveLength(2);
    // A document removed since the backup comes back into its conversation, which is kept.
    await repo.remove('d1');
    const back = await applyBackup(target, full.backup, 'skip');
    expect(back.documents.map((d) => [d.id, d.conversationId])).toEqual([['d1', 'c1']]);
    expect(back.skippedConversations).toBe(1);
    expect(await repo.chunks('d1')).toHaveLength(2);
    source.close();
    target.close();
  });

  it('refuses a file whose chunks or documents do not fit together, naming the problem', async () => {
    const source = await seeded();
    const backup = await exportAll(source, { includeEmbeddings: false });
    const cases: [string, unknown][] = [
      ['not in the file', { ...backup, documentChunks: [...backup.documentChunks!, ...chunks('ghost', 1)] }],
      ['says it has 2 chunks', { ...backup, documentChunks: backup.documentChunks!.slice(1) }],
      ['not in the file', { ...backup, documents: [...backup.documents!, doc('x', 'nowhere', 0)] }],
      ['twice', { ...backup, documents: [...backup.documents!, backup.documents![0]] }],
    ];
    for (const [words, file] of cases) {
      expect(parseBackup(toJson(file))).toMatchObject({
        ok: false,
        code: 'broken-document',
        message: expect.stringContaining(words),
      });
    }
    expect(
      parseBackup(toJson({ ...backup, documents: [{ ...backup.documents![0], type: 'docx' }] })),
    ).toMatchObject({
      ok: false,
      code: 'invalid-record',
      message: expect.stringContaining('documents.0.type'),
    });
    source.close();
  });

  it('is all or nothing: a chunk id already taken writes no document, chunk or conversation', async () => {
    const source = await seeded();
    const parsed = parseBackup(toJson(await exportAll(source, { includeEmbeddings: false })));
    if (!parsed.ok) throw new Error(parsed.message);
    const target = await openAppDb(`bk-doc-aon-${Math.random()}`);
    // The library document's chunk id is taken by a stray chunk: its `add` fails the transaction.
    await target.put('documentChunks', { ...chunks('lib', 1)[0]!, embedding: undefined } as DocumentChunk);
    await expect(applyBackup(target, parsed.backup, 'skip')).rejects.toThrow();
    expect(await target.count('documents')).toBe(0);
    expect(await target.count('conversations')).toBe(0);
    expect(await target.count('documentChunks')).toBe(1);
    source.close();
    target.close();
  });
});
