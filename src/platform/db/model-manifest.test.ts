import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IndexedDbModelCache } from './model-files';
import { verifyModel } from './model-verify';
import { filesOfModel, MANIFEST_FILE, parseManifest, weightsComplete } from './model-manifest';
import { readManifest, writeManifest } from './model-manifest-store';

const url = (model: string, file: string) => `http://hub.test/${model}/resolve/main/${file}`;
const body = (n: number) => new Response(new Uint8Array(n), { headers: { 'content-length': String(n) } });
const CHUNKED = ['config.json', 'onnx/model.onnx', 'onnx/model.onnx_data', 'onnx/model.onnx_data_1'];

describe('weightsComplete', () => {
  it('needs a complete manifest whose every file is stored', () => {
    expect(weightsComplete(CHUNKED, { complete: true, files: CHUNKED })).toBe(true);
    // The graph arrived, the second chunk did not (a cut connection).
    expect(weightsComplete(CHUNKED.slice(0, 3), { complete: true, files: CHUNKED })).toBe(false);
    expect(weightsComplete(CHUNKED, { complete: false, files: [] })).toBe(false);
    expect(weightsComplete(CHUNKED, null)).toBe(false); // unreadable manifest
    expect(weightsComplete(['config.json'], { complete: true, files: ['config.json'] })).toBe(false);
  });

  it('keeps the old rule for models stored before manifests (an .onnx is stored)', () => {
    expect(weightsComplete(['config.json', 'onnx/model.onnx'], undefined)).toBe(true);
    expect(weightsComplete(['config.json'], undefined)).toBe(false);
  });
});

describe('manifest helpers', () => {
  it('parses only well-formed manifests', () => {
    expect(parseManifest('{"complete":true,"files":["a"]}')).toEqual({ complete: true, files: ['a'] });
    expect(parseManifest('{"complete":"yes","files":[]}')).toBeNull();
    expect(parseManifest('not json')).toBeNull();
  });

  it('lists a repo’s files among cache keys, without the manifest or other repos', () => {
    const keys = [
      'org/m/resolve/main/onnx/model.onnx_data_1',
      'org/m/resolve/main/config.json',
      `org/m/resolve/main/${MANIFEST_FILE}`,
      'org/m2/resolve/main/config.json',
    ];
    expect(filesOfModel(keys, 'org/m')).toEqual(['config.json', 'onnx/model.onnx_data_1']);
  });
});

describe('summaries with manifests (IndexedDB)', () => {
  it('a pending manifest makes stored files partial; a complete one with every file makes them whole', async () => {
    const cache = new IndexedDbModelCache();
    const model = 'org/chunked';
    await writeManifest(model, { complete: false, files: [] });
    for (const f of CHUNKED.slice(0, 3)) await cache.put(url(model, f), body(64));
    const summary = async () => (await cache.summaries()).find((s) => s.modelId === model)!;
    expect(await summary()).toMatchObject({ files: 3, hasWeights: false });

    await cache.put(url(model, CHUNKED[3]!), body(64));
    await writeManifest(model, { complete: true, files: CHUNKED });
    expect(await summary()).toMatchObject({ files: 4, hasWeights: true });
    expect(await readManifest(model)).toEqual({ complete: true, files: CHUNKED });

    // A repair that removes a chunk makes the model partial again, and never asks the host about the manifest.
    const asked: string[] = [];
    const result = await verifyModel(cache, model, async (key) => {
      asked.push(key);
      return { size: key.endsWith('_data_1') ? 1 : 64, sha256: null };
    });
    expect(result.removed).toEqual(['onnx/model.onnx_data_1']);
    expect(asked.some((k) => k.endsWith(MANIFEST_FILE))).toBe(false);
    expect(await summary()).toMatchObject({ hasWeights: false });
    expect(await readManifest('org/none')).toBeUndefined();
  });

  it('keeps the host sha256 of each file in the manifest; Verify uses it when the host says nothing', async () => {
    const model = 'org/hashed-manifest';
    const cache = new IndexedDbModelCache();
    await cache.put(url(model, 'onnx/model.onnx'), body(64));
    const sha = 'f'.repeat(64);
    await writeManifest(model, {
      complete: true,
      files: ['onnx/model.onnx'],
      sha256: { 'onnx/model.onnx': sha },
    });
    expect((await readManifest(model))?.sha256).toEqual({ 'onnx/model.onnx': sha });
    expect(parseManifest(JSON.stringify({ complete: true, files: [], sha256: { a: 'nope' } }))).toBeNull();
    const result = await verifyModel(cache, model, async () => ({ size: null, sha256: null }));
    expect(result.damaged).toEqual(['onnx/model.onnx']);
  });
});
