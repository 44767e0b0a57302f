/**
 * The model choice of a chat not yet started (the header's switcher on "New chat"): the first
 * question creates the conversation with it, so the first answer and every later one follow it.
 * It stays for the next new chat until changed.
 */
import type { Conversation } from '../../core/stored';
import type { Target } from '../../core/route';

export class NewChatRoute {
  /** The route override a new conversation starts with; null: the strategy decides. */
  override = $state<Target | null>(null);

  /** The fields a conversation created now starts with. */
  fields(): Pick<Conversation, 'routeOverride'> {
    return this.override ? { routeOverride: this.override } : {};
  }
}
