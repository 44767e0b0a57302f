/** Notices shown to the user, and the one path every caught error goes through. */
import { isAbortError, toTandemError } from '../errors';

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  message: string;
  action?: { label: string; run: () => void };
}

export class ToastState {
  items = $state.raw<Toast[]>([]);
  private nextId = 1;

  show(kind: Toast['kind'], message: string, action?: Toast['action'], timeoutMs = 8000): number {
    const id = this.nextId++;
    this.items = [...this.items, { id, kind, message, action }];
    if (timeoutMs > 0) setTimeout(() => this.dismiss(id), timeoutMs);
    return id;
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }

  /** Shows an error with what to do; a user's own stop (abort) is not an error. */
  handleError(error: unknown, context?: string): void {
    if (isAbortError(error)) return;
    const typed = toTandemError(error);
    console.error(context ?? 'Error', typed);
    this.show('error', context ? `${context}: ${typed.message}` : typed.message);
  }
}
