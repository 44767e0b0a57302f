/**
 * Which stored models are whole. A model whose weights live in external-data files
 * (`model.onnx` + `model.onnx_data`, `model.onnx_data_1`, …) is not usable with its graph alone,
 * and transformers.js fetches the graph and the chunks in parallel, so after a cut connection the
 * small graph is often stored while a chunk is not. A stored `.onnx` therefore no longer proves
 * that a model loads offline.
 *
 * The chat engine writes a manifest beside the model's files (same store, same record shape, file
 * name `.tandem-manifest.json`): `{complete: false}` before a load that may download, and, after
 * the model loaded, `{complete: true, files}` with every file that load read. A model is whole
 * when its manifest is complete and every file it lists is stored. Models stored before manifests
 * existed have none and keep the old rule (an `.onnx` file is stored).
 */
import * as v from 'valibot';

/** What the Models page shows of one stored model. */
export interface ModelSummary {
  modelId: string;
  files: number;
  bytes: number;
  /** The weights are whole (usable offline, not just its small files): see weightsComplete. */
  hasWeights: boolean;
}

export const MANIFEST_FILE = '.tandem-manifest.json';

export interface ModelManifest {
  complete: boolean;
  /** Files (paths inside the repo, e.g. "onnx/model.onnx_data_1") the last whole load read. */
  files: string[];
  /**
   * The sha256 the host gave for those files (X-Linked-Etag / ETag, large files only), by path:
   * what Verify / repair compares the stored bytes with when the host cannot be asked.
   */
  sha256?: Record<string, string>;
}

const manifestSchema = v.object({
  complete: v.boolean(),
  files: v.array(v.string()),
  sha256: v.optional(v.record(v.string(), v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)))),
});

export function manifestKey(modelId: string, revision = 'main'): string {
  return `${modelId}/resolve/${revision}/${MANIFEST_FILE}`;
}

export function parseManifest(text: string): ModelManifest | null {
  try {
    const parsed = v.safeParse(manifestSchema, JSON.parse(text));
    return parsed.success ? parsed.output : null;
  } catch {
    return null;
  }
}

/** Whether the stored files make a model that loads without the network. */
export function weightsComplete(
  stored: readonly string[],
  manifest: ModelManifest | null | undefined,
): boolean {
  // The weights: an ONNX graph (its external data is checked by the manifest) or a GGUF file.
  const hasGraph = stored.some((f) => f.endsWith('.onnx') || f.endsWith('.gguf'));
  if (manifest === undefined) return hasGraph; // stored before manifests existed
  if (manifest === null || !manifest.complete) return false;
  const have = new Set(stored);
  return hasGraph && manifest.files.every((f) => have.has(f));
}

/** One stored file as `summarize` needs it; `data` only for manifests. */
export interface StoredRow {
  modelId: string;
  file: string;
  size: number;
  data: Blob | null;
}

/** Per-model counts, bytes and whether the weights are whole (manifests read after the cursor). */
export async function summarize(rows: readonly StoredRow[]): Promise<ModelSummary[]> {
  const byModel = new Map<string, { files: string[]; bytes: number; manifest?: Blob }>();
  for (const r of rows) {
    const m = byModel.get(r.modelId) ?? { files: [], bytes: 0 };
    if (r.file === MANIFEST_FILE && r.data) m.manifest = r.data;
    else m.files.push(r.file);
    m.bytes += r.size;
    byModel.set(r.modelId, m);
  }
  const out: ModelSummary[] = [];
  for (const [modelId, m] of byModel) {
    const manifest = m.manifest ? parseManifest(await m.manifest.text()) : undefined;
    out.push({
      modelId,
      files: m.files.length,
      bytes: m.bytes,
      hasWeights: weightsComplete(m.files, manifest),
    });
  }
  return out;
}

/** The repo's files among cache keys (`{modelId}/resolve/{revision}/{file}`). */
export function filesOfModel(keys: Iterable<string>, modelId: string): string[] {
  const prefix = `${modelId}/resolve/`;
  const out = new Set<string>();
  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const file = rest.slice(rest.indexOf('/') + 1);
    if (file && file !== MANIFEST_FILE) out.add(file);
  }
  return [...out].sort();
}
