/** What features announce to each other through the app's event bus (core/events.ts). */
import type { StoredMessage } from '../core/stored';

export type AppEvents = {
  /** A backup was imported into the open database: every feature re-reads what it keeps. */
  'stored-data-replaced': [];
  /** A stored message changed outside the chat (e.g. health added its report): show it. */
  'message-changed': [message: StoredMessage];
};
