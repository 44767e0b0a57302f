/**
 * The app's side of the other tabs (platform/tabs): opens the database with the tab hooks (a
 * newer tab's upgrade closes this tab's connection; an older tab can block this one's upgrade),
 * sends every stored conversation change to the other tabs, and passes theirs to the chat. A
 * backup imported in another tab makes every feature re-read, as one imported here does.
 */
import type { IDBPDatabase } from 'idb';
import { TabChannel } from '../platform/tabs/channel';
import type { TabStatus } from '../platform/tabs/tab-status.svelte';
import { APP_DB_NAME, APP_DB_VERSION, openAppDb, type TandemDB } from '../platform/db/schema';
import type { ConversationRepository } from '../platform/db/conversations';
import type { ChatSync } from '../features/chat/chat-sync';
import type { EventBus } from '../core/events';
import type { AppEvents } from './events';
import type { ToastState } from '../ui/toasts/toasts.svelte';

/** Opens the app database; `status` hears what other tabs do to the connection. */
export function openWithTabs(status: TabStatus): Promise<IDBPDatabase<TandemDB>> {
  return openAppDb(APP_DB_NAME, APP_DB_VERSION, {
    onBlocked: () => (status.blockedByOlderTab = true),
    onVersionChange: () => (status.updatedElsewhere = true),
  });
}

export interface TabWiring {
  status: TabStatus;
  conversations: Pick<ConversationRepository, 'onChange'>;
  chat: { readonly sync: Pick<ChatSync, 'apply'> };
  events: EventBus<AppEvents>;
  toasts: Pick<ToastState, 'handleError'>;
  channel?: TabChannel;
}

export interface TabLink {
  channel: TabChannel;
  /** After a backup import: every feature here re-reads, then the other tabs are told to. */
  reloadStored: () => Promise<void>;
}

/** Connects this tab to the others. */
export function connectTabs(wiring: TabWiring): TabLink {
  const { status, conversations, chat, events } = wiring;
  const onError = (error: unknown): void => wiring.toasts.handleError(error);
  const channel = wiring.channel ?? new TabChannel();
  conversations.onChange = (notice) => channel.post(notice);
  channel.on((notice) => {
    // This tab can read nothing any more: the banner asks for a reload.
    if (status.updatedElsewhere) return;
    if (notice.kind === 'data-replaced') void events.emit('stored-data-replaced').catch(onError);
    else void chat.sync.apply(notice);
  });
  return {
    channel,
    reloadStored: async () => {
      await events.emit('stored-data-replaced');
      channel.post({ kind: 'data-replaced' });
    },
  };
}
