/**
 * The safety net for a full disk: a write refused for quota that no caller handled (a setting
 * changed from a page, say) still shows the storage-full notice instead of failing silently.
 */
import { isStorageFull } from '../../core/errors';

type Target = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

export function reportUnhandledStorageFull(
  report: (error: unknown) => void,
  target: Target = window,
): () => void {
  const onRejection = (event: Event): void => {
    const reason = (event as PromiseRejectionEvent).reason;
    if (!isStorageFull(reason)) return;
    event.preventDefault();
    report(reason);
  };
  target.addEventListener('unhandledrejection', onRejection);
  return () => target.removeEventListener('unhandledrejection', onRejection);
}
