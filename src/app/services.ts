/**
 * Composition root: opens the database, creates the state managers and wires them together.
 * Components receive these through Svelte context and never touch workers or IndexedDB.
 */
import { getContext, setContext } from 'svelte';
import { ConversationRepository } from '../lib/db/conversations';
import { KeyValueRepository } from '../lib/db/kv';
import { openAppDb } from '../lib/db/schema';
import { ChatState } from '../lib/state/chat.svelte';
import { ClaudeState } from '../lib/state/claude.svelte';
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
}

export async function createServices(): Promise<Services> {
  const db = await openAppDb();
  const kv = new KeyValueRepository(db);
  const toasts = new ToastState();
  const settings = new SettingsState(kv);
  await settings.init();
  const models = new ModelsState(settings);
  const conversations = new ConversationRepository(db);
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
    annotate: (message, context) => router.annotate(message, context),
    generation: () => settings.current.generation,
    systemPrompt: () => settings.current.systemPrompt,
    onError: (error, context) => toasts.handleError(error, context),
    onNotice: (message, action) => toasts.show('info', message, action),
  });
  await chat.init();
  return { settings, models, chat, toasts, metrics: new MetricsState(conversations), claude, router };
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
