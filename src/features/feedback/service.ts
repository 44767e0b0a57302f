/**
 * The feedback state's wiring: how it finds an answer's conversation (with the same system
 * prompt and settings the chat used) and the Evaluate workbench's arena votes as preference pairs.
 */
import type { ConversationRepository } from '../../platform/db/conversations';
import type { KeyValueRepository } from '../../platform/db/kv';
import type { QuarantineRepository } from '../../platform/db/quarantine';
import type { TandemDB } from '../../platform/db/schema';
import type { IDBPDatabase } from 'idb';
import { FeedbackRepository } from '../../platform/db/feedback';
import { purposeEmbedder } from '../embeddings';
import { joinSystemPrompt, mergeGenerationSettings } from '../../core/conversation-settings';
import { FeedbackState } from './feedback.svelte';
import type { HealthState } from '../health';
import type { SettingsState } from '../../platform/settings.svelte';
import type { ToastState } from '../../ui/toasts/toasts.svelte';

export interface FeedbackWiring {
  db: IDBPDatabase<TandemDB>;
  quarantine: QuarantineRepository;
  kv: KeyValueRepository;
  conversations: ConversationRepository;
  settings: SettingsState;
  health: HealthState;
  toasts: ToastState;
}

export function createFeedback(w: FeedbackWiring): FeedbackState {
  const { db, quarantine, conversations, settings, health } = w;
  return new FeedbackState({
    repo: new FeedbackRepository(db, quarantine),
    kv: w.kv,
    embedder: () => purposeEmbedder(health.embedder.readyEmbedder(), 'few-shot'),
    embedderModel: () => health.prefs.model,
    conversationOf: async (answer) => {
      const conversation = await conversations.get(answer.conversationId);
      const own = conversation?.settings ?? {};
      return {
        stored: await conversations.messages(answer.conversationId),
        systemPrompt: joinSystemPrompt(settings.current.systemPrompt, own.systemPrompt),
        settings: mergeGenerationSettings(own, settings.current.generation),
      };
    },
    onNotice: (message, action) => w.toasts.show('info', message, action, 15_000),
    onError: (error) => w.toasts.handleError(error),
    // Arena votes of the Evaluate workbench are preferences too (loaded only when exporting).
    extraPairs: async () => {
      const [{ EvaluationRepository }, { arenaPreferencePairs }] = await Promise.all([
        import('../../platform/db/evaluations'),
        import('./arena-preference'),
      ]);
      const repo = new EvaluationRepository(db, quarantine);
      const votes = await repo.votes();
      const ids = [...new Set(votes.map((v) => v.evaluationId))];
      const responses = (await Promise.all(ids.map((id) => repo.responses(id)))).flat();
      const evaluations = (await Promise.all(ids.map((id) => repo.get(id)))).filter((e) => e !== null);
      return arenaPreferencePairs(votes, responses, evaluations);
    },
  });
}
