/**
 * Scores conversations: one tracker per conversation (rebuilt from stored vectors and reports
 * with `restore()`, never by re-embedding), the context prototypes (embedded once per model and
 * stored), a scoring queue per conversation, and the chat hooks: coaching into the prompt (given back
 * to be recorded on the answer), the user's message embedded while the answer streams, scoring after each answer,
 * and the cascade's score of a local answer. Chat never waits for health.
 */
import type { KeyValueRepository } from '../../platform/db/kv';
import { KV } from '../../platform/db/kv-keys';
import type { StoredMessage } from '../../core/stored';
import type { Embedder } from '../../core/embedder';
import { TandemError, isAbortError } from '../../core/errors';
import { HealthTracker, PROMPT_ONLY_COACHING, injectCoaching } from '.';
import { restorableTurns, storedTurns, vectorOf } from './stored-turns';
import type { ChatMessage } from '../../core/provider';
import { InOrder } from '../../core/util/in-order';
import type { EmbedderHost } from '../embeddings';
import type { HealthPreferences } from './health-prefs.svelte';

/** Longest a request waits for the previous turn's scoring before it goes without coaching. */
const COACHING_WAIT_MS = 5_000;

export interface HealthScorerDependencies {
  kv: KeyValueRepository;
  host: EmbedderHost;
  prefs: () => HealthPreferences;
  /** The stored messages of a conversation, in order. */
  messages: (conversationId: string) => Promise<StoredMessage[]>;
  /** Stores changed messages of one conversation in one transaction, and shows them. */
  updateMessages: (messages: StoredMessage[]) => Promise<void>;
}

export interface CascadeScore {
  status: string | null;
  drift: number | null;
  threshold: number;
}

interface TrackerEntry {
  tracker: HealthTracker;
  /** Assistant message ids of the turns in the tracker, in order. */
  ids: string[];
}

export class HealthScorer {
  /** Assistant message ids whose health is being computed. */
  scoring = $state.raw<ReadonlySet<string>>(new Set());

  private readonly trackers = new Map<string, TrackerEntry>();
  private readonly prototypeCaches = new Map<string, Map<string, Float32Array>>();
  /** Prototypes being embedded for the current model and settings (one call, shared). */
  private preparing: Promise<void> | null = null;
  /** Scoring queue per conversation: turns are added in order, one at a time. */
  private readonly turnQueue = new InOrder();
  /** The trackers' embedder: always the host's current one (a retry loads a new worker). */
  private readonly embedder: Embedder = {
    embed: async (texts) => {
      const current = this.deps.host.readyEmbedder();
      if (!current) {
        throw new TandemError('model-load-failed', 'The embedding model is not loaded.', { retryable: true });
      }
      return current.embed(texts);
    },
  };

  constructor(private readonly deps: HealthScorerDependencies) {}

  /** Forgets every tracker (new model or thresholds); they are rebuilt from storage. */
  reset(): void {
    this.trackers.clear();
    this.preparing = null;
  }

  /**
   * Adds the coaching block (or the fixed prompt-only text) to the system prompt when allowed,
   * and gives the block back to be recorded on the answer (null: nothing was added).
   */
  async prepareMessages(
    conversationId: string,
    messages: ChatMessage[],
    stored: readonly StoredMessage[] = [],
  ): Promise<{ messages: ChatMessage[]; coaching: string | null }> {
    const last = stored.at(-1);
    // Not when it is stored with its vector already (the question of a regenerated answer).
    const model = this.deps.prefs().model;
    if (last?.role === 'user' && !vectorOf(last, model)) void this.embedEarly(last.content);
    const block = await this.coachingFor(conversationId, stored);
    return { messages: injectCoaching(messages, block), coaching: block };
  }

  /** After an answer is stored: scores the turn in the background; chat does not wait. */
  onAnswered(answer: StoredMessage): void {
    if (this.deps.prefs().mode !== 'embeddings') return;
    if (answer.status !== 'complete' && answer.status !== 'stopped') return;
    void this.score(answer.conversationId);
  }

  /**
   * Scores a local answer of `conversationId` before it is kept, for the router's cascade: a
   * scratch tracker restored from the stored turns (no re-embedding) scores the new turn; the
   * conversation's own tracker is untouched. Null when health is off or the model is not ready.
   */
  async scoreForCascade(
    answer: string,
    messages: readonly ChatMessage[],
    conversationId: string,
  ): Promise<CascadeScore | null> {
    const question = [...messages].reverse().find((m) => m.role === 'user')?.content;
    const { mode, model, tracker: settings } = this.deps.prefs();
    if (mode !== 'embeddings' || !this.deps.host.readyEmbedder() || !question) return null;
    try {
      const turns = storedTurns(await this.deps.messages(conversationId));
      const scratch = new HealthTracker(this.embedder, settings, {
        prototypeCache: await this.prototypes(model),
      });
      scratch.restore(restorableTurns(turns, model).restorable);
      const { report } = await scratch.addTurn({ user: question, assistant: answer });
      return { status: report.status, drift: report.questionResponseDrift, threshold: report.driftThreshold };
    } catch {
      return null;
    }
  }

  /** Scores every finished turn of the conversation that has no report yet, in order. */
  score(conversationId: string): Promise<void> {
    return this.turnQueue.run(conversationId, () => this.scoreNow(conversationId)).catch(() => undefined);
  }

  /**
   * Embeds the user's message while its answer streams, so only the answer is left to embed
   * when it ends. Only with a model that is loaded or already loading (never a download), and
   * after the prototypes, so the memo serves the turn's scoring (and the router) one vector.
   */
  private async embedEarly(text: string): Promise<void> {
    if (this.deps.prefs().mode !== 'embeddings' || text.trim() === '') return;
    try {
      const embedder = await this.deps.host.whenReady();
      if (!embedder) return;
      await this.preparePrototypes();
      await embedder.embed([text]);
    } catch {
      // Scoring after the answer embeds it (and reports any failure).
    }
  }

  /**
   * The coaching for the next request, from the messages the chat holds. They are read from
   * storage only when none are given or a scoring ran meanwhile (its reports are newer).
   */
  private async coachingFor(conversationId: string, held: readonly StoredMessage[]): Promise<string | null> {
    const { mode, coaching } = this.deps.prefs();
    if (mode === 'off' || !coaching) return null;
    if (mode === 'prompt-only') return PROMPT_ONLY_COACHING;
    // Let the previous turn's scoring finish (it is quick once the model is ready).
    const scoring = this.turnQueue.busy(conversationId);
    if (scoring && this.deps.host.status === 'ready') {
      await Promise.race([
        this.turnQueue.idle(conversationId),
        new Promise((r) => setTimeout(r, COACHING_WAIT_MS)),
      ]);
    }
    try {
      const messages = held.length && !scoring ? held : await this.deps.messages(conversationId);
      const entry = await this.trackerFor(conversationId, messages);
      return entry.tracker.coachingSummary();
    } catch {
      return null;
    }
  }

  private async scoreNow(conversationId: string): Promise<void> {
    if (this.deps.prefs().mode !== 'embeddings') return;
    const messages = await this.deps.messages(conversationId);
    const waiting = storedTurns(messages).filter((t) => !t.assistant.health);
    if (waiting.length === 0) return;
    const host = this.deps.host;
    this.markScoring(
      waiting.map((t) => t.assistant.id),
      true,
    );
    try {
      await host.load();
      if (host.status !== 'ready') return;
      await this.preparePrototypes();
      const model = this.deps.prefs().model;
      const entry = await this.trackerFor(conversationId, messages);
      const turns = storedTurns(messages).slice(entry.ids.length);
      const cache = entry.tracker.prototypeCache;
      for (const turn of turns) {
        const cachedPrototypes = cache.size;
        const userEmbedding = vectorOf(turn.user, model);
        const assistantEmbedding = vectorOf(turn.assistant, model);
        const { report, embeddings } = await entry.tracker.addTurn({
          user: turn.user.content,
          assistant: turn.assistant.content,
          userEmbedding,
          assistantEmbedding,
        });
        entry.ids.push(turn.assistant.id);
        if (cache.size !== cachedPrototypes) await this.savePrototypes(model, cache);
        // One write per scored turn: the question's vector (when new) with the answer's and its report.
        const scored = {
          ...turn.assistant,
          embedding: { model, vector: embeddings.assistant },
          health: report,
        };
        await this.deps.updateMessages(
          userEmbedding
            ? [scored]
            : [{ ...turn.user, embedding: { model, vector: embeddings.user } }, scored],
        );
        this.markScoring([turn.assistant.id], false);
      }
    } catch (error) {
      // The worker crashed or embedding failed after loading: say so, offer a retry.
      if (!isAbortError(error) && host.status !== 'error') host.fail(error);
      throw error;
    } finally {
      this.markScoring(
        waiting.map((t) => t.assistant.id),
        false,
      );
    }
  }

  /** Embeds the prototypes the cache lacks, once for the current model and settings, and stores them. */
  private preparePrototypes(): Promise<void> {
    this.preparing ??= (async () => {
      const { model, tracker: settings } = this.deps.prefs();
      const cache = await this.prototypes(model);
      const before = cache.size;
      await new HealthTracker(this.embedder, settings, { prototypeCache: cache }).prepare();
      if (cache.size !== before) await this.savePrototypes(model, cache);
    })().catch((error: unknown) => {
      this.preparing = null;
      throw error;
    });
    return this.preparing;
  }

  /**
   * The conversation's tracker, up to date with its stored turns. Rebuilt with `restore()`
   * from stored embeddings and reports when missing or out of step (e.g. after regenerate);
   * never calls the embedder.
   */
  private async trackerFor(
    conversationId: string,
    messages: readonly StoredMessage[],
  ): Promise<TrackerEntry> {
    const { model, tracker: settings } = this.deps.prefs();
    const turns = storedTurns(messages);
    const existing = this.trackers.get(conversationId);
    if (existing && existing.ids.every((id, i) => turns[i]?.assistant.id === id)) return existing;
    const { restorable, ids } = restorableTurns(turns, model);
    const tracker = new HealthTracker(this.embedder, settings, {
      prototypeCache: await this.prototypes(model),
    });
    tracker.restore(restorable);
    const entry = { tracker, ids };
    this.trackers.set(conversationId, entry);
    return entry;
  }

  private async prototypes(model: string): Promise<Map<string, Float32Array>> {
    let cache = this.prototypeCaches.get(model);
    if (!cache) {
      const stored = await this.deps.kv.get(KV.healthPrototypes(model));
      cache = this.prototypeCaches.get(model) ?? new Map(stored ?? []);
      this.prototypeCaches.set(model, cache);
    }
    return cache;
  }

  private async savePrototypes(model: string, cache: Map<string, Float32Array>): Promise<void> {
    await this.deps.kv.set(KV.healthPrototypes(model), [...cache.entries()]);
  }

  private markScoring(ids: string[], on: boolean): void {
    const next = new Set(this.scoring);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    this.scoring = next;
  }
}
