import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { IndexedDbModelCache, openModelDb } from './model-files';
import { damagedFiles, verifyModel } from './model-verify';

const url = (file: string) => `http://hub.test/org/model/resolve/main/${file}`;
const body = (n: number) => new Response(new Uint8Array(n), { headers: { 'content-length': String(n) } });

describe('model file cache', () => {
  it('verify/repair removes files whose size differs from the host and keeps whole ones', async () => {
    const cache = new IndexedDbModelCache();
    await cache.put(url('config.json'), body(100));
    await cache.put(url('onnx/model.onnx'), body(1000));
    const result = await verifyModel(cache, 'org/model', async (key) => ({
      size: key.endsWith('.onnx') ? 2000 : 100,
      sha256: null,
    }));
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
    const result = await verifyModel(cache, 'org/model', async () => ({ size: null, sha256: null }));
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

  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const bytes = (n: number): Uint8Array<ArrayBuffer> =>
    Uint8Array.from({ length: n }, (_, i) => (i * 31) % 251);
  const lfs = (b: Uint8Array<ArrayBuffer>, hash = sha(b)) =>
    new Response(b, { headers: { 'content-length': String(b.length), 'x-linked-etag': `"${hash}"` } });

  /** Flips bytes of a stored file in IndexedDB, keeping its size (what a bad download leaves). */
  async function damage(cache: IndexedDbModelCache, file: string): Promise<void> {
    const key = (await cache.files('org/model')).find((f) => f.file === file)!.key;
    const data = new Uint8Array(await (await cache.dataOf(key))!.arrayBuffer());
    data[10] = data[10]! ^ 0xff;
    const db = await openModelDb();
    const record = (await db.get('files', key))!;
    await db.put('files', { ...record, data: new Blob([data]) });
    db.close();
  }

  it('refuses a download whose bytes do not match the host sha256, and records the sha256 of one that does', async () => {
    const cache = new IndexedDbModelCache();
    const good = bytes(5000);
    await cache.put(url('onnx/good.onnx'), lfs(good));
    expect((await cache.files('org/model')).find((f) => f.file === 'onnx/good.onnx')?.sha256).toBe(sha(good));
    await expect(cache.put(url('onnx/bad.onnx'), lfs(good, sha(bytes(10))))).rejects.toMatchObject({
      code: 'damaged-file',
    });
    expect(cache.stats.damaged?.code).toBe('damaged-file');
    expect(await cache.match(url('onnx/bad.onnx'))).toBeUndefined();
  });

  it('verify finds a file of the right size with wrong bytes, by the host sha256 or the recorded one', async () => {
    const cache = new IndexedDbModelCache();
    const weights = bytes(4000);
    await cache.put(url('onnx/w.onnx'), lfs(weights));
    await cache.put(url('config.json'), body(30));
    await damage(cache, 'onnx/w.onnx');
    expect((await damagedFiles(cache, 'org/model')).map((f) => f.file)).toEqual(['onnx/w.onnx']);
    const result = await verifyModel(cache, 'org/model', async (key) => ({
      size: key.endsWith('w.onnx') ? 4000 : null,
      sha256: key.endsWith('w.onnx') ? sha(weights) : null,
    }));
    // The other files in this shared test database are whole: only the damaged one goes.
    expect(result).toMatchObject({ removed: ['onnx/w.onnx'], damaged: ['onnx/w.onnx'], freed: 4000 });
    expect(result.hashed).toBeGreaterThanOrEqual(1);
    const left = (await cache.files('org/model')).map((f) => f.file);
    expect(left).toContain('config.json');
    expect(left).not.toContain('onnx/w.onnx');

    // Offline (the host says nothing): the sha256 recorded on arrival still tells.
    await cache.put(url('onnx/w.onnx'), lfs(weights));
    await damage(cache, 'onnx/w.onnx');
    const offline = await verifyModel(cache, 'org/model', async () => ({ size: null, sha256: null }));
    expect(offline.damaged).toEqual(['onnx/w.onnx']);
  });

  it('verify keeps a whole file whose bytes match', async () => {
    const cache = new IndexedDbModelCache();
    await cache.put(url('onnx/ok.onnx'), lfs(bytes(3000)));
    const result = await verifyModel(cache, 'org/model', async (key) => ({
      size: key.endsWith('ok.onnx') ? 3000 : null,
      sha256: key.endsWith('ok.onnx') ? sha(bytes(3000)) : null,
    }));
    expect(result.removed).not.toContain('onnx/ok.onnx');
    expect(result.damaged).toEqual([]);
  });
});
