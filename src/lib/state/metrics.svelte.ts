/** Measurements of recent answers, read from the stored messages. */
import type { ConversationRepository } from '../db/conversations';
import type { StoredMessage } from '../db/types';

export class MetricsState {
  answers = $state.raw<StoredMessage[]>([]);

  constructor(private readonly conversations: ConversationRepository) {}

  async refresh(limit = 50): Promise<void> {
    this.answers = await this.conversations.recentAnswers(limit);
  }
}
