/**
 * Composition root: opens the database, creates the state managers and wires them together.
 * Components receive these through Svelte context and never touch workers or IndexedDB.
 */
import { getContext, setContext } from 'svelte';
import { ConversationRepository } from '../lib/db/conversations';
import { KeyValueRepository } from '../lib/db/kv';
import { IndexedDbModelCache } from '../lib/db/model-files';
import { openAppDb } from '../lib/db/schema';
import { ChatState } from '../lib/state/chat.svelte';
import { ClaudeState } from '../lib/state/claude.svelte';
import { HealthState } from '../lib/state/health.svelte';
import { MetricsState } from '../lib/state/metrics.svelte';
import { ModelsState } from '../lib/state/models.svelte';
import { RouterState } from '../lib/state/router.svelte';
import { SettingsState } from '../lib/state/settings.svelte';
import { ToastState } from '../lib/state/toasts.svelte';

export interface Services {
  settings: SettingsState;
  models: ModelsState;
  chat: ChatState;
  toasts: ToastState;
  metrics: MetricsState;
  claude: ClaudeState;
  router: RouterState;
  health: HealthState;
}

export async function createServices(): Promise<Services> {
  const db = await openAppDb();
  const kv = new KeyValueRepository(db);
  const toasts = new ToastState();
  const settings = new SettingsState(kv);
  await settings.init();
  const models = new ModelsState(settings);
  const conversations = new ConversationRepository(db);
  const modelFiles = new IndexedDbModelCache();
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
  const router: RouterState = new RouterState({
    claude,
    local: () => ({
      ready: models.status === 'ready',
      loading: models.status === 'loading',
      entry: models.active,
      provider: models.provider,
      ...(models.device ? { device: models.device.device } : {}),
    }),
    activeConversation: () => chat.active,
    // Earlier conversations only: the current one is already in Claude's context.
    searchHistory: (query) => conversations.search(query, { exclude: chat.activeId }),
    // The cascade's scorer: the health tracker plugs in here once it is wired into the app.
    scoreAnswer: () => Promise.resolve(null),
  });
  // The semantic classifier's embedder (MiniLM worker) plugs in with router.setEmbedder().
  const chat = new ChatState({
    conversations,
    kv,
    provider: (context) => router.resolve(context),
    generation: () => settings.current.generation,
    systemPrompt: () => settings.current.systemPrompt,
    onError: (error, context) => toasts.handleError(error, context),
    onNotice: (message, action) => toasts.show('info', message, action),
    prepareMessages: (context) => health.prepareMessages(context.conversationId, context.messages),
    // The route decision, then what health coaching added.
    annotate: (message, context) => health.annotate(router.annotate(message, context)),
    onAnswered: (answer) => health.onAnswered(answer),
  });
  chatRef = chat;
  await chat.init();
  return {
    settings,
    models,
    chat,
    toasts,
    metrics: new MetricsState(conversations),
    health,
    claude,
    router,
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
