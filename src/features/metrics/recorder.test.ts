import { describe, expect, it } from 'vitest';
import { OperationRecorder } from './recorder';
import type { OperationInput, OperationRecord } from '../../core/operations';

const op = (at: number): OperationInput => ({
  kind: 'embedding',
  at,
  modelId: 'e',
  status: 'ok',
  totalMs: 1,
  tokensIn: 3,
  tokensOut: null,
  bytes: null,
  route: null,
});

describe('OperationRecorder', () => {
  it('batches records into one write', async () => {
    const writes: OperationRecord[][] = [];
    const r = new OperationRecorder(async (batch) => void writes.push(batch), { delayMs: 10_000 });
    r.record(op(1));
    r.record(op(2));
    expect(writes).toHaveLength(0);
    await r.flush();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.map((w) => w.at)).toEqual([1, 2]);
    expect(new Set(writes[0]!.map((w) => w.id)).size).toBe(2);
    expect(r.written).toBe(2);
  });

  it('swallows and counts failed writes, and drops over the cap', async () => {
    const r = new OperationRecorder(() => Promise.reject(new Error('quota')), {
      maxQueue: 2,
      delayMs: 10_000,
    });
    r.record(op(1));
    r.record(op(2));
    r.record(op(3));
    expect(r.dropped).toBe(1);
    await expect(r.flush()).resolves.toBeUndefined();
    expect(r.errors).toBe(1);
    // Still usable after a failure.
    r.record(op(4));
    await r.flush();
    expect(r.errors).toBe(2);
  });

  it('writes by itself after the delay', async () => {
    let written = 0;
    const r = new OperationRecorder(async (b) => void (written += b.length), { delayMs: 1 });
    r.record(op(1));
    await expect.poll(() => written).toBe(1);
  });
});
