/**
 * Conversation health, as the app sees it: one facade over three parts with one job each.
 *  - preferences (`health-prefs.svelte.ts`): mode, coaching, model, device, thresholds;
 *  - the sentence embedder (`embedder-host.svelte.ts`): the embedding worker's lifecycle, load,
 *    retry and idle warm-up, shared with the router's semantic classifier;
 *  - the scorer (`health-scorer.svelte.ts`): trackers, prototypes, the scoring queue, chat hooks.
 * Every message is embedded once; the vector is stored with the message and trackers are rebuilt
 * from stored vectors and reports, never by re-embedding. Chat never waits for health: scoring
 * runs after the answer is stored, waits for the model while it loads, and when the model cannot
 * load the strip says why and offers a retry.
 */
import type { KeyValueRepository } from '../../platform/db/kv';
import type { StoredMessage } from '../../core/stored';
import type { EmbeddingClient } from '../embeddings';
import type { Embedder } from '../../core/embedder';
import { defaultHealthSettings } from '.';
import type { Device } from '../../platform/protocol/llm';
import type { ChatMessage } from '../../core/provider';
import { EmbedderHost, type EmbedderStatus } from '../embeddings';
import { HealthPreferencesState, type HealthMode, type HealthPreferences } from './health-prefs.svelte';
import { HealthScorer, type CascadeScore } from './health-scorer.svelte';

export type HealthWorkerStatus = EmbedderStatus;

export interface HealthDependencies {
  kv: KeyValueRepository;
  modelHost: () => string;
  /** The stored messages of a conversation, in order. */
  messages: (conversationId: string) => Promise<StoredMessage[]>;
  /** Stores changed messages of one conversation in one transaction, and shows them. */
  updateMessages: (messages: StoredMessage[]) => Promise<void>;
  /** The conversation on screen, rescored after a retry. */
  activeConversation: () => string | null;
  /** Whether the model's weights are already in the IndexedDB cache (it loads offline). */
  isCached: (repo: string) => Promise<boolean>;
  createEmbedder?: () => EmbeddingClient;
  /** Runs the start-up warm-up when the page is idle (requestIdleCallback by default). */
  whenIdle?: (task: () => void) => void;
  isOnline?: () => boolean;
}

export class HealthState {
  /** The app's sentence embedder (also the router's): `embedder.readyEmbedder()`. */
  readonly embedder: EmbedderHost;
  private readonly preferences: HealthPreferencesState;
  private readonly scorer: HealthScorer;

  constructor(private readonly deps: HealthDependencies) {
    this.preferences = new HealthPreferencesState(deps.kv);
    this.embedder = new EmbedderHost({
      config: () => this.prefs,
      modelHost: deps.modelHost,
      isCached: deps.isCached,
      ...(deps.createEmbedder ? { createClient: deps.createEmbedder } : {}),
      ...(deps.whenIdle ? { whenIdle: deps.whenIdle } : {}),
      ...(deps.isOnline ? { isOnline: deps.isOnline } : {}),
    });
    this.scorer = new HealthScorer({
      kv: deps.kv,
      host: this.embedder,
      prefs: () => this.prefs,
      messages: deps.messages,
      updateMessages: deps.updateMessages,
    });
  }

  /** Reads the preferences; warms the embedding model up in idle time when it is on this device. */
  async init(): Promise<void> {
    await this.preferences.init();
    if (this.prefs.mode === 'embeddings') void this.embedder.warmUp();
  }

  get prefs(): HealthPreferences {
    return this.preferences.current;
  }
  get status(): HealthWorkerStatus {
    return this.embedder.status;
  }
  get error() {
    return this.embedder.error;
  }
  get progress() {
    return this.embedder.progress;
  }
  get loadMs(): number | null {
    return this.embedder.loadMs;
  }
  get scoring(): ReadonlySet<string> {
    return this.scorer.scoring;
  }
  get modelReady(): boolean {
    return this.status === 'ready';
  }

  // ---------- preferences ----------

  async setMode(mode: HealthMode): Promise<void> {
    await this.preferences.save({ mode });
    if (mode === 'embeddings') void this.load().catch(() => undefined);
    else this.unload();
  }

  async setCoaching(coaching: boolean): Promise<void> {
    await this.preferences.save({ coaching });
  }

  /** Switches the embedding model; loads it at once (the user asked for it). */
  async setModel(model: string, device: Device = this.prefs.device): Promise<void> {
    const repo = model.trim();
    if (!repo) return;
    this.unload();
    this.scorer.reset();
    await this.preferences.save({ model: repo, device });
    if (this.prefs.mode === 'embeddings') void this.load().catch(() => undefined);
  }

  /** Validates and stores thresholds and contexts; returns the errors when they are not valid. */
  async setTrackerSettings(input: unknown): Promise<string[]> {
    const errors = await this.preferences.saveTracker(input);
    if (errors.length === 0) this.scorer.reset();
    return errors;
  }

  async resetTrackerSettings(): Promise<void> {
    this.scorer.reset();
    await this.preferences.save({ tracker: defaultHealthSettings() });
  }

  // ---------- the embedding model ----------

  /** Loads the embedding model in its worker (once; concurrent callers share the load). */
  load(): Promise<void> {
    return this.embedder.load();
  }

  /** After a failure: loads the model again and scores what was left unscored on screen. */
  async retry(): Promise<void> {
    this.unload();
    try {
      await this.load();
    } catch {
      return;
    }
    const active = this.deps.activeConversation();
    if (active) await this.score(active);
  }

  /** The embedding model's files are damaged: removes them, downloads them again, rescores. */
  async redownload(): Promise<void> {
    this.unload();
    try {
      await this.embedder.load({ repair: true });
    } catch {
      return;
    }
    const active = this.deps.activeConversation();
    if (active) await this.score(active);
  }

  /** Whether the last failure was damaged model files (the fix is a re-download, not a retry). */
  get damaged(): boolean {
    return this.error?.code === 'damaged-file';
  }

  unload(): void {
    this.embedder.unload();
  }

  /**
   * Kept for callers written against the old surface: the one accessor is
   * `embedder.readyEmbedder()` (`services.embedder` in the app).
   */
  readyEmbedder(): Embedder | null {
    return this.prefs.mode === 'embeddings' ? this.embedder.readyEmbedder() : null;
  }

  // ---------- chat hooks (the scorer) ----------

  prepareMessages(
    conversationId: string,
    messages: ChatMessage[],
    stored: readonly StoredMessage[] = [],
  ): Promise<{ messages: ChatMessage[]; coaching: string | null }> {
    return this.scorer.prepareMessages(conversationId, messages, stored);
  }

  onAnswered(answer: StoredMessage): void {
    this.scorer.onAnswered(answer);
  }

  scoreForCascade(
    answer: string,
    messages: readonly ChatMessage[],
    conversationId: string,
  ): Promise<CascadeScore | null> {
    return this.scorer.scoreForCascade(answer, messages, conversationId);
  }

  score(conversationId: string): Promise<void> {
    return this.scorer.score(conversationId);
  }
}
