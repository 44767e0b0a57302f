import { afterEach, describe, expect, it } from 'vitest';
import { TandemError } from '../../core/errors';
import { RpcClient, type WorkerLike } from './client';
import { serveRpc } from './server';

type TestMethods = {
  echo: { params: { text: string; delayMs?: number }; event: string; result: string };
  fail: { params: { code: 'quota-exceeded' | 'unknown' }; event: never; result: void };
  count: { params: { upTo: number; delayMs: number }; event: number; result: number };
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A real MessageChannel: the client holds one port, the "worker" serves on the other. */
function connect(): { client: RpcClient<TestMethods>; aborted: number[]; close: () => void } {
  const channel = new MessageChannel();
  const aborted: number[] = [];
  serveRpc<TestMethods>(channel.port2 as never, {
    echo: async ({ text, delayMs }, { emit }) => {
      emit(`working on ${text}`);
      if (delayMs) await sleep(delayMs);
      return text.toUpperCase();
    },
    fail: async ({ code }) => {
      if (code === 'unknown') throw new Error('plain failure');
      throw new TandemError(code, 'Disk is full. Free space and retry.', { details: { neededMB: 5 } });
    },
    count: async ({ upTo, delayMs }, { emit, signal }) => {
      let i = 0;
      for (; i < upTo && !signal.aborted; i++) {
        emit(i);
        await sleep(delayMs);
      }
      if (signal.aborted) aborted.push(i);
      return i;
    },
  });
  channel.port1.start();
  channel.port2.start();
  const worker: WorkerLike = {
    postMessage: (m) => channel.port1.postMessage(m),
    addEventListener: (type: string, listener: (e: never) => void) =>
      channel.port1.addEventListener(type as 'message', listener as never),
  };
  return {
    client: new RpcClient<TestMethods>(worker, 'test worker'),
    aborted,
    close: () => channel.port1.close(),
  };
}

let close: (() => void) | null = null;
afterEach(() => close?.());

describe('worker RPC', () => {
  it('matches concurrent calls to their own answers by id', async () => {
    const c = connect();
    close = c.close;
    const [slow, fast] = await Promise.all([
      c.client.call('echo', { text: 'slow', delayMs: 30 }),
      c.client.call('echo', { text: 'fast' }),
    ]);
    expect([slow, fast]).toEqual(['SLOW', 'FAST']);
    expect(c.client.inFlight).toBe(0);
  });

  it('streams events to the caller of that call only', async () => {
    const c = connect();
    close = c.close;
    const seen: number[] = [];
    const result = await c.client.call('count', { upTo: 4, delayMs: 1 }, { onEvent: (n) => seen.push(n) });
    expect(result).toBe(4);
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('rebuilds typed errors with code, retryable and details on the page side', async () => {
    const c = connect();
    close = c.close;
    const error = await c.client.call('fail', { code: 'quota-exceeded' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TandemError);
    expect(error).toMatchObject({ code: 'quota-exceeded', message: 'Disk is full. Free space and retry.' });
    expect((error as TandemError).details).toEqual({ neededMB: 5 });
    const plain = await c.client.call('fail', { code: 'unknown' }).catch((e: unknown) => e);
    expect(plain).toMatchObject({ code: 'unknown', message: 'plain failure' });
  });

  it('abort settles the call at once and tells the worker to stop', async () => {
    const c = connect();
    close = c.close;
    const controller = new AbortController();
    const seen: number[] = [];
    const pending = c.client.call(
      'count',
      { upTo: 1000, delayMs: 5 },
      { signal: controller.signal, onEvent: (n) => seen.push(n) },
    );
    await sleep(30);
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    // Settled before the worker even saw the abort: the UI never waits for the worker to stop.
    expect(c.aborted).toHaveLength(0);
    expect(error).toMatchObject({ code: 'aborted' });
    await sleep(30);
    expect(c.aborted).toHaveLength(1);
    expect(c.aborted[0]).toBeLessThan(1000);
  });

  it('fails every pending call with worker-crashed when the worker dies', async () => {
    let onError: ((e: Event) => void) | null = null;
    const worker: WorkerLike = {
      postMessage: () => undefined,
      addEventListener: (type: string, listener: (e: never) => void) => {
        if (type === 'error') onError = listener as never;
      },
    };
    const client = new RpcClient<TestMethods>(worker, 'chat model worker');
    const pending = client.call('echo', { text: 'x' });
    onError!({ message: 'out of memory' } as unknown as Event);
    await expect(pending).rejects.toMatchObject({ code: 'worker-crashed', retryable: true });
    await expect(client.call('echo', { text: 'y' })).rejects.toMatchObject({ code: 'worker-crashed' });
  });
});
