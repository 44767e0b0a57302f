/**
 * Page side of bench/documents-browser.ts, bundled as a script (global `TandemDocBench`): the
 * app's own DocumentsState, DocumentRepository and EmbeddingClient, talking to the built
 * documents and embedding workers. Every time is `performance.now()` on the page's thread.
 */
import { DocumentsState } from '../../src/features/documents/documents.svelte';
import type { DocumentsWorker } from '../../src/features/documents/client';
import type { DocumentMethods } from '../../src/features/documents/protocol';
import { EmbeddingClient } from '../../src/features/embeddings/client';
import type { DocumentChunk, DocumentRecord } from '../../src/core/stored';
import { DocumentRepository } from '../../src/platform/db/documents';
import { openAppDb } from '../../src/platform/db/schema';
import { RpcClient } from '../../src/platform/rpc/client';
import { CHUNK_TOKENS, corpus, question } from './data';

export interface PrepareParams {
  embedWorkerUrl: string;
  documentsWorkerUrl: string;
  repo: string;
  hubUrl: string;
  origin: string;
}

let repository: DocumentRepository;
let documents: RpcClient<DocumentMethods>;
let encoder: EmbeddingClient;
let model = '';
/** Word pieces embedded since the last reset (from the client's own per-batch measurements). */
let pieces = 0;
const longTasks: { start: number; duration: number }[] = [];
let observer: PerformanceObserver | null = null;
const keep = (entries: PerformanceEntryList): void => {
  for (const e of entries) longTasks.push({ start: e.startTime, duration: e.duration });
};

export async function prepare(
  p: PrepareParams,
): Promise<{ threads: number; loadMs: number; isolated: boolean }> {
  observer = new PerformanceObserver((list) => keep(list.getEntries()));
  observer.observe({ type: 'longtask', buffered: true });
  repository = new DocumentRepository(await openAppDb());
  documents = new RpcClient<DocumentMethods>(
    new Worker(p.documentsWorkerUrl, { type: 'module', name: 'tandem-documents' }),
    'documents worker',
  );
  encoder = new EmbeddingClient(
    () => new Worker(p.embedWorkerUrl, { type: 'module', name: 'tandem-embed' }),
    {
      onOperation: (op) => {
        if (op.kind === 'embedding') pieces += op.tokensIn ?? 0;
      },
    },
  );
  const info = await encoder.load({
    repo: p.repo,
    device: 'wasm',
    remoteHost: p.hubUrl,
    wasmBase: `${p.origin}/ort/`,
  });
  model = p.repo;
  await encoder.embed(['A warm-up sentence for the encoder.', 'And another one.'], 'other');
  return {
    threads: info.wasmThreads,
    loadMs: info.loadMs,
    isolated: globalThis.crossOriginIsolated === true,
  };
}

export interface IndexRun {
  /** The attach's wall time, less the reference batches run inside it. */
  totalMs: number;
  /** Page-side round trips of `extract` (RPC and transfer included) and the worker's own ms. */
  extractMs: number;
  extractWorkerMs: number;
  /** Page-side time waiting for the app's embedding batches. */
  embedMs: number;
  batches: number;
  chunks: number;
  chars: number;
  pieces: number;
  /** The reference batches: the same client, the same batch sizes, the plain texts at the same positions. */
  referenceMs: number;
  referencePieces: number;
  /** Per batch: the app's batch ms and the reference batch run right after it (same load). */
  pairs: [number, number][];
}

/**
 * Attaches `text` as a .txt file through the app's DocumentsState, then removes it (not timed).
 * After each of the app's embedding batches the reference batch (the texts of `reference` at the
 * same positions) is embedded by the same client and timed apart, so both see the same load.
 */
export async function indexOnce(text: string, reference: string[]): Promise<IndexRun> {
  const run = { extractMs: 0, extractWorkerMs: 0, embedMs: 0, batches: 0, chunks: 0, chars: 0 };
  const ref = { ms: 0, pieces: 0, at: 0, pairs: [] as [number, number][] };
  let appPieces = 0;
  const worker: DocumentsWorker = {
    async extract(params) {
      const s = performance.now();
      const r = await documents.call('extract', params);
      run.extractMs += performance.now() - s;
      run.extractWorkerMs += r.ms;
      run.chunks = r.chunks.length;
      run.chars = r.chars;
      return r;
    },
    search: (params) => documents.call('search', params),
  };
  const timed = {
    async embed(texts: string[], purpose?: Parameters<EmbeddingClient['embed']>[1]) {
      pieces = 0;
      const s = performance.now();
      const vectors = await encoder.embed(texts, purpose);
      const appMs = performance.now() - s;
      run.embedMs += appMs;
      run.batches++;
      appPieces += pieces;
      pieces = 0;
      const r = performance.now();
      await encoder.embed(reference.slice(ref.at, ref.at + texts.length), 'other');
      const refMs = performance.now() - r;
      ref.ms += refMs;
      ref.pieces += pieces;
      ref.at += texts.length;
      ref.pairs.push([appMs, refMs]);
      return vectors;
    },
  };
  const state = new DocumentsState({
    repo: repository,
    worker,
    embedder: () => ({ embedder: timed, model }),
    budgetTokens: () => 1024,
    onError: (error) => console.error(error),
  });
  const conversationId = 'c_bench_index';
  await state.open(conversationId);
  const started = performance.now();
  await state.attach([new File([text], 'book.txt', { type: 'text/plain' })], conversationId);
  const totalMs = performance.now() - started - ref.ms;
  if (state.problems.length) throw new Error(state.problems.join('; '));
  const stored = await repository.list(conversationId);
  if (stored.length !== 1 || stored[0]!.embeddingModel !== model)
    throw new Error('the document was not embedded');
  for (const d of stored) await repository.remove(d.id);
  return {
    totalMs,
    ...run,
    pieces: appPieces,
    referenceMs: ref.ms,
    referencePieces: ref.pieces,
    pairs: ref.pairs,
  };
}

/** Stores `count` generated chunks (data.ts `corpus`) as `docs` documents, with vectors of `model`. */
export async function seed(count: number, docs: number): Promise<{ ids: string[]; ms: number }> {
  const started = performance.now();
  const all = corpus(count);
  const per = Math.ceil(count / docs);
  const ids: string[] = [];
  for (let d = 0; d * per < count; d++) {
    const id = `d_bench_${d}`;
    const slice = all.slice(d * per, (d + 1) * per);
    const chunks: DocumentChunk[] = slice.map((c, i) => ({
      id: `${id}:${i}`,
      documentId: id,
      index: i,
      text: c.text,
      tokens: CHUNK_TOKENS,
    }));
    const chars = slice.reduce((n, c) => n + c.text.length, 0);
    const record: DocumentRecord = {
      id,
      conversationId: 'c_bench_search',
      name: `generated-${d}.txt`,
      type: 'text',
      size: chars,
      chars,
      chunkCount: chunks.length,
      embeddingModel: null,
      createdAt: Date.now(),
    };
    await repository.add(record, chunks);
    await repository.setEmbeddings(
      id,
      model,
      slice.map((c) => c.vector),
    );
    ids.push(id);
  }
  return { ids, ms: performance.now() - started };
}

export interface SearchBlock {
  roundTripMs: number[];
  workerMs: number[];
  searched: number;
  found: string[][];
  longTasks: number;
  longTaskMaxMs: number;
  longTaskTotalMs: number;
}

/** Questions `from` … `to - 1` (data.ts `question`), one at a time, through the documents worker. */
export async function searchBlock(ids: string[], from: number, to: number): Promise<SearchBlock> {
  const block: SearchBlock = {
    roundTripMs: [],
    workerMs: [],
    searched: 0,
    found: [],
    longTasks: 0,
    longTaskMaxMs: 0,
    longTaskTotalMs: 0,
  };
  const questions = Array.from({ length: to - from }, (_, k) => question(from + k));
  const blockStart = performance.now();
  for (const q of questions) {
    const s = performance.now();
    const r = await documents.call('search', {
      documentIds: ids,
      query: q.text,
      vector: Array.from(q.vector),
      model,
      budgetTokens: 1024,
    });
    block.roundTripMs.push(performance.now() - s);
    block.workerMs.push(r.ms);
    block.searched = r.searched;
    block.found.push(r.chunks.map((c) => c.id));
  }
  const blockEnd = performance.now();
  // Entries queued but not yet delivered to the callback.
  if (observer) keep(observer.takeRecords());
  for (const t of longTasks) {
    if (t.start + t.duration < blockStart || t.start > blockEnd) continue;
    block.longTasks++;
    block.longTaskMaxMs = Math.max(block.longTaskMaxMs, t.duration);
    block.longTaskTotalMs += t.duration;
  }
  return block;
}
