/** Messages between the page and documents.worker.ts (see src/platform/rpc/protocol.ts for the envelope). */
import type { TextChunk } from './chunk';
import type { DocumentKind } from './files';

export interface ExtractParams {
  name: string;
  kind: DocumentKind;
  bytes: ArrayBuffer;
  maxTokens?: number;
  overlapTokens?: number;
}

export interface ExtractResult {
  /** Characters of text read. */
  chars: number;
  /** PDF pages (absent for other kinds). */
  pages?: number;
  chunks: TextChunk[];
  ms: number;
}

export interface SearchParams {
  documentIds: string[];
  query: string;
  /** The question's embedding (null: BM25 alone). */
  vector: number[] | null;
  /** The embedding model of `vector`: chunks embedded by another model are not compared. */
  model: string | null;
  budgetTokens: number;
  maxChunks?: number;
}

export interface FoundChunk {
  id: string;
  documentId: string;
  text: string;
  tokens: number;
  score: number;
  bm25: number;
  similarity: number | null;
}

export interface SearchResult {
  chunks: FoundChunk[];
  /** Chunks searched. */
  searched: number;
  ms: number;
}

export type DocumentMethods = {
  extract: { params: ExtractParams; event: never; result: ExtractResult };
  search: { params: SearchParams; event: never; result: SearchResult };
};
