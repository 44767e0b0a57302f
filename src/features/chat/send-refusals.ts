/**
 * What a send does when its write is refused: a full disk is reported with what stayed on screen
 * (the text, in the composer), a conversation deleted meanwhile is left; anything else throws.
 */
import { isStorageFull, storageFullError } from '../../core/errors';
import { isConversationMissing } from './chat-answer';

/** What a full disk leaves on screen, for its notice. */
const SEND_KEPT = 'Your message was not sent and is still in the message box.';

/** Runs a write; a full disk is reported (the text stays on screen) and gives undefined. */
export async function refusedIfFull<T>(
  write: () => Promise<T>,
  onError: (error: unknown) => void,
): Promise<T | undefined> {
  try {
    return await write();
  } catch (error) {
    if (!isStorageFull(error)) throw error;
    onError(storageFullError(error, SEND_KEPT));
    return undefined;
  }
}

/** A refused question: 'full' (reported here) or 'missing' (its conversation is gone). */
export function questionRefusal(error: unknown, onError: (error: unknown) => void): 'full' | 'missing' {
  if (isStorageFull(error)) {
    onError(storageFullError(error, SEND_KEPT));
    return 'full';
  }
  if (isConversationMissing(error)) return 'missing';
  throw error;
}
