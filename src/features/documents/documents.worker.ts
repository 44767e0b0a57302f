/// <reference lib="webworker" />
/**
 * The documents worker: text extraction (pdf.js loaded on the first PDF), chunking, and search
 * over stored chunks, all off the page's thread. It reads chunks from IndexedDB itself, so a
 * search sends only the question and its vector.
 */
import { openAppDb } from '../../platform/db/schema';
import { serveRpc } from '../../platform/rpc/server';
import { DocumentRepository } from '../../platform/db/documents';
import { extractDocument, SearchCache, storedChunks } from './handlers';
import { loadPdfJs, type PdfJs } from './pdf';
import type { DocumentMethods } from './protocol';

let pdfjs: Promise<PdfJs> | null = null;
let repo: Promise<DocumentRepository> | null = null;
const repository = (): Promise<DocumentRepository> =>
  (repo ??= openAppDb().then((db) => new DocumentRepository(db)));

const cache = new SearchCache({
  key: async (ids, model) => storedChunks(await repository()).key(ids, model),
  chunks: async (ids, model) => storedChunks(await repository()).chunks(ids, model),
});

serveRpc<DocumentMethods>(self, {
  extract: (params) => extractDocument(params, () => (pdfjs ??= loadPdfJs())),
  search: (params) => cache.run(params),
});
