/**
 * What the documents worker does, apart from the worker itself so Node tests run it: reads a
 * file's text and chunks it; searches chunks (read from IndexedDB by the caller's loader) and
 * keeps the last index, so asking again about the same documents does not rebuild it.
 */
import { TandemError } from '../../core/errors';
import type { DocumentRepository } from '../../platform/db/documents';
import { chunkText } from './chunk';
import { decodeText } from './files';
import { htmlToText } from './html';
import { extractPdfText, type PdfJs } from './pdf';
import type { ExtractParams, ExtractResult, SearchParams, SearchResult } from './protocol';
import { ChunkSearch, selectWithinBudget, type SearchableChunk } from './retrieve';

export async function extractDocument(
  params: ExtractParams,
  loadPdf: () => Promise<PdfJs>,
): Promise<ExtractResult> {
  const started = performance.now();
  const bytes = new Uint8Array(params.bytes);
  let text: string;
  let pages: number | undefined;
  if (params.kind === 'pdf') {
    ({ text, pages } = await extractPdfText(bytes, params.name, await loadPdf()));
  } else {
    const raw = decodeText(bytes);
    text = params.kind === 'html' ? htmlToText(raw) : raw.replace(/\r\n?/g, '\n');
  }
  if (!text.trim()) throw new TandemError('no-text-found', `“${params.name}” has no text to read.`);
  const chunks = chunkText(text, { maxTokens: params.maxTokens, overlapTokens: params.overlapTokens });
  return {
    chars: text.length,
    ...(pages === undefined ? {} : { pages }),
    chunks,
    ms: performance.now() - started,
  };
}

/**
 * Where a search's chunks come from: `key` is cheap (the document records only) and changes
 * whenever any of the documents or their embeddings change; `chunks` reads every chunk, and runs
 * only when the key did.
 */
export interface ChunkLoader {
  key(documentIds: string[], model: string | null): Promise<string>;
  chunks(documentIds: string[], model: string | null): Promise<SearchableChunk[]>;
}

/** The loader over the stored documents (the worker's; the tests run it in their thread). */
export function storedChunks(documents: Pick<DocumentRepository, 'get' | 'chunks'>): ChunkLoader {
  return {
    async key(ids, model) {
      const parts: string[] = [];
      for (const id of ids) {
        const record = await documents.get(id);
        if (record) parts.push(`${id}:${record.chunkCount}:${record.embeddingModel ?? ''}`);
      }
      return `${model ?? ''}|${parts.join(',')}`;
    },
    async chunks(ids, model) {
      const out: SearchableChunk[] = [];
      for (const id of ids) {
        for (const c of await documents.chunks(id)) {
          const vector = model && c.embedding?.model === model ? c.embedding.vector : null;
          out.push({ id: c.id, documentId: c.documentId, text: c.text, tokens: c.tokens, vector });
        }
      }
      return out;
    },
  };
}

export class SearchCache {
  private key: string | null = null;
  private search: ChunkSearch | null = null;

  constructor(private readonly load: ChunkLoader) {}

  async run(params: SearchParams): Promise<SearchResult> {
    const started = performance.now();
    const ids = [...params.documentIds].sort();
    const key = await this.load.key(ids, params.model);
    if (key !== this.key || !this.search) {
      this.search = new ChunkSearch(await this.load.chunks(ids, params.model));
      this.key = key;
    }
    const search = this.search;
    const ranked = search.rank(params.query, params.vector);
    const found = ranked.map((r) => {
      const c = search.chunks[r.index]!;
      return {
        id: c.id,
        documentId: c.documentId,
        text: c.text,
        tokens: c.tokens,
        score: r.score,
        bm25: r.bm25,
        similarity: r.similarity,
      };
    });
    return {
      chunks: selectWithinBudget(found, params.budgetTokens, params.maxChunks),
      searched: search.chunks.length,
      ms: performance.now() - started,
    };
  }
}
