/** Native reference: `@huggingface/transformers` in Node (onnxruntime-node, CPU), the plain pipeline. */
import { HealthTracker, defaultHealthSettings } from '../../src/features/health';
import { type Embedder } from '../../src/core/embedder';
import type { Turn, TurnTimes } from './common';

export interface NativeRun extends TurnTimes {
  /** Cosine between the embedding of each long text cut at 256 word pieces and at 512. */
  truncation: { tokens: number; cosine: number; ms512: number; ms256: number }[];
}

export async function runNative(modelsDir: string, repo: string, turns: Turn[]): Promise<NativeRun> {
  const t = await import('@huggingface/transformers');
  t.env.allowRemoteModels = false;
  t.env.allowLocalModels = true;
  t.env.localModelPath = `${modelsDir}/`;
  const extractor = await t.pipeline('feature-extraction', repo, { dtype: 'q8' });
  const embedder: Embedder = {
    async embed(texts) {
      const out = await extractor(texts, { pooling: 'mean', normalize: true });
      return (out.tolist() as number[][]).map((v) => Float32Array.from(v));
    },
  };
  await embedder.embed(['warm up']);
  const tracker = new HealthTracker(embedder, defaultHealthSettings());
  await tracker.prepare();
  const perTurnMs: number[] = [];
  const afterEndMs: number[] = [];
  for (const turn of turns) {
    const s = performance.now();
    await tracker.addTurn(turn);
    perTurnMs.push(performance.now() - s);
  }
  // The same turns with the question embedded first (as the app does while the answer streams).
  const split = new HealthTracker(embedder, defaultHealthSettings(), {
    prototypeCache: tracker.prototypeCache,
  });
  for (const turn of turns) {
    const [userEmbedding] = await embedder.embed([turn.user]);
    const s = performance.now();
    await split.addTurn({ ...turn, userEmbedding: userEmbedding! });
    afterEndMs.push(performance.now() - s);
  }
  return { perTurnMs, afterEndMs, truncation: await truncation(extractor, t) };
}

async function truncation(
  extractor: Awaited<ReturnType<typeof import('@huggingface/transformers').pipeline<'feature-extraction'>>>,
  t: typeof import('@huggingface/transformers'),
): Promise<NativeRun['truncation']> {
  const { longTexts } = await import('./common');
  const embedAt = async (
    text: string,
    maxLength: number,
  ): Promise<{ v: number[]; ms: number; tokens: number }> => {
    const inputs = extractor.tokenizer([text], { padding: true, truncation: true, max_length: maxLength });
    const s = performance.now();
    const out = (await extractor.model(inputs)) as { last_hidden_state: InstanceType<typeof t.Tensor> };
    const v = (
      t.mean_pooling(out.last_hidden_state, inputs.attention_mask).normalize(2, -1).tolist() as number[][]
    )[0]!;
    return { v, ms: performance.now() - s, tokens: inputs.input_ids.dims[1] as number };
  };
  const rows: NativeRun['truncation'] = [];
  for (const text of longTexts()) {
    const full = await embedAt(text, 512);
    const cut = await embedAt(text, 256);
    rows.push({
      tokens: full.tokens,
      cosine: full.v.reduce((s, x, i) => s + x * cut.v[i]!, 0),
      ms512: full.ms,
      ms256: cut.ms,
    });
  }
  return rows;
}
