/** Measurements of recent answers, read from the stored messages. */
import type { ConversationRepository } from '../db/conversations';
import type { StoredMessage } from '../db/types';

export class MetricsState {
  answers = $state.raw<StoredMessage[]>([]);
  /** Every answer ever stored (for cost totals). */
  allAnswers = $state.raw<StoredMessage[]>([]);

  constructor(private readonly conversations: ConversationRepository) {}

  async refresh(limit = 50): Promise<void> {
    this.allAnswers = await this.conversations.recentAnswers(Number.MAX_SAFE_INTEGER);
    this.answers = this.allAnswers.slice(0, limit);
  }
}
