import { describe, expect, it } from 'vitest';
import { checkChunkStatus, isExternalDataUrl, watchBody, watchDownloadFailures } from './download-failures';

const cutBody = (bytes: number) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new Uint8Array(bytes));
      controller.error(new TypeError('network error'));
    },
  });

describe('download failures', () => {
  it('a body cut mid-way fails the watched load, and the reader still sees the error', async () => {
    const watch = watchDownloadFailures();
    const response = watchBody(new Response(cutBody(10), { headers: { 'content-length': '100' } }));
    expect(response.headers.get('content-length')).toBe('100');
    await expect(response.arrayBuffer()).rejects.toThrow(/network error/);
    await expect(watch.failure).rejects.toThrow(/download was cut/);
    watch.stop();
  });

  it('a whole body passes through unchanged and reports nothing', async () => {
    const watch = watchDownloadFailures();
    let failed = false;
    watch.failure.catch(() => (failed = true));
    const data = await watchBody(new Response(new Uint8Array([1, 2, 3]))).arrayBuffer();
    expect([...new Uint8Array(data)]).toEqual([1, 2, 3]);
    await Promise.resolve();
    expect(failed).toBe(false);
    watch.stop();
  });

  it('reports a missing external-data chunk, not a missing optional file', async () => {
    const watch = watchDownloadFailures();
    let reported: unknown = null;
    watch.failure.catch((e: unknown) => (reported = e));
    checkChunkStatus('http://h/m/resolve/main/generation_config.json', new Response('', { status: 404 }));
    checkChunkStatus('http://h/m/resolve/main/onnx/model.onnx_data', new Response('', { status: 200 }));
    await Promise.resolve();
    expect(reported).toBeNull();
    checkChunkStatus(
      'http://h/m/resolve/main/onnx/model_q4f16.onnx_data_1',
      new Response('', { status: 404 }),
    );
    await expect(watch.failure).rejects.toThrow(/Could not locate file.*onnx_data_1.*404/);
    watch.stop();
  });

  it('recognises chunk names', () => {
    expect(isExternalDataUrl('http://h/a/resolve/main/onnx/model.onnx_data')).toBe(true);
    expect(isExternalDataUrl('http://h/a/resolve/main/onnx/model.onnx_data_12')).toBe(true);
    expect(isExternalDataUrl('http://h/a/resolve/main/onnx/model.onnx')).toBe(false);
  });

  it('a stopped watch hears nothing more', async () => {
    const watch = watchDownloadFailures();
    watch.stop();
    let failed = false;
    watch.failure.catch(() => (failed = true));
    checkChunkStatus('http://h/m/resolve/main/onnx/model.onnx_data', new Response('', { status: 500 }));
    await Promise.resolve();
    expect(failed).toBe(false);
  });
});
