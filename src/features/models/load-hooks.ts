/**
 * Who wants to know when a backend's load ends (metrics records it, storage asks to keep the
 * files): listeners registered on the backend state, called after every load, successful or not.
 * An explicit callback instead of replacing the state's `load` from outside.
 */
export interface LoadEnd<Entry> {
  entry: Entry;
  /** Wall-clock start (ms since the epoch) and how long the load took (ms). */
  at: number;
  ms: number;
}

export type LoadListener<Entry> = (end: LoadEnd<Entry>) => void | Promise<void>;

export class LoadHooks<Entry> {
  private readonly listeners: LoadListener<Entry>[] = [];
  private readonly starters: ((entry: Entry) => void)[] = [];

  /** Calls `listener` as every load starts, before it touches anything. */
  onStart(listener: (entry: Entry) => void): void {
    this.starters.push(listener);
  }

  /** Calls `listener` after every load; returns how to stop. */
  onEnd(listener: LoadListener<Entry>): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Runs one load and then tells every listener, whatever the load's outcome. */
  async run(entry: Entry, load: () => Promise<void>): Promise<void> {
    for (const starter of this.starters) starter(entry);
    const at = Date.now();
    const started = performance.now();
    try {
      await load();
    } finally {
      const end = { entry, at, ms: performance.now() - started };
      for (const listener of [...this.listeners]) await listener(end);
    }
  }
}
