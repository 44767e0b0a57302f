/**
 * Fire-and-forget recording: `record` only pushes onto a queue (it never awaits, never throws);
 * the queue is written in batches a moment later. A failed write is counted, not thrown, so a
 * measurement can never break or slow the operation it measures.
 */
import type { OperationInput, OperationRecord } from '../../core/operations';

export interface RecorderOptions {
  /** How long records gather before one write. */
  delayMs?: number;
  /** Records kept waiting at most (more are dropped and counted: a stuck database). */
  maxQueue?: number;
  makeId?: () => string;
}

let counter = 0;
const defaultId = (): string => `op_${Date.now().toString(36)}_${(counter++).toString(36)}`;

export class OperationRecorder {
  /** Writes that failed (their records are lost, on purpose). */
  errors = 0;
  /** Records dropped because the queue was full. */
  dropped = 0;
  written = 0;
  private queue: OperationRecord[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: Promise<void> = Promise.resolve();
  private readonly delayMs: number;
  private readonly maxQueue: number;
  private readonly makeId: () => string;

  constructor(
    private readonly write: (records: OperationRecord[]) => Promise<void>,
    options: RecorderOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 200;
    this.maxQueue = options.maxQueue ?? 5000;
    this.makeId = options.makeId ?? defaultId;
  }

  /** Queues one measurement. Safe to call from anywhere, any time. */
  record = (input: OperationInput): void => {
    try {
      if (this.queue.length >= this.maxQueue) {
        this.dropped++;
        return;
      }
      this.queue.push({
        errorCode: null,
        backend: null,
        detail: null,
        items: null,
        ...input,
        id: this.makeId(),
      });
      this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
    } catch {
      this.errors++;
    }
  };

  /** Writes what is queued now (the dashboard calls it before reading). Never rejects. */
  flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    this.pending = this.pending.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.write(batch);
        this.written += batch.length;
      } catch {
        this.errors++;
      }
    });
    return this.pending;
  }
}
