/**
 * Attached documents in a backup (pure): what is exported, what the file must satisfy, and what
 * an import adds. Chunks travel with their document; vectors only with "include embeddings"
 * (without them the document is kept as words only, as it is before an encoder is loaded).
 * On import a document follows its conversation: added with it, and in a copy re-pointed at the
 * copy under a new id. A document whose id is here already is skipped, so a removed document
 * comes back into its (skipped, still stored) conversation. Library documents likewise.
 */
import type { DocumentChunk, DocumentRecord } from '../../../core/stored';

export interface BackupDocuments {
  documents: DocumentRecord[];
  documentChunks: DocumentChunk[];
}

/** The documents to export: those of a stored conversation or of the library, with their chunks. */
export function exportableDocuments(
  documents: readonly DocumentRecord[],
  chunks: readonly DocumentChunk[],
  conversationIds: ReadonlySet<string>,
  includeEmbeddings: boolean,
): BackupDocuments {
  const kept = documents.filter((d) => d.conversationId === null || conversationIds.has(d.conversationId));
  const ids = new Set(kept.map((d) => d.id));
  const ownChunks = chunks.filter((c) => ids.has(c.documentId));
  if (includeEmbeddings) return { documents: kept, documentChunks: ownChunks };
  return {
    documents: kept.map((d) => ({ ...d, embeddingModel: null })),
    documentChunks: ownChunks.map(({ embedding: _embedding, ...rest }) => rest),
  };
}

/** Why the file's documents cannot be imported, in words; null when they are sound. */
export function documentsProblem(
  documents: readonly DocumentRecord[],
  chunks: readonly DocumentChunk[],
  conversationIds: ReadonlySet<string>,
): string | null {
  const ids = new Set<string>();
  for (const d of documents) {
    if (ids.has(d.id)) return `The file lists document ${d.id} twice.`;
    ids.add(d.id);
    if (d.conversationId !== null && !conversationIds.has(d.conversationId))
      return `Document “${d.name}” belongs to conversation ${d.conversationId}, which is not in the file.`;
  }
  const counts = new Map<string, number>();
  const chunkIds = new Set<string>();
  for (const c of chunks) {
    if (!ids.has(c.documentId))
      return `Chunk ${c.id} belongs to document ${c.documentId}, which is not in the file.`;
    if (chunkIds.has(c.id)) return `The file lists chunk ${c.id} twice.`;
    chunkIds.add(c.id);
    counts.set(c.documentId, (counts.get(c.documentId) ?? 0) + 1);
  }
  const short = documents.find((d) => (counts.get(d.id) ?? 0) !== d.chunkCount);
  if (short)
    return `Document “${short.name}” says it has ${short.chunkCount} chunks; the file holds ${counts.get(short.id) ?? 0}.`;
  return null;
}

/**
 * The documents an import adds. `conversationIds` says where each backed-up conversation went:
 * its own id, its copy's id, or null (skipped).
 */
export function planDocuments(
  backup: Partial<BackupDocuments>,
  conversationIds: ReadonlyMap<string, string | null>,
  existingIds: ReadonlySet<string>,
  makeId: (prefix: string) => string,
): BackupDocuments & { skippedDocuments: number } {
  const plan: BackupDocuments & { skippedDocuments: number } = {
    documents: [],
    documentChunks: [],
    skippedDocuments: 0,
  };
  const chunksOf = new Map<string, DocumentChunk[]>();
  for (const c of backup.documentChunks ?? [])
    chunksOf.set(c.documentId, [...(chunksOf.get(c.documentId) ?? []), c]);
  for (const d of backup.documents ?? []) {
    const chunks = chunksOf.get(d.id) ?? [];
    // A skipped conversation (null) is the one here, with the same id: its document rejoins it.
    const target =
      d.conversationId === null ? null : (conversationIds.get(d.conversationId) ?? d.conversationId);
    const moved = target !== d.conversationId;
    if (!moved && existingIds.has(d.id)) {
      plan.skippedDocuments += 1;
      continue;
    }
    const id = moved ? makeId('d_') : d.id;
    plan.documents.push({ ...d, id, conversationId: target });
    plan.documentChunks.push(
      ...chunks.map((c) => (id === d.id ? c : { ...c, id: `${id}:${c.index}`, documentId: id })),
    );
  }
  return plan;
}
