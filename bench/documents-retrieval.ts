/**
 * Document retrieval over 10,000 chunks, and chunking throughput, in Node (the same code the
 * documents worker runs: src/features/documents/retrieve.ts and chunk.ts).
 *
 *   npx tsx bench/documents-retrieval.ts [--chunks 10000] [--queries 200]
 *
 * Chunks are generated text (a seeded word list, ~150 words each) with random unit vectors of
 * 384 dimensions (all-MiniLM-L6-v2's size). Measured per question: BM25 over every chunk, cosine
 * against every vector, reciprocal rank fusion and the budget selection; reported as p50/p95 ms
 * and as a ratio to a same-run reference, one plain pass of dot products over all vectors (the
 * least any semantic search must do). The index is built once (its build time is reported apart).
 * Embedding throughput through the encoder is not measured here (see the gaps in the report).
 *
 * Writes the "Document retrieval" section of bench/REPORT.md.
 */
import os from 'node:os';
import { writeReportSection } from './report';
import { chunkText } from '../src/features/documents/chunk';
import { ChunkSearch, selectWithinBudget, type SearchableChunk } from '../src/features/documents/retrieve';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Mulberry32: a small seeded generator, so every run searches the same data. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DIM = 384;
const random = rng(42);
const vocabulary = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
const word = (): string => vocabulary[Math.floor(random() ** 2 * vocabulary.length)]!;
const sentence = (n: number): string => Array.from({ length: n }, word).join(' ');
function unit(): Float32Array {
  const v = new Float32Array(DIM);
  let norm = 0;
  for (let i = 0; i < DIM; i++) norm += (v[i] = random() * 2 - 1) ** 2;
  norm = Math.sqrt(norm);
  for (let i = 0; i < DIM; i++) v[i]! /= norm;
  return v;
}
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

const count = arg('chunks', 10_000);
const queries = arg('queries', 200);
const chunks: SearchableChunk[] = Array.from({ length: count }, (_, i) => ({
  id: `d:${i}`,
  documentId: 'd',
  text: sentence(150),
  tokens: 200,
  vector: unit(),
}));

let t = performance.now();
const search = new ChunkSearch(chunks);
const buildMs = performance.now() - t;

const retrieval: number[] = [];
const reference: number[] = [];
for (let q = 0; q < queries; q++) {
  const text = sentence(8);
  const vector = unit();
  t = performance.now();
  const ranked = search.rank(text, vector);
  selectWithinBudget(
    ranked.map((r) => ({ ...r, tokens: chunks[r.index]!.tokens })),
    1000,
  );
  retrieval.push(performance.now() - t);
  t = performance.now();
  let best = -Infinity;
  for (const c of chunks) {
    const v = c.vector as Float32Array;
    let dot = 0;
    for (let i = 0; i < DIM; i++) dot += v[i]! * vector[i]!;
    if (dot > best) best = dot;
  }
  reference.push(performance.now() - t);
}
retrieval.sort((a, b) => a - b);
reference.sort((a, b) => a - b);

// Chunking throughput: generated text (about 0.2 MB) into 200-token chunks with 40 tokens of overlap.
const book = Array.from({ length: 2000 }, () => `${sentence(12)}. ${sentence(9)}.\n`).join('');
t = performance.now();
const made = chunkText(book);
const chunkMs = performance.now() - t;

const load = os
  .loadavg()
  .map((l) => l.toFixed(2))
  .join(', ');
const p50 = percentile(retrieval, 0.5);
const p95 = percentile(retrieval, 0.95);
const ref95 = percentile(reference, 0.95);
const body = `## Document retrieval (bench/documents-retrieval.ts)

${count.toLocaleString('en-US')} chunks of ~150 words with ${DIM}-d unit vectors; ${queries} questions; Node ${process.version}, ${os.cpus().length} cores, load average ${load}.

| Measure | Value |
| --- | --- |
| Retrieval per question (BM25 + cosine + RRF + budget), p50 | ${p50.toFixed(2)} ms |
| Retrieval per question, p95 | ${p95.toFixed(2)} ms (target ≤ 50 ms) |
| Reference: one pass of dot products over all vectors, p95 | ${ref95.toFixed(2)} ms |
| Retrieval p95 / reference p95 | ${(p95 / ref95).toFixed(1)}× |
| BM25 index build (once per set of documents) | ${buildMs.toFixed(0)} ms |
| Chunking | ${(made.length / (chunkMs / 1000)).toFixed(0)} chunks/s (${made.length} chunks from ${(book.length / 1e6).toFixed(1)} MB in ${chunkMs.toFixed(0)} ms) |

Runs in the documents worker in the app, never on the page's thread. Not measured here: embedding
throughput of chunks through the encoder worker (needs the MiniLM-sized fixture in a browser).
`;
console.log(body);
await writeReportSection('documents-retrieval', body);
