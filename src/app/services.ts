/**
 * Composition root: opens the database, creates the state managers and wires them together.
 * The shell passes them to each page as its `services` prop; pages type what they use.
 */
import { AnswerMetricRepository } from '../platform/db/answer-metrics';
import { MetricsRepository } from '../platform/db/operations';
import { CompressionClient } from '../features/compression/client';
import { EmbeddingClient } from '../features/embeddings/client';
import { purposeEmbedder } from '../features/embeddings/purpose';
import { OperationRecorder } from '../features/metrics/recorder';
import { measureModelLoads } from '../features/models/load-metrics';
import type { LoadHooks } from '../features/models/load-hooks';
import { lazyEvaluate } from '../features/eval/service';
import { createFeedback } from '../features/feedback/service';
import { ConversationRepository } from '../platform/db/conversations';
import { KeyValueRepository } from '../platform/db/kv';
import { IndexedDbModelCache } from '../platform/db/model-files';
import { QuarantineRepository } from '../platform/db/quarantine';
import { repairAtStartup, setAsideBadModelFiles } from '../platform/db/startup-recovery';
import { connectTabs, openWithTabs } from './tab-sync';
import { prepareAnswer } from './prepare-answer';
import { visibleMessages, type HeldConversation } from './visible-messages';
import { TabStatus } from '../platform/tabs/tab-status.svelte';
import { backupService, type BackupService } from '../platform/db/backup/service';
import { ChatState } from '../features/chat/chat.svelte';
import type { FeedbackState } from '../features/feedback/feedback.svelte';
import { HealthState } from '../features/health/health.svelte';
import type { EmbedderHost } from '../features/embeddings/embedder-host.svelte';
import { ContextBudgetState } from '../features/models/context-budget.svelte';
import { HardwareState } from '../features/models/hardware.svelte';
import { LocalEngineState } from '../features/models/local-engine.svelte';
import { LocalModel } from '../features/models/local-model.svelte';
import { ModelRunner } from '../features/models/model-runner';
import type { EvalState } from '../features/eval/eval.svelte';
import { OfflineState, embeddingModelStatus } from '../features/models/offline.svelte';
import type { EmbeddingModelStatus } from '../features/models/offline.svelte';
import { ClaudeState } from '../features/claude/claude.svelte';
import { ServerState } from '../features/server/server.svelte';
import { MetricsState } from '../features/metrics/metrics.svelte';
import { TransformersState } from '../features/models/transformers-backend.svelte';
import { RouterState } from '../features/routing/router.svelte';
import { CompressionState } from '../features/compression/compression.svelte';
import { SettingsState } from '../platform/settings.svelte';
import { PERSIST_AT_CONVERSATIONS, StorageState } from '../features/storage/storage.svelte';
import { ToastState } from '../ui/toasts/toasts.svelte';
import { WebLLMState } from '../features/models/webllm-backend.svelte';
import { GgufState } from '../features/models/gguf-backend.svelte';
import { ChromeModelState } from '../features/models/chrome-backend.svelte';
import { KV } from '../platform/db/kv-keys';
import { EventBus } from '../core/events';
import type { AppEvents } from './events';
import { DocumentRepository } from '../platform/db/documents';
import { DocumentsClient, DocumentsState } from '../features/documents';

export interface Services {
  settings: SettingsState;
  local: LocalModel;
  /** Runs any model on given messages for a feature, leaving the user's chat model and settings alone. */
  runner: ModelRunner;
  answerMetrics: AnswerMetricRepository;
  /** The Evaluate workbench's state, created (and its code loaded) when the page first asks. */
  evaluate: () => Promise<EvalState>;
  operations: OperationRecorder;
  /** The two backends behind `local`, for the Models page's download and catalog views. */
  models: TransformersState;
  chat: ChatState;
  documents: DocumentsState;
  toasts: ToastState;
  metrics: MetricsState;
  health: HealthState;
  /** The sentence embedder (health's, shared): `readyEmbedder()` is null while none is loaded. */
  embedder: EmbedderHost;
  hardware: HardwareState;
  webllm: WebLLMState;
  gguf: GgufState;
  localEngine: LocalEngineState;
  budget: ContextBudgetState;
  offline: OfflineState;
  embeddingModel: () => Promise<EmbeddingModelStatus>;
  claude: ClaudeState;
  /** The user's own OpenAI-compatible server (Settings → Your server). */
  server: ServerState;
  router: RouterState;
  compression: CompressionState;
  storage: StorageState;
  conversations: ConversationRepository;
  /** Ratings, corrections and signals on answers; the curated dataset, few-shot memory. */
  feedback: FeedbackState;
  /** Export everything and import a backup file (the page never gets the raw database). */
  backup: BackupService;
  /** Features announce to each other here (the composition root subscribes them). */
  events: EventBus<AppEvents>;
  /** After a backup import every feature re-reads what it keeps (one event, each subscribes). */
  reloadStored: () => Promise<void>;
}

export async function createServices(tabs = new TabStatus()): Promise<Services> {
  const db = await openWithTabs(tabs);
  const events = new EventBus<AppEvents>();
  const onReplaced = (reload: () => Promise<void> | void): void =>
    void events.on('stored-data-replaced', reload);
  const quarantine = new QuarantineRepository(db);
  const kv = new KeyValueRepository(db, quarantine);
  const storage = new StorageState(quarantine, kv);
  kv.onRepaired = (repair) => storage.addRepair(repair);
  const modelFiles = new IndexedDbModelCache();
  await setAsideBadModelFiles(modelFiles, quarantine);
  const toasts = new ToastState();
  const settings = new SettingsState(kv, (error) => toasts.handleError(error));
  await settings.init();
  onReplaced(() => settings.init());
  const hardware = new HardwareState(kv);
  void hardware.init();
  onReplaced(() => hardware.init());
  const localEngine = new LocalEngineState();
  const models = new TransformersState(settings, localEngine);
  const webllm = new WebLLMState(settings, hardware, localEngine);
  const gguf = new GgufState(settings, localEngine);
  const budget = new ContextBudgetState();
  const conversations = new ConversationRepository(db, quarantine);
  // Answers a crash left `streaming` become interrupted; messages without a conversation are set aside.
  await repairAtStartup(db, quarantine).catch((error: unknown) => toasts.handleError(error));
  conversations.onCreated = (total) => {
    if (total >= PERSIST_AT_CONVERSATIONS) {
      void storage.requestPersistence(`You now have ${total} conversations`, 'conversations');
    }
    void storage.checkQuota();
  };
  // A model stored on this device is when storage starts to matter: ask to keep it, check the quota.
  for (const owner of [models, webllm, gguf] as const) {
    (owner.loadHooks as LoadHooks<unknown>).onEnd(({ entry }) => {
      storage.modelLoaded(entry, owner.status === 'ready');
      void storage.checkQuota();
    });
  }
  const answerMetrics = new AnswerMetricRepository(db);
  const metricsRepo = new MetricsRepository(db);
  const operations = new OperationRecorder((records) => metricsRepo.addOperations(records));
  const record = operations.record;
  measureModelLoads(models, webllm, record, gguf);
  /** Weights and config are stored: the model loads without the network. */
  const isCachedWhole = async (repo: string): Promise<boolean> =>
    (await modelFiles.summaries()).some((s) => s.modelId === repo && s.hasWeights);
  const health = new HealthState({
    kv,
    modelHost: () => settings.current.modelHost,
    // The branch on screen (the chat's own copy when it is open), never every branch.
    messages: visibleMessages((): HeldConversation => chat, conversations),
    // Stored here, shown by the chat (it listens for the change).
    updateMessages: async (messages) => {
      await conversations.putMessages(messages);
      for (const message of messages) await events.emit('message-changed', message);
    },
    activeConversation: (): string | null => chat.activeId,
    isCached: isCachedWhole,
    createEmbedder: () => new EmbeddingClient(undefined, { onOperation: record }),
  });
  await health.init();
  onReplaced(() => health.init());
  const claude = new ClaudeState(kv, { checkOnSave: true });
  await claude.init();
  onReplaced(() => claude.init());
  const server = new ServerState(kv);
  await server.init();
  onReplaced(() => server.init());
  const compression = new CompressionState({
    modelHost: () => settings.current.modelHost,
    model: () => claude.settings.llmlinguaModel,
    client: new CompressionClient(undefined, { onOperation: record }),
  });
  const feedback = createFeedback({ db, quarantine, kv, conversations, settings, health, toasts });
  await feedback.init();
  onReplaced(() => feedback.init());
  const local = new LocalModel(settings, models, webllm, budget, gguf, new ChromeModelState(settings));
  const router: RouterState = new RouterState({
    claude,
    modelCompressor: () => compression.compressor(),
    local: (context) => local.view(context.conversationId),
    activeConversation: () => chat.active,
    // Earlier conversations only: the current one is already in Claude's context.
    searchHistory: (query) => conversations.search(query, { exclude: chat.activeId }),
    // The cascade's scorer: the health report of the local answer (null while health is off).
    scoreAnswer: (answer, messages, conversationId) =>
      health.scoreForCascade(answer, messages, conversationId),
    // The semantic classifier shares the health tracker's sentence embedder once it is loaded.
    embedder: () => purposeEmbedder(health.embedder.readyEmbedder(), 'routing'),
    onOperation: record,
    onExamplesChanged: (examples) => kv.set(KV.routerExamples, examples),
    server,
    localQuality: (category, modelId) => feedback.localQuality(category, modelId),
    serverQuality: (category, modelId) => feedback.serverQuality(category, modelId),
    wrapLocal: (provider, context) => feedback.wrapLocal(provider, context.conversationId),
  });
  const readExamples = async (): Promise<void> => {
    router.userExamples = (await kv.get(KV.routerExamples)) ?? [];
  };
  await readExamples();
  onReplaced(readExamples);
  const documents = new DocumentsState({
    repo: new DocumentRepository(db),
    worker: new DocumentsClient(),
    embedder: () => {
      const embedder = purposeEmbedder(health.embedder.readyEmbedder(), 'other');
      return embedder ? { embedder, model: health.prefs.model } : null;
    },
    // A quarter of the local model's window for excerpts (at most 2,000 tokens).
    budgetTokens: () => Math.min(2000, Math.floor((local.contextWindow ?? 4096) / 4)),
    onError: (error, context) => toasts.handleError(error, context),
  });
  const chat = new ChatState({
    conversations,
    kv,
    provider: (context) => router.resolve(context),
    generation: () => settings.current.generation,
    systemPrompt: () => settings.current.systemPrompt,
    onError: (error, context) => toasts.handleError(error, context),
    onNotice: (message, action) => toasts.show('info', message, action),
    prepareMessages: prepareAnswer({
      coach: (id, messages, stored) => health.prepareMessages(id, messages, stored),
      excerpts: (id, messages) => documents.prepare(id, messages),
    }),
    onAnswered: (answer) => health.onAnswered(answer),
    metrics: answerMetrics,
    costUsd: (attempt) => claude.costUsd(attempt),
    localDevice: () => local.device,
    onSignal: (answer, signal) => feedback.signal(answer, signal),
    onRemoved: (conversation) => feedback.onConversationRemoved(conversation.id, conversation.title),
    storageClosed: () => tabs.closedReason,
  });
  const otherTabs = connectTabs({ status: tabs, conversations, chat, events, toasts });
  events.on('message-changed', (message) => chat.showMessage(message));
  await chat.init();
  onReplaced(() => chat.init());
  await storage.refresh();
  void storage.checkQuota();
  const runner = new ModelRunner({
    local,
    claude: (model) => claude.createProvider(undefined, undefined, model),
    server: (model) => server.createProvider(model),
    chrome: () => (local.chrome.present ? local.chrome.provider : null),
  });
  const evaluate = lazyEvaluate({
    db,
    quarantine,
    runner,
    models,
    webllm,
    gguf,
    health,
    answerMetrics,
    feedback,
    local,
    onStoredDataReplaced: onReplaced,
    onError: (error) => toasts.handleError(error),
  });
  const embeddingModel = (): Promise<EmbeddingModelStatus> =>
    embeddingModelStatus(health.prefs, isCachedWhole);
  const metrics = new MetricsState({ repo: metricsRepo, recorder: operations, conversations, kv });
  void metrics.init().catch(() => undefined);
  onReplaced(() => metrics.init());
  return {
    settings,
    local,
    runner,
    answerMetrics,
    evaluate,
    operations,
    models,
    chat,
    documents,
    toasts,
    metrics,
    hardware,
    webllm,
    gguf,
    localEngine,
    budget,
    offline: new OfflineState(local, embeddingModel),
    embeddingModel,
    health,
    embedder: health.embedder,
    claude,
    server,
    router,
    compression,
    storage,
    backup: backupService(db),
    conversations,
    feedback,
    events,
    reloadStored: otherTabs.reloadStored,
  };
}
