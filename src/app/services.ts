/**
 * Composition root: opens the database, creates the state managers and wires them together.
 * Components receive these through Svelte context and never touch workers or IndexedDB.
 */
import { getContext, setContext } from 'svelte';
import { AnswerMetricRepository } from '../lib/db/answer-metrics';
import { ConversationRepository } from '../lib/db/conversations';
import { costUsd } from '../lib/providers/claude/pricing';
import { KeyValueRepository } from '../lib/db/kv';
import { IndexedDbModelCache } from '../lib/db/model-files';
import { QuarantineRepository } from '../lib/db/quarantine';
import { openAppDb } from '../lib/db/schema';
import type { TandemDB } from '../lib/db/schema';
import type { IDBPDatabase } from 'idb';
import { ChatState } from '../lib/state/chat.svelte';
import { HealthState } from '../lib/state/health.svelte';
import { ContextBudgetState } from '../lib/state/context-budget.svelte';
import { HardwareState } from '../lib/state/hardware.svelte';
import { LocalEngineState } from '../lib/state/local-engine.svelte';
import { LocalModel } from '../lib/state/local-model.svelte';
import { ModelRunner } from '../lib/state/model-runner';
import { OfflineState, embeddingModelStatus } from '../lib/state/offline.svelte';
import { ClaudeState } from '../lib/state/claude.svelte';
import { MetricsState } from '../lib/state/metrics.svelte';
import { ModelsState } from '../lib/state/models.svelte';
import { RouterState } from '../lib/state/router.svelte';
import { CompressionState } from '../lib/state/compression.svelte';
import { SettingsState } from '../lib/state/settings.svelte';
import { PERSIST_AT_CONVERSATIONS, StorageState } from '../lib/state/storage.svelte';
import { ToastState } from '../lib/state/toasts.svelte';
import { WebLLMState } from '../lib/state/webllm.svelte';
import { KV } from '../lib/db/kv-keys';

export interface Services {
  settings: SettingsState;
  /** The local model, whichever backend runs it: pages ask here. */
  local: LocalModel;
  /** Runs any model on given messages for a feature, leaving the user's chat model and settings alone. */
  runner: ModelRunner;
  /** One metric record per answer attempt. */
  answerMetrics: AnswerMetricRepository;
  /** The two backends behind `local`, for the Models page's download and catalog views. */
  models: ModelsState;
  chat: ChatState;
  toasts: ToastState;
  metrics: MetricsState;
  health: HealthState;
  hardware: HardwareState;
  webllm: WebLLMState;
  localEngine: LocalEngineState;
  budget: ContextBudgetState;
  offline: OfflineState;
  claude: ClaudeState;
  router: RouterState;
  compression: CompressionState;
  storage: StorageState;
  conversations: ConversationRepository;
  /** The open app database (backup and restore work on it directly). */
  db: IDBPDatabase<TandemDB>;
  /** Reads settings, learned examples and conversations again (after an import). */
  reloadStored: () => Promise<void>;
}

export async function createServices(): Promise<Services> {
  const db = await openAppDb();
  const quarantine = new QuarantineRepository(db);
  const storage = new StorageState(quarantine);
  const kv = new KeyValueRepository(db, quarantine);
  kv.onRepaired = (repair) => storage.addRepair(repair);
  const modelFiles = new IndexedDbModelCache();
  // Damaged model file records: set aside first, then removed, so nothing is lost on the way.
  const badFiles = await modelFiles.findInvalid().catch(() => []);
  if (badFiles.length > 0) {
    await quarantine.setAside(badFiles.map((f) => ({ ...f, store: 'tandem-models/files' })));
    await modelFiles.removeRecords(badFiles.map((f) => f.key));
  }
  const toasts = new ToastState();
  const settings = new SettingsState(kv);
  await settings.init();
  const hardware = new HardwareState(kv);
  void hardware.init();
  const localEngine = new LocalEngineState();
  const models = new ModelsState(settings, localEngine);
  const webllm = new WebLLMState(settings, hardware, localEngine);
  const budget = new ContextBudgetState();
  const conversations = new ConversationRepository(db, quarantine);
  conversations.onCreated = (total) => {
    if (total >= PERSIST_AT_CONVERSATIONS) {
      void storage.requestPersistence(`You now have ${total} conversations`);
    }
    void storage.checkQuota();
  };
  // A model download is when storage starts to matter: ask to keep it (once), check the quota.
  for (const owner of [models, webllm] as const) {
    const load = owner.load.bind(owner) as (...args: unknown[]) => Promise<void>;
    (owner as { load: (...args: unknown[]) => Promise<void> }).load = async (...args) => {
      void storage.requestPersistence('A model is being downloaded to this device');
      try {
        await load(...args);
      } finally {
        void storage.checkQuota();
      }
    };
  }
  const answerMetrics = new AnswerMetricRepository(db);
  /** Weights and config are stored: the model loads without the network. */
  const isCachedWhole = async (repo: string): Promise<boolean> =>
    (await modelFiles.summaries()).some((s) => s.modelId === repo && s.hasWeights);
  // `chat` is created below; health reaches it only through these callbacks.
  let chatRef: ChatState | null = null;
  const health = new HealthState({
    kv,
    modelHost: () => settings.current.modelHost,
    messages: (conversationId) => conversations.messages(conversationId),
    updateMessage: async (message) => {
      if (chatRef) await chatRef.updateMessage(message);
      else await conversations.putMessage(message);
    },
    activeConversation: () => chatRef?.activeId ?? null,
    isCached: async (repo) => (await modelFiles.summaries()).some((s) => s.modelId === repo && s.files > 0),
  });
  await health.init();
  const claude = new ClaudeState(kv);
  await claude.init();
  const compression = new CompressionState({
    modelHost: () => settings.current.modelHost,
    model: () => claude.settings.llmlinguaModel,
  });
  const local = new LocalModel(settings, models, webllm, budget);
  const router: RouterState = new RouterState({
    claude,
    modelCompressor: () => compression.compressor(),
    local: (context) => local.view(context.conversationId),
    activeConversation: () => chat.active,
    // Earlier conversations only: the current one is already in Claude's context.
    searchHistory: (query) => conversations.search(query, { exclude: chat.activeId }),
    // The cascade's scorer: the health report of the local answer (null while health is off).
    scoreAnswer: (answer, messages) => health.scoreForCascade(answer, messages),
    // The semantic classifier shares the health tracker's sentence embedder once it is loaded.
    embedder: () => health.readyEmbedder(),
    onExamplesChanged: (examples) => kv.set(KV.routerExamples, examples),
  });
  router.userExamples = (await kv.get(KV.routerExamples)) ?? [];
  const chat = new ChatState({
    conversations,
    kv,
    provider: (context) => router.resolve(context),
    generation: () => settings.current.generation,
    systemPrompt: () => settings.current.systemPrompt,
    onError: (error, context) => toasts.handleError(error, context),
    onNotice: (message, action) => toasts.show('info', message, action),
    prepareMessages: (context) => health.prepareMessages(context.conversationId, context.messages),
    annotate: (message, context) => health.annotate(router.annotate(message, context)),
    onAnswered: (answer) => health.onAnswered(answer),
    metrics: answerMetrics,
    costUsd: (attempt) =>
      attempt.model.kind === 'claude' && attempt.usage
        ? costUsd(attempt.usage, attempt.model.id, claude.settings.prices)
        : null,
    localDevice: () => local.device,
  });
  chatRef = chat;
  await chat.init();
  await storage.refresh();
  void storage.checkQuota();
  return {
    settings,
    local,
    runner: new ModelRunner({ local, claude: (model) => claude.createProvider(undefined, undefined, model) }),
    answerMetrics,
    models,
    chat,
    toasts,
    metrics: new MetricsState(conversations),
    hardware,
    webllm,
    localEngine,
    budget,
    offline: new OfflineState(local, () => embeddingModelStatus(health.prefs, isCachedWhole)),
    health,
    claude,
    router,
    compression,
    storage,
    db,
    conversations,
    reloadStored: async () => {
      await settings.init();
      await claude.init();
      await hardware.init();
      router.userExamples = (await kv.get(KV.routerExamples)) ?? [];
      await chat.init();
    },
  };
}

const KEY = Symbol('tandem-services');

export function provideServices(services: Services): void {
  setContext(KEY, services);
}

export function useServices(): Services {
  const services = getContext<Services | undefined>(KEY);
  if (!services) throw new Error('Services are not provided: render inside <App>.');
  return services;
}
