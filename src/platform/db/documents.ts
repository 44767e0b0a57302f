/**
 * Attached documents and their chunks in IndexedDB. A document and its chunks are written and
 * removed in one transaction, so a failed attach leaves nothing half-stored and a removal never
 * leaves chunks behind. Records read are validated; a damaged one is set aside in quarantine.
 */
import type { IDBPDatabase } from 'idb';
import { QuarantineRepository } from './quarantine';
import { documentChunkSchema, documentSchema } from './records';
import type { TandemDB } from './schema';
import type { DocumentChunk, DocumentRecord, StoredEmbedding } from '../../core/stored';

const byId = (record: unknown): IDBValidKey => (record as { id?: string }).id ?? '';

export class DocumentRepository {
  constructor(
    private readonly db: IDBPDatabase<TandemDB>,
    private readonly quarantine = new QuarantineRepository(db),
  ) {}

  private valid(records: unknown[]): Promise<DocumentRecord[]> {
    return this.quarantine.keepValid('documents', records, documentSchema, byId) as Promise<DocumentRecord[]>;
  }

  /** A conversation's documents, oldest first; `null`: the shared library. */
  async list(conversationId: string | null): Promise<DocumentRecord[]> {
    const all = await this.valid(await this.db.getAll('documents'));
    return all.filter((d) => d.conversationId === conversationId).sort((a, b) => a.createdAt - b.createdAt);
  }

  async all(): Promise<DocumentRecord[]> {
    return (await this.valid(await this.db.getAll('documents'))).sort((a, b) => a.createdAt - b.createdAt);
  }

  async get(id: string): Promise<DocumentRecord | undefined> {
    const record = await this.db.get('documents', id);
    return record ? (await this.valid([record]))[0] : undefined;
  }

  /** Stores a document with its chunks (`add`: an id already taken fails the whole write). */
  async add(document: DocumentRecord, chunks: readonly DocumentChunk[]): Promise<void> {
    const tx = this.db.transaction(['documents', 'documentChunks'], 'readwrite');
    await Promise.all([
      tx.objectStore('documents').add(document),
      ...chunks.map((c) => tx.objectStore('documentChunks').add(c)),
      tx.done,
    ]);
  }

  async chunks(documentId: string): Promise<DocumentChunk[]> {
    const range = IDBKeyRange.bound([documentId, -Infinity], [documentId, Infinity]);
    const records = await this.db.getAllFromIndex('documentChunks', 'by-document', range);
    return this.quarantine.keepValid('documentChunks', records, documentChunkSchema, byId) as Promise<
      DocumentChunk[]
    >;
  }

  /** Puts one vector on each chunk (in index order) and records the model, in one transaction. */
  async setEmbeddings(documentId: string, model: string, vectors: readonly Float32Array[]): Promise<void> {
    const tx = this.db.transaction(['documents', 'documentChunks'], 'readwrite');
    const document = await tx.objectStore('documents').get(documentId);
    if (!document) throw new Error(`Document ${documentId} is gone.`);
    const range = IDBKeyRange.bound([documentId, -Infinity], [documentId, Infinity]);
    const chunks = await tx.objectStore('documentChunks').index('by-document').getAll(range);
    if (chunks.length !== vectors.length)
      throw new Error(`${vectors.length} vectors for ${chunks.length} chunks.`);
    await Promise.all([
      ...chunks.map((c, i) => {
        const embedding: StoredEmbedding = { model, vector: vectors[i]! };
        return tx.objectStore('documentChunks').put({ ...c, embedding });
      }),
      tx.objectStore('documents').put({ ...document, embeddingModel: model }),
      tx.done,
    ]);
  }

  /** Moves a document to a conversation, or to the shared library (`null`: every conversation). */
  async setConversation(id: string, conversationId: string | null): Promise<void> {
    const tx = this.db.transaction('documents', 'readwrite');
    const document = await tx.store.get(id);
    if (!document) throw new Error(`Document ${id} is gone.`);
    await Promise.all([tx.store.put({ ...document, conversationId }), tx.done]);
  }

  /** Removes a document and all its chunks; returns what was removed (for undo), or undefined. */
  async remove(id: string): Promise<{ document: DocumentRecord; chunks: DocumentChunk[] } | undefined> {
    const tx = this.db.transaction(['documents', 'documentChunks'], 'readwrite');
    const document = await tx.objectStore('documents').get(id);
    if (!document) return undefined;
    const range = IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
    const chunks = await tx.objectStore('documentChunks').index('by-document').getAll(range);
    await Promise.all([
      ...chunks.map((c) => tx.objectStore('documentChunks').delete(c.id)),
      tx.objectStore('documents').delete(id),
      tx.done,
    ]);
    return { document, chunks };
  }
}
