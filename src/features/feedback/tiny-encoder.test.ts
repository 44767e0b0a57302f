/**
 * The e2e prompts of tests/e2e/feedback*.spec.ts against the real generated test encoder
 * (onnxruntime-node): its embeddings are real but not semantic, so the specs use prompts that
 * differ only in case and punctuation as near duplicates. This pins the cosines they rely on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestModels } from '../../../tests/fixtures/models/generate';
import { TINY_ENCODER_MODEL_ID } from '../../../tests/fixtures/models/scripts';
import { cosine } from '../../core/vectors';
import { curate } from './curate';
import { selectExamples } from './memory';
import { feedbackRecord } from '../../core/testing/feedback';
import { E2E_PROMPTS } from '../../../tests/fixtures/feedback/prompts';

let root: string;
let embedder: FeatureExtractionPipeline;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tandem-feedback-'));
  generateTestModels({ root });
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = root + '/';
  embedder = (await pipeline(
    'feature-extraction',
    join(root, TINY_ENCODER_MODEL_ID),
  )) as FeatureExtractionPipeline;
}, 30_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function embed(texts: string[]): Promise<Float32Array[]> {
  const out = await embedder(texts, { pooling: 'mean', normalize: true });
  const dim = out.dims[1]!;
  const data = out.data as Float32Array;
  return texts.map((_, i) => data.slice(i * dim, (i + 1) * dim));
}

describe('the e2e prompts in the tiny test encoder', () => {
  it('the near duplicate is above 0.95 without being an exact duplicate; the others are far apart', async () => {
    const { capital, capitalNear, sailing, everest } = E2E_PROMPTS;
    const [a, b, c, d] = await embed([capital, capitalNear, sailing, everest]);
    expect(cosine(a!, b!)).toBeGreaterThanOrEqual(0.95);
    for (const [x, y] of [
      [a, c],
      [a, d],
      [b, c],
      [b, d],
      [c, d],
    ]) {
      expect(cosine(x!, y!)).toBeLessThan(E2E_PROMPTS.memoryFloor);
    }
    const records = [
      feedbackRecord(capital, 'Paris.', { rating: 5 }),
      feedbackRecord(capitalNear, 'Paris!', { rating: 4 }),
      feedbackRecord(sailing, 'A book.', { rating: 5 }),
    ];
    const vectors = new Map(records.map((r, i) => [r.id, [a, b, c][i]!]));
    const set = curate(records, {
      ratingThreshold: 4,
      dedupeSimilarity: 0.95,
      vectorOf: (r) => vectors.get(r.id)!,
    });
    expect(set.examples.map((e) => e.prompt)).toEqual([sailing, capital]);
    expect(set.merged).toEqual([expect.objectContaining({ kept: records[0]!.id, exact: false })]);
    // Few-shot memory at the spec's floor picks only the capital example for the capital question.
    const used = selectExamples(
      a!,
      [
        { id: 'capital', prompt: capitalNear, answer: 'Paris', vector: b! },
        { id: 'sailing', prompt: sailing, answer: 'A book', vector: c! },
      ],
      { k: 3, floor: E2E_PROMPTS.memoryFloor, budgetTokens: 600, countTokens: (t) => t.length / 4 },
    );
    expect(used.map((e) => e.id)).toEqual(['capital']);
  });
});
