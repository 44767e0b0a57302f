/** Notices shown to the user, and the one path every caught error goes through. */
import { isAbortError, toTandemError } from '../../core/errors';

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  message: string;
  /** `focus`: the action takes keyboard focus when shown (e.g. Undo right after a delete). */
  action?: { label: string; run: () => void | Promise<void>; focus?: boolean };
}

export class ToastState {
  items = $state.raw<Toast[]>([]);
  private nextId = 1;
  /** Pending auto-dismiss timers, and how long each toast stays once it is let go. */
  private timers = new Map<number, { handle: ReturnType<typeof setTimeout> | null; timeoutMs: number }>();

  show(kind: Toast['kind'], message: string, action?: Toast['action'], timeoutMs = 8000): number {
    const id = this.nextId++;
    this.items = [...this.items, { id, kind, message, action }];
    if (timeoutMs > 0) {
      this.timers.set(id, { handle: null, timeoutMs });
      this.release(id);
    }
    return id;
  }

  dismiss(id: number): void {
    const timer = this.timers.get(id);
    if (timer?.handle) clearTimeout(timer.handle);
    this.timers.delete(id);
    this.items = this.items.filter((t) => t.id !== id);
  }

  /** Keeps a toast on screen while the user is on it (keyboard focus or pointer). */
  hold(id: number): void {
    const timer = this.timers.get(id);
    if (timer?.handle) clearTimeout(timer.handle);
    if (timer) timer.handle = null;
  }

  /** Lets a held toast go: it disappears after its full timeout from now. */
  release(id: number): void {
    const timer = this.timers.get(id);
    if (!timer) return;
    if (timer.handle) clearTimeout(timer.handle);
    timer.handle = setTimeout(() => this.dismiss(id), timer.timeoutMs);
  }

  /** The user went to another page: what was said about the last one goes, unless the user is on it. */
  leavePage(): void {
    for (const toast of this.items) {
      const timer = this.timers.get(toast.id);
      const held = timer !== undefined && timer.handle === null;
      if (!held) this.dismiss(toast.id);
    }
  }

  /** Shows an error with what to do; a user's own stop (abort) is not an error. */
  handleError(error: unknown, context?: string): void {
    if (isAbortError(error)) return;
    const typed = toTandemError(error);
    console.error(context ?? 'Error', typed);
    this.show('error', context ? `${context}: ${typed.message}` : typed.message);
  }
}
