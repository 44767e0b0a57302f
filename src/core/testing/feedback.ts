/** Feedback records for unit tests. */
import type { FeedbackRecord } from '../feedback';

let counter = 0;

export function feedbackRecord(
  prompt: string,
  answer: string,
  patch: Partial<FeedbackRecord> = {},
): FeedbackRecord {
  counter++;
  return {
    id: `f${counter}`,
    conversationId: `c${counter}`,
    createdAt: counter,
    updatedAt: counter,
    signals: [],
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: prompt },
      { role: 'assistant', content: answer },
    ],
    model: { kind: 'transformers', id: 'tiny', label: 'Tiny' },
    settings: { temperature: 0.7, topP: 0.95, maxTokens: 512 },
    ...patch,
  };
}
