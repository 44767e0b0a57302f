import { Worker as ThreadWorker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkerLike } from '../../../platform/rpc/client';
import { serveRpc } from '../../../platform/rpc/server';
import { execRegex } from './exec';
import type { RegexMethods } from './protocol';
import { REGEX_CHECK_TIMEOUT_MS, WorkerRegexRunner } from './runner';

/**
 * A real thread (Node's worker_threads) speaking the RPC envelope and running the pattern as
 * the browser worker does: a catastrophic pattern really keeps it busy, so only termination stops it.
 */
const THREAD_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.kind !== 'call') return;
  const found = new RegExp(m.params.pattern).exec(m.params.text);
  parentPort.postMessage({ kind: 'return', id: m.id, method: m.method, value: { kind: 'match', match: found ? found[0] : null } });
});
parentPort.postMessage({ kind: 'ready' });
`;

class ThreadAsWorker implements WorkerLike {
  readonly thread = new ThreadWorker(THREAD_SOURCE, { eval: true });
  terminated = false;
  postMessage(message: unknown): void {
    this.thread.postMessage(message);
  }
  addEventListener(type: 'message' | 'error', listener: (event: MessageEvent) => void): void {
    if (type === 'message') this.thread.on('message', (data: unknown) => listener({ data } as MessageEvent));
    else this.thread.on('error', () => listener({} as MessageEvent));
  }
  terminate(): void {
    this.terminated = true;
    void this.thread.terminate();
  }
}

/** An in-process worker: the app's handler, or one that never answers (a pattern stuck for good). */
function fakeWorker(hang: (pattern: string) => boolean): WorkerLike & { terminated: boolean } {
  const { port1, port2 } = new MessageChannel();
  serveRpc<RegexMethods>(port2, {
    exec: ({ pattern, text }) =>
      hang(pattern) ? new Promise(() => undefined) : Promise.resolve(execRegex(pattern, text)),
  });
  port2.start();
  const worker = {
    terminated: false,
    postMessage: (message: unknown) => port1.postMessage(message),
    addEventListener: (type: string, listener: (event: MessageEvent) => void) => {
      if (type !== 'message') return;
      port1.addEventListener('message', listener);
      port1.start();
    },
    terminate: () => {
      worker.terminated = true;
      port1.close();
      port2.close();
    },
  };
  return worker;
}

const threads: ThreadAsWorker[] = [];
afterEach(async () => {
  await Promise.all(threads.splice(0).map((t) => t.thread.terminate()));
});

describe('WorkerRegexRunner', () => {
  it('has a one-second limit by default', () => {
    expect(REGEX_CHECK_TIMEOUT_MS).toBe(1000);
    expect(new WorkerRegexRunner(() => fakeWorker(() => false)).timeoutMs).toBe(1000);
  });

  it('answers matches, misses and bad patterns from the worker, reusing one worker', async () => {
    const started: WorkerLike[] = [];
    const runner = new WorkerRegexRunner(() => {
      const w = fakeWorker(() => false);
      started.push(w);
      return w;
    });
    expect(await runner.exec('def\\s+\\w+', 'def f(x):')).toEqual({ kind: 'match', match: 'def f' });
    expect(await runner.exec('^\\d+$', '42 apples')).toEqual({ kind: 'match', match: null });
    expect(await runner.exec('(', 'x')).toMatchObject({ kind: 'invalid' });
    expect(started).toHaveLength(1);
    runner.dispose();
  });

  it('stops a real thread stuck in a backtracking pattern, and the next check gets a fresh one', async () => {
    const runner = new WorkerRegexRunner(() => {
      const t = new ThreadAsWorker();
      threads.push(t);
      return t;
    }, 200);
    // Minutes of backtracking: (a|aa)+$ passes the static test but explodes on "aaaa…!".
    const stuck = runner.exec('(a|aa)+$', `${'a'.repeat(60)}!`);
    const next = runner.exec('a+!', `${'a'.repeat(60)}!`);
    expect(await stuck).toEqual({ kind: 'timeout', afterMs: 200 });
    expect(threads[0]!.terminated).toBe(true);
    expect(await next).toEqual({ kind: 'match', match: `${'a'.repeat(60)}!` });
    expect(threads).toHaveLength(2);
    expect(threads[1]!.terminated).toBe(false);
    runner.dispose();
    expect(threads[1]!.terminated).toBe(true);
  });

  it('checks run one at a time: a timeout never cuts a later check short', async () => {
    const workers: (WorkerLike & { terminated: boolean })[] = [];
    const runner = new WorkerRegexRunner(() => {
      const w = fakeWorker((p) => p === 'hang');
      workers.push(w);
      return w;
    }, 30);
    const results = await Promise.all([
      runner.exec('hang', 'x'),
      runner.exec('x', 'x'),
      runner.exec('hang', 'x'),
      runner.exec('y', 'xy'),
    ]);
    expect(results).toEqual([
      { kind: 'timeout', afterMs: 30 },
      { kind: 'match', match: 'x' },
      { kind: 'timeout', afterMs: 30 },
      { kind: 'match', match: 'y' },
    ]);
    expect(workers.map((w) => w.terminated)).toEqual([true, true, false]);
    runner.dispose();
  });

  it('a worker that cannot start fails the check with the reason, and the next one tries again', async () => {
    let starts = 0;
    const runner = new WorkerRegexRunner(() => {
      starts += 1;
      if (starts > 1) return fakeWorker(() => false);
      const broken: WorkerLike = {
        postMessage: () => undefined,
        addEventListener(type: 'message' | 'error', listener: (event: MessageEvent) => void) {
          if (type === 'error') queueMicrotask(() => listener(new Event('error') as MessageEvent));
        },
        terminate: () => undefined,
      };
      return broken;
    });
    expect(await runner.exec('x', 'x')).toEqual({
      kind: 'failed',
      message: 'the regex check worker did not start',
    });
    expect(await runner.exec('x', 'x')).toEqual({ kind: 'match', match: 'x' });
    runner.dispose();
  });
});
