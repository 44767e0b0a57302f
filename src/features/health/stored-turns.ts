/**
 * Stored messages as health turns: which answers count, and which leading turns can be
 * restored into a tracker as they are (stored embeddings of the current model and a report).
 */
import type { StoredMessage } from '../../core/stored';
import type { RestoredTurn } from '../../core/health';

export interface StoredTurn {
  user: StoredMessage;
  assistant: StoredMessage;
}

/** Pairs every finished answer with the user message right before it. */
export function storedTurns(messages: readonly StoredMessage[]): StoredTurn[] {
  const turns: StoredTurn[] = [];
  let user: StoredMessage | null = null;
  for (const m of messages) {
    if (m.role === 'user') user = m;
    else if (m.role === 'assistant') {
      const finished = (m.status === 'complete' || m.status === 'stopped') && m.content.trim() !== '';
      if (user && finished) turns.push({ user, assistant: m });
      user = null;
    }
  }
  return turns;
}

/** The stored embedding of a message when it was made by `model`. */
export function vectorOf(message: StoredMessage, model: string): Float32Array | undefined {
  return message.embedding?.model === model ? message.embedding.vector : undefined;
}

/** The leading stored turns that have embeddings of `model` and a report: restorable as they are. */
export function restorableTurns(
  turns: readonly StoredTurn[],
  model: string,
): { restorable: RestoredTurn[]; ids: string[] } {
  const restorable: RestoredTurn[] = [];
  const ids: string[] = [];
  for (const t of turns) {
    const userEmbedding = vectorOf(t.user, model);
    const assistantEmbedding = vectorOf(t.assistant, model);
    if (!userEmbedding || !assistantEmbedding || !t.assistant.health) break;
    restorable.push({
      user: t.user.content,
      assistant: t.assistant.content,
      userEmbedding,
      assistantEmbedding,
      report: t.assistant.health,
    });
    ids.push(t.assistant.id);
  }
  return { restorable, ids };
}
