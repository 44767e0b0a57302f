/// <reference lib="webworker" />
/**
 * The documents worker: text extraction (pdf.js loaded on the first PDF), chunking, and search
 * over stored chunks, all off the page's thread. It reads chunks from IndexedDB itself, so a
 * search sends only the question and its vector.
 */
import { openAppDb } from '../../platform/db/schema';
import { serveRpc } from '../../platform/rpc/server';
import { DocumentRepository } from '../../platform/db/documents';
import { extractDocument, SearchCache } from './handlers';
import { loadPdfJs, type PdfJs } from './pdf';
import type { DocumentMethods } from './protocol';

let pdfjs: Promise<PdfJs> | null = null;
let repo: Promise<DocumentRepository> | null = null;
const repository = (): Promise<DocumentRepository> =>
  (repo ??= openAppDb().then((db) => new DocumentRepository(db)));

const cache = new SearchCache(async (ids, model) => {
  const documents = await repository();
  const key: string[] = [];
  const chunks = [];
  for (const id of ids) {
    const record = await documents.get(id);
    if (!record) continue;
    key.push(`${id}:${record.chunkCount}:${record.embeddingModel ?? ''}`);
    for (const c of await documents.chunks(id)) {
      const vector = model && c.embedding?.model === model ? c.embedding.vector : null;
      chunks.push({ id: c.id, documentId: c.documentId, text: c.text, tokens: c.tokens, vector });
    }
  }
  return { key: `${model ?? ''}|${key.join(',')}`, chunks };
});

serveRpc<DocumentMethods>(self, {
  extract: (params) => extractDocument(params, () => (pdfjs ??= loadPdfJs())),
  search: (params) => cache.run(params),
});
