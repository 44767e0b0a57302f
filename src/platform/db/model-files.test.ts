import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IndexedDbModelCache } from './model-files';

const url = (file: string) => `http://hub.test/org/model/resolve/main/${file}`;
const body = (n: number) => new Response(new Uint8Array(n), { headers: { 'content-length': String(n) } });

describe('model file cache', () => {
  it('verify/repair removes files whose size differs from the host and keeps whole ones', async () => {
    const cache = new IndexedDbModelCache();
    await cache.put(url('config.json'), body(100));
    await cache.put(url('onnx/model.onnx'), body(1000));
    const result = await cache.verifyModel('org/model', async (key) => (key.endsWith('.onnx') ? 2000 : 100));
    expect(result.removed).toEqual(['onnx/model.onnx']);
    expect(result.freed).toBe(1000);
    expect(result.checked).toBe(2);
    expect((await cache.files('org/model')).map((f) => f.file)).toEqual(['config.json']);
    const summary = (await cache.summaries()).find((s) => s.modelId === 'org/model');
    expect(summary).toMatchObject({ files: 1, hasWeights: false });
  });

  it('keeps a file the host gives no size for, when its own data is whole', async () => {
    const cache = new IndexedDbModelCache();
    await cache.put(url('tokenizer.json'), body(50));
    const result = await cache.verifyModel('org/model', async () => null);
    expect(result.removed).toEqual([]);
    expect(result.unchecked).toBeGreaterThanOrEqual(1);
  });

  it('refuses a download shorter than its declared length, so nothing broken looks cached', async () => {
    const cache = new IndexedDbModelCache();
    const short = new Response(new Uint8Array(10), { headers: { 'content-length': '99' } });
    await expect(cache.put(url('onnx/cut.onnx'), short)).rejects.toThrow(/incomplete/);
    expect(await cache.match(url('onnx/cut.onnx'))).toBeUndefined();
  });

  it('deleteKeys removes exactly the given files and reports the bytes freed', async () => {
    const cache = new IndexedDbModelCache();
    await cache.put(url('a.json'), body(10));
    await cache.put(url('b.json'), body(20));
    const keys = (await cache.files('org/model')).filter((f) => f.file === 'a.json').map((f) => f.key);
    expect(await cache.deleteKeys(keys)).toBe(10);
    expect((await cache.files('org/model')).map((f) => f.file)).not.toContain('a.json');
  });
});
