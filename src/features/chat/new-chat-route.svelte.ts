/**
 * The model choice of a chat not yet started (the header's switcher on "New chat"): the first
 * question creates the conversation with it, so the first answer and every later one follow it.
 * It stays for the next new chat until changed. So does the preset picked for a new chat: its
 * system prompt and generation settings become the new conversation's own.
 */
import type { Conversation } from '../../core/stored';
import type { Target } from '../../core/route';

export class NewChatRoute {
  /** The route override a new conversation starts with; null: the strategy decides. */
  override = $state<Target | null>(null);

  /** The preset a new conversation starts with (its name, and the settings it gives). */
  preset = $state.raw<{ name: string; settings: NonNullable<Conversation['settings']> } | null>(null);

  /** The fields a conversation created now starts with. */
  fields(): Pick<Conversation, 'routeOverride' | 'settings'> {
    return {
      ...(this.override ? { routeOverride: this.override } : {}),
      ...(this.preset ? { settings: { ...this.preset.settings } } : {}),
    };
  }
}
