/**
 * Feedback on answers and what it feeds: the curated dataset and its exports, few-shot memory
 * for local models and the ratings the router learns from. Records live in the `feedback`
 * store; settings in the key-value store.
 */
import type { FeedbackRepository } from '../../platform/db/feedback';
import type { KeyValueRepository } from '../../platform/db/kv';
import { KV } from '../../platform/db/kv-keys';
import type { StoredMessage } from '../../core/stored';
import { curate, type CuratedSet } from './curate';
import type { PreferencePair } from './export';
import { latestPrompt, selectExamples, withExamples } from './memory';
import { withMemory, type PreparedMessages } from './memory-provider';
import { conversationUpTo } from './snapshot';
import {
  DEFAULT_FEEDBACK_SETTINGS,
  promptOf,
  type FeedbackRecord,
  type FeedbackSettings,
  type ImplicitSignal,
} from '../../core/feedback';
import type { ChatMessage, ChatProvider, GenerationSettings } from '../../core/provider';
import type { Embedder } from '../../core/embedder';
import { qualityEstimates, qualityKey, type QualityEstimate } from '../routing';
import { estimateTokens } from '../../core/tokens';
import { InOrder } from '../../core/util/in-order';
import { isStorageFull, storageFullError } from '../../core/errors';
import { FeedbackDraftStore } from './feedback-drafts.svelte';

export interface FeedbackDependencies {
  repo: FeedbackRepository;
  kv: KeyValueRepository;
  /** The shared sentence embedder when it is ready (null: only exact dedupe, no memory). */
  embedder: () => Embedder | null;
  /** The embedding model's id, so vectors of different models never mix. */
  embedderModel: () => string;
  /** The answer's conversation as stored, its system prompt and generation settings. */
  conversationOf: (
    answer: StoredMessage,
  ) => Promise<{ stored: StoredMessage[]; systemPrompt: string; settings: GenerationSettings }>;
  onNotice: (message: string, action?: { label: string; run: () => void | Promise<void> }) => void;
  /** A write that failed (a full disk, say), for its notice. */
  onError?: (error: unknown) => void;
  /** Preference pairs from elsewhere (e.g. arena votes of the Evaluate workbench). */
  extraPairs?: () => Promise<PreferencePair[]>;
}

export type FeedbackPatch = Partial<Pick<FeedbackRecord, 'rating' | 'comment' | 'correction' | 'flagged'>>;

export class FeedbackState {
  records = $state.raw<FeedbackRecord[]>([]);
  settings = $state.raw<FeedbackSettings>(DEFAULT_FEEDBACK_SETTINGS);

  /**
   * Changes to one answer's record run one after another, each on the record the previous one
   * saved: arrowing through the stars stores the last rating, and a comment given while the
   * first rating is still being saved keeps both.
   */
  private readonly writes = new InOrder();

  /** What the feedback form holds before Save (kept across a crash, like the composer's draft). */
  readonly drafts: FeedbackDraftStore;

  constructor(private readonly deps: FeedbackDependencies) {
    this.drafts = new FeedbackDraftStore(deps.kv, (error) => this.deps.onError?.(error));
  }

  async init(): Promise<void> {
    await this.drafts.load();
    const stored = await this.deps.kv.get(KV.feedbackSettings);
    this.settings = { ...DEFAULT_FEEDBACK_SETTINGS, ...(stored ?? {}) };
    this.records = await this.deps.repo.all();
  }

  async updateSettings(patch: Partial<FeedbackSettings>): Promise<void> {
    this.settings = { ...this.settings, ...patch };
    await this.deps.kv.set(KV.feedbackSettings, { ...this.settings });
  }

  byId(id: string): FeedbackRecord | undefined {
    return this.records.find((r) => r.id === id);
  }

  /**
   * Rates, comments on or corrects an answer (creating its record with a snapshot). Saved
   * text ends the form's draft; a refused write is reported (and thrown: the form keeps its text).
   */
  give(answer: StoredMessage, patch: FeedbackPatch): Promise<FeedbackRecord> {
    return this.writes.run(answer.id, async () => {
      const record = await this.recordFor(answer);
      const next: FeedbackRecord = { ...record, ...patch, updatedAt: Date.now() };
      for (const key of ['comment', 'correction'] as const) if (next[key] === '') delete next[key];
      const written = 'comment' in patch || 'correction' in patch;
      try {
        await this.save(next);
      } catch (error) {
        const kept = written ? 'Your feedback stays in the form.' : 'Your rating was not saved.';
        this.deps.onError?.(isStorageFull(error) ? storageFullError(error, kept) : error);
        throw error;
      }
      if (written) await this.drafts.clear(answer.id);
      return next;
    });
  }

  /** Records what the user did with an answer (copied, regenerated, ...). */
  signal(answer: StoredMessage, signal: ImplicitSignal): Promise<void> {
    return this.writes.run(answer.id, async () => {
      const record = await this.recordFor(answer);
      if (record.signals.includes(signal) && this.byId(record.id)) return;
      await this.save({
        ...record,
        signals: [...new Set([...record.signals, signal])],
        updatedAt: Date.now(),
      });
    });
  }

  /** Patches a stored record (from the Feedback page). */
  patch(id: string, patch: FeedbackPatch): Promise<void> {
    return this.writes.run(id, async () => {
      const record = this.byId(id);
      if (record) await this.save({ ...record, ...patch, updatedAt: Date.now() });
    });
  }

  private async recordFor(answer: StoredMessage): Promise<FeedbackRecord> {
    const known = this.byId(answer.id) ?? (await this.deps.repo.get(answer.id));
    if (known) return known;
    const { stored, systemPrompt, settings } = await this.deps.conversationOf(answer);
    const now = Date.now();
    return {
      id: answer.id,
      conversationId: answer.conversationId,
      createdAt: now,
      updatedAt: now,
      signals: [],
      messages: conversationUpTo(answer, stored, systemPrompt),
      model: answer.model ?? { kind: 'transformers', id: 'unknown', label: 'unknown model' },
      ...(answer.route
        ? {
            route: {
              target: answer.route.target,
              kind: answer.route.kind,
              category: answer.route.category,
              label: answer.route.label,
            },
          }
        : {}),
      settings: { ...settings, ...(answer.maxTokens ? { maxTokens: answer.maxTokens } : {}) },
    };
  }

  private async save(record: FeedbackRecord): Promise<FeedbackRecord> {
    await this.deps.repo.put(record);
    this.records = [...this.records.filter((r) => r.id !== record.id), record];
    return record;
  }

  /** The curated set now (near duplicates need prompt embeddings: see `embedPrompts`). */
  get curated(): CuratedSet {
    const model = this.deps.embedderModel();
    return curate(this.records, {
      ratingThreshold: this.settings.ratingThreshold,
      dedupeSimilarity: this.settings.dedupeSimilarity,
      vectorOf: (r) => (r.promptEmbedding?.model === model ? r.promptEmbedding.vector : null),
    });
  }

  /** Embeds the prompts that have no vector of the current model yet; false when no embedder. */
  async embedPrompts(): Promise<boolean> {
    const embedder = this.deps.embedder();
    if (!embedder) return false;
    const model = this.deps.embedderModel();
    const missing = this.records.filter((r) => r.promptEmbedding?.model !== model && promptOf(r));
    if (missing.length === 0) return true;
    const vectors = await embedder.embed(missing.map((r) => promptOf(r)));
    // Embedding takes a while: each vector joins the record as it is now (a rating given
    // meanwhile stays), in turn with the other changes to it.
    for (const [i, { id }] of missing.entries()) {
      await this.writes.run(id, async () => {
        const current = this.byId(id);
        if (current) await this.save({ ...current, promptEmbedding: { model, vector: vectors[i]! } });
      });
    }
    return true;
  }

  /** Preference pairs from other sources (arena votes), for the preference export. */
  async extraPairs(): Promise<PreferencePair[]> {
    return (await this.deps.extraPairs?.().catch(() => [])) ?? [];
  }

  /**
   * The one place messages are prepared for a local model: with memory on (or `memory` given),
   * the most similar curated examples of other conversations go before the conversation.
   */
  async prepareForLocal(
    messages: ChatMessage[],
    options: { conversationId?: string; memory?: boolean } = {},
  ): Promise<PreparedMessages> {
    const none = { messages, used: [] };
    if (!(options.memory ?? this.settings.memory)) return none;
    const prompt = latestPrompt(messages);
    const embedder = this.deps.embedder();
    if (!prompt || !embedder || !(await this.embedPrompts())) return none;
    const model = this.deps.embedderModel();
    const candidates = this.curated.examples
      .filter((e) => e.record.conversationId !== options.conversationId)
      .flatMap((e) =>
        e.record.promptEmbedding?.model === model
          ? [{ id: e.record.id, prompt: e.prompt, answer: e.answer, vector: e.record.promptEmbedding.vector }]
          : [],
      );
    if (candidates.length === 0) return none;
    const [query] = await embedder.embed([prompt]);
    const used = selectExamples(query!, candidates, {
      k: this.settings.memoryK,
      floor: this.settings.memoryFloor,
      budgetTokens: this.settings.memoryBudgetTokens,
      countTokens: estimateTokens,
    });
    return { messages: withExamples(messages, used), used };
  }

  /** The router's hook: the local provider with few-shot memory for this conversation. */
  wrapLocal(provider: ChatProvider, conversationId: string): ChatProvider {
    return withMemory(provider, (messages) => this.prepareForLocal(messages, { conversationId }));
  }

  /** Running estimates of local answers per task kind and model since the last reset. */
  get estimates(): Map<string, QualityEstimate> {
    const events = this.records.flatMap((r) =>
      r.rating !== undefined && r.route && !r.flagged
        ? [
            {
              category: r.route.category,
              modelId: r.model.id,
              target: r.route.target,
              rating: r.rating,
              at: r.updatedAt,
            },
          ]
        : [],
    );
    return qualityEstimates(events, this.settings.learnedSince);
  }

  /** For the router: the estimate when learning is on, else null. */
  localQuality(category: string, modelId: string): QualityEstimate | null {
    if (!this.settings.learnRouting) return null;
    return this.estimates.get(qualityKey(category, modelId)) ?? null;
  }

  /** The same for a model on the user's server (its ratings are kept apart from local ones). */
  serverQuality(category: string, modelId: string): QualityEstimate | null {
    if (!this.settings.learnRouting) return null;
    return this.estimates.get(qualityKey(category, modelId, 'server')) ?? null;
  }

  /** Forgets what routing learned (the ratings stay in the dataset). */
  resetLearning(): Promise<void> {
    return this.updateSettings({ learnedSince: Date.now() });
  }

  /** After a conversation was deleted: its feedback stays unless the user removes it. */
  onConversationRemoved(conversationId: string, title: string): void {
    const n = this.records.filter((r) => r.conversationId === conversationId).length;
    if (n === 0) return;
    this.deps.onNotice(
      `Keep the feedback on ${n} answer${n === 1 ? '' : 's'} of "${title}" in your dataset? It stays unless you remove it.`,
      { label: 'Remove feedback', run: () => this.removeConversation(conversationId) },
    );
  }

  async removeConversation(conversationId: string): Promise<void> {
    await this.deps.repo.removeConversation(conversationId);
    this.records = this.records.filter((r) => r.conversationId !== conversationId);
  }

  /** Reads the records again (after a backup import). */
  async reload(): Promise<void> {
    this.records = await this.deps.repo.all();
  }
}
