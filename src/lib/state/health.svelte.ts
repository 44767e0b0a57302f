/**
 * Conversation health: preferences, the embedding worker's status, one tracker per
 * conversation, and the three chat hooks (coaching into the prompt, what was injected, scoring
 * after each answer). Every message is embedded once; the vector is stored with the message and
 * trackers are rebuilt from stored vectors and reports with `restore()`, never by re-embedding.
 *
 * Chat never waits for health: scoring runs after the answer is stored, waits for the model
 * while it loads, and when the model cannot load the strip says why and offers a retry.
 */
import type { KeyValueRepository } from '../db/kv';
import type { StoredMessage } from '../db/types';
import type { Embedder } from '../health/types';
import { EmbeddingClient } from '../embeddings/client';
import { DEFAULT_EMBEDDING_MODEL } from '../embeddings/catalog';
import { TandemError, isAbortError, serializeError, toTandemError, type SerializedError } from '../errors';
import {
  HealthTracker,
  PROMPT_ONLY_COACHING,
  defaultHealthSettings,
  injectCoaching,
  validateHealthSettings,
  type HealthSettings,
  type RestoredTurn,
} from '../health';
import type { Device } from '../protocol/llm';
import type { ChatMessage, FileProgress } from '../providers/types';

export type HealthMode = 'embeddings' | 'prompt-only' | 'off';
export type HealthWorkerStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface HealthPreferences {
  mode: HealthMode;
  /** Put the coaching block into the next request's system prompt. */
  coaching: boolean;
  /** Hub repo id of the embedding model. */
  model: string;
  device: Device;
  /** Thresholds and context definitions, validated. */
  tracker: HealthSettings;
}

export const DEFAULT_HEALTH_PREFERENCES: HealthPreferences = {
  mode: 'embeddings',
  coaching: true,
  model: DEFAULT_EMBEDDING_MODEL,
  // Measured: for MiniLM-sized encoders WASM beats WebGPU's set-up and transfer cost per turn.
  device: 'wasm',
  tracker: defaultHealthSettings(),
};

const PREFS_KEY = 'health';
const PROTOTYPES_KEY = (model: string): string => `health:prototypes:${model}`;
/** Longest a request waits for the previous turn's scoring before it goes without coaching. */
const COACHING_WAIT_MS = 5_000;

export interface HealthDependencies {
  kv: KeyValueRepository;
  modelHost: () => string;
  /** The stored messages of a conversation, in order. */
  messages: (conversationId: string) => Promise<StoredMessage[]>;
  /** Stores a changed message and shows it (ChatState.updateMessage). */
  updateMessage: (message: StoredMessage) => Promise<void>;
  /** The conversation on screen, rescored after a retry. */
  activeConversation: () => string | null;
  /** Whether the model's files are already in the IndexedDB cache. */
  isCached: (repo: string) => Promise<boolean>;
  createEmbedder?: () => EmbeddingClient;
}

interface StoredTurn {
  user: StoredMessage;
  assistant: StoredMessage;
}

interface TrackerEntry {
  tracker: HealthTracker;
  /** Assistant message ids of the turns in the tracker, in order. */
  ids: string[];
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

export class HealthState {
  prefs = $state.raw<HealthPreferences>(DEFAULT_HEALTH_PREFERENCES);
  status = $state<HealthWorkerStatus>('idle');
  error = $state.raw<SerializedError | null>(null);
  progress = $state.raw<FileProgress[]>([]);
  /** Assistant message ids whose health is being computed. */
  scoring = $state.raw<ReadonlySet<string>>(new Set());
  loadMs = $state<number | null>(null);

  private readonly embedder: EmbeddingClient;
  private loading: Promise<void> | null = null;
  private generation = 0;
  private readonly trackers = new Map<string, TrackerEntry>();
  private readonly prototypeCaches = new Map<string, Map<string, Float32Array>>();
  /** Scoring queue per conversation: turns are added in order, one at a time. */
  private readonly queues = new Map<string, Promise<void>>();
  /** What prepareMessages injected, for annotate to record (per conversation). */
  private readonly injected = new Map<string, string | null>();

  constructor(private readonly deps: HealthDependencies) {
    this.embedder = deps.createEmbedder?.() ?? new EmbeddingClient();
  }

  async init(): Promise<void> {
    const stored = await this.deps.kv.get<Partial<HealthPreferences>>(PREFS_KEY);
    const checked = stored?.tracker ? validateHealthSettings(stored.tracker) : null;
    this.prefs = {
      ...DEFAULT_HEALTH_PREFERENCES,
      ...stored,
      tracker: checked?.ok ? checked.settings : defaultHealthSettings(),
    };
    // Start at once only when nothing has to be downloaded; otherwise on first use.
    if (this.prefs.mode === 'embeddings' && (await this.deps.isCached(this.prefs.model))) {
      void this.load().catch(() => undefined);
    }
  }

  get modelReady(): boolean {
    return this.status === 'ready';
  }

  // ---------- preferences ----------

  private async save(patch: Partial<HealthPreferences>): Promise<void> {
    this.prefs = { ...this.prefs, ...patch };
    await this.deps.kv.set(PREFS_KEY, $state.snapshot(this.prefs) as HealthPreferences);
  }

  async setMode(mode: HealthMode): Promise<void> {
    await this.save({ mode });
    if (mode === 'embeddings') void this.load().catch(() => undefined);
    else this.unload();
  }

  async setCoaching(coaching: boolean): Promise<void> {
    await this.save({ coaching });
  }

  /** Switches the embedding model; loads it at once (the user asked for it). */
  async setModel(model: string, device: Device = this.prefs.device): Promise<void> {
    const repo = model.trim();
    if (!repo) return;
    this.unload();
    this.trackers.clear();
    await this.save({ model: repo, device });
    if (this.prefs.mode === 'embeddings') void this.load().catch(() => undefined);
  }

  /** Validates and stores thresholds and contexts; returns the errors when they are not valid. */
  async setTrackerSettings(input: unknown): Promise<string[]> {
    const checked = validateHealthSettings(input);
    if (!checked.ok) return checked.errors;
    this.trackers.clear();
    await this.save({ tracker: checked.settings });
    return [];
  }

  async resetTrackerSettings(): Promise<void> {
    this.trackers.clear();
    await this.save({ tracker: defaultHealthSettings() });
  }

  // ---------- the embedding worker ----------

  /** Loads the embedding model in its worker (once; concurrent callers share the load). */
  load(): Promise<void> {
    if (this.status === 'ready') return Promise.resolve();
    if (this.loading) return this.loading;
    const generation = ++this.generation;
    const { model, device } = this.prefs;
    this.status = 'loading';
    this.error = null;
    this.progress = [];
    const run = async (): Promise<void> => {
      if (
        typeof navigator !== 'undefined' &&
        navigator.onLine === false &&
        !(await this.deps.isCached(model))
      ) {
        throw new TandemError(
          'offline',
          `The embedding model ${model} is not on this device yet and you are offline. Connect once to download it, then press Retry health.`,
          { retryable: true },
        );
      }
      const files = new Map<string, FileProgress>();
      const result = await this.embedder.load(
        {
          repo: model,
          device,
          dtype: device === 'webgpu' ? 'fp32' : undefined,
          remoteHost: this.deps.modelHost(),
          wasmBase: wasmBase(),
        },
        {
          onProgress: (p) => {
            files.set(p.file, p);
            if (generation === this.generation) this.progress = [...files.values()];
          },
        },
      );
      if (generation !== this.generation) return;
      this.loadMs = result.loadMs;
      this.status = 'ready';
    };
    const promise = run()
      .catch((error: unknown) => {
        if (generation !== this.generation) return;
        this.embedder.dispose();
        this.status = 'error';
        this.error = serializeError(explainLoadError(error, model));
        throw error;
      })
      .finally(() => {
        if (this.loading === promise) this.loading = null;
      });
    this.loading = promise;
    return promise;
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

  unload(): void {
    this.generation++;
    this.loading = null;
    this.embedder.dispose();
    this.status = 'idle';
    this.error = null;
    this.progress = [];
  }

  // ---------- chat hooks ----------

  /** Adds the coaching block (or the fixed prompt-only text) to the system prompt when allowed. */
  async prepareMessages(conversationId: string, messages: ChatMessage[]): Promise<ChatMessage[]> {
    const block = await this.coachingFor(conversationId);
    this.injected.set(conversationId, block);
    return injectCoaching(messages, block);
  }

  /** Records on the answer exactly what was injected into its prompt. */
  annotate(message: StoredMessage): StoredMessage {
    const block = this.injected.get(message.conversationId);
    this.injected.delete(message.conversationId);
    return block ? { ...message, coaching: block } : message;
  }

  /** After an answer is stored: scores the turn in the background; chat does not wait. */
  onAnswered(answer: StoredMessage): void {
    if (this.prefs.mode !== 'embeddings') return;
    if (answer.status !== 'complete' && answer.status !== 'stopped') return;
    void this.score(answer.conversationId);
  }

  /** The sentence embedder once its model is loaded (the router's semantic classifier shares it). */
  readyEmbedder(): Embedder | null {
    return this.prefs.mode === 'embeddings' && this.status === 'ready' ? this.embedder : null;
  }

  /**
   * Scores a local answer before it is kept, for the router's cascade: a scratch tracker
   * restored from the stored turns (no re-embedding) scores the new turn; the conversation's
   * own tracker is untouched. Null when health scoring is off or the model is not ready.
   */
  async scoreForCascade(
    answer: string,
    messages: readonly ChatMessage[],
  ): Promise<{ status: string | null; drift: number | null; threshold: number } | null> {
    const conversationId = this.deps.activeConversation();
    const question = [...messages].reverse().find((m) => m.role === 'user')?.content;
    if (this.prefs.mode !== 'embeddings' || this.status !== 'ready' || !conversationId || !question)
      return null;
    try {
      const model = this.prefs.model;
      const turns = storedTurns(await this.deps.messages(conversationId));
      const scratch = new HealthTracker(this.embedder, this.prefs.tracker, {
        prototypeCache: await this.prototypes(model),
      });
      scratch.restore(restorableTurns(turns, model).restorable);
      const { report } = await scratch.addTurn({ user: question, assistant: answer });
      return { status: report.status, drift: report.questionResponseDrift, threshold: report.driftThreshold };
    } catch {
      return null;
    }
  }

  private async coachingFor(conversationId: string): Promise<string | null> {
    const { mode, coaching } = this.prefs;
    if (mode === 'off' || !coaching) return null;
    if (mode === 'prompt-only') return PROMPT_ONLY_COACHING;
    // Let the previous turn's scoring finish (it is quick once the model is ready).
    const pending = this.queues.get(conversationId);
    if (pending && this.status === 'ready') {
      await Promise.race([pending, new Promise((r) => setTimeout(r, COACHING_WAIT_MS))]);
    }
    try {
      const entry = await this.trackerFor(conversationId, await this.deps.messages(conversationId));
      return entry.tracker.coachingSummary();
    } catch {
      return null;
    }
  }

  /** Scores every finished turn of the conversation that has no report yet, in order. */
  score(conversationId: string): Promise<void> {
    const previous = this.queues.get(conversationId) ?? Promise.resolve();
    const next = previous
      .then(() => this.scoreNow(conversationId))
      .catch(() => undefined)
      .finally(() => {
        if (this.queues.get(conversationId) === next) this.queues.delete(conversationId);
      });
    this.queues.set(conversationId, next);
    return next;
  }

  private async scoreNow(conversationId: string): Promise<void> {
    if (this.prefs.mode !== 'embeddings') return;
    const messages = await this.deps.messages(conversationId);
    const waiting = storedTurns(messages).filter((t) => !t.assistant.health);
    if (waiting.length === 0) return;
    this.markScoring(
      waiting.map((t) => t.assistant.id),
      true,
    );
    try {
      await this.load();
      if (this.status !== 'ready') return;
      const model = this.prefs.model;
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
        if (!userEmbedding) {
          await this.deps.updateMessage({ ...turn.user, embedding: { model, vector: embeddings.user } });
        }
        await this.deps.updateMessage({
          ...turn.assistant,
          embedding: { model, vector: embeddings.assistant },
          health: report,
        });
        this.markScoring([turn.assistant.id], false);
      }
    } catch (error) {
      if (!isAbortError(error) && this.status !== 'error') {
        // The worker crashed or embedding failed after loading: say so, offer a retry.
        this.embedder.dispose();
        this.status = 'error';
        this.error = serializeError(toTandemError(error, 'generation-failed'));
      }
      throw error;
    } finally {
      this.markScoring(
        waiting.map((t) => t.assistant.id),
        false,
      );
    }
  }

  /**
   * The conversation's tracker, up to date with its stored turns. Rebuilt with `restore()`
   * from stored embeddings and reports when missing or out of step (e.g. after regenerate);
   * never calls the embedder.
   */
  private async trackerFor(conversationId: string, messages: StoredMessage[]): Promise<TrackerEntry> {
    const model = this.prefs.model;
    const turns = storedTurns(messages);
    const existing = this.trackers.get(conversationId);
    if (existing && existing.ids.every((id, i) => turns[i]?.assistant.id === id)) return existing;
    const { restorable, ids } = restorableTurns(turns, model);
    const tracker = new HealthTracker(this.embedder, this.prefs.tracker, {
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
      const stored = await this.deps.kv.get<[string, Float32Array][]>(PROTOTYPES_KEY(model));
      cache = new Map(stored ?? []);
      this.prototypeCaches.set(model, cache);
    }
    return cache;
  }

  private async savePrototypes(model: string, cache: Map<string, Float32Array>): Promise<void> {
    await this.deps.kv.set(PROTOTYPES_KEY(model), [...cache.entries()]);
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

function wasmBase(): string {
  const path = `${import.meta.env.BASE_URL}ort/`;
  return typeof location === 'undefined' ? path : new URL(path, location.href).href;
}

function vectorOf(message: StoredMessage, model: string): Float32Array | undefined {
  return message.embedding?.model === model ? message.embedding.vector : undefined;
}

function explainLoadError(error: unknown, model: string): TandemError {
  const typed = toTandemError(error, 'model-load-failed');
  if (typed.code === 'offline') return typed;
  return new TandemError(
    typed.code,
    `The embedding model ${model} could not load: ${typed.message} Chat works without it.`,
    { retryable: true },
  );
}

/** The leading stored turns that have embeddings of `model` and a report: restorable as they are. */
function restorableTurns(
  turns: ReturnType<typeof storedTurns>,
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
