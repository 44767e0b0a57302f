/**
 * Keeps the tabs of one profile in step: each tells the others what it stored (a conversation
 * created, renamed or deleted, a message added or changed) over one `BroadcastChannel`, and each
 * re-reads what a notice names. A message from another tab is validated before anything reacts
 * to it (notices.ts). Without `BroadcastChannel` (very old browsers) nothing is sent or received:
 * each tab then sees the others' changes on its next read, as before.
 */
import { readEnvelope, type TabNotice } from './notices';

export const TAB_CHANNEL_NAME = 'tandem-data';

type Listener = (notice: TabNotice) => void;

/** The part of `BroadcastChannel` used here (a fake in tests). */
export interface ChannelPort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

function openPort(name: string): ChannelPort | null {
  return typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : null;
}

export class TabChannel {
  /** This tab's id on the wire. */
  readonly tabId: string;
  private readonly listeners = new Set<Listener>();
  private port: ChannelPort | null;
  /** Messages received and dropped as malformed (for diagnostics and tests). */
  ignored = 0;

  constructor(port: ChannelPort | null = openPort(TAB_CHANNEL_NAME), tabId = randomTabId()) {
    this.tabId = tabId;
    this.port = port;
    port?.addEventListener('message', (event) => this.receive(event.data));
  }

  /** Tells the other tabs; never throws (a closed channel or a browser without one says nothing). */
  post(notice: TabNotice): void {
    try {
      this.port?.postMessage({ v: 1, from: this.tabId, notice });
    } catch {
      // Closed (the page is going away): the other tabs re-read on their next change anyway.
    }
  }

  /** Listens to the other tabs' notices; returns the unsubscribe function. */
  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.port?.close();
    this.port = null;
    this.listeners.clear();
  }

  private receive(data: unknown): void {
    const envelope = readEnvelope(data);
    if (!envelope || envelope.from === this.tabId) {
      if (!envelope) this.ignored++;
      return;
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(envelope.notice);
      } catch (error) {
        console.error('A tab notice handler failed', error);
      }
    }
  }
}

function randomTabId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return `tab_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
