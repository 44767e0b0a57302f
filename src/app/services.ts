/**
 * Composition root: opens the database, creates the state managers and wires them together.
 * Components receive these through Svelte context and never touch workers or IndexedDB.
 */
import { getContext, setContext } from 'svelte';
import { ConversationRepository } from '../lib/db/conversations';
import { KeyValueRepository } from '../lib/db/kv';
import { IndexedDbModelCache } from '../lib/db/model-files';
import { openAppDb } from '../lib/db/schema';
import { TandemError } from '../lib/errors';
import { ChatState } from '../lib/state/chat.svelte';
import { HealthState } from '../lib/state/health.svelte';
import { ContextBudgetState } from '../lib/state/context-budget.svelte';
import { HardwareState } from '../lib/state/hardware.svelte';
import { LocalEngineState } from '../lib/state/local-engine.svelte';
import { OfflineState } from '../lib/state/offline.svelte';
import { MetricsState } from '../lib/state/metrics.svelte';
import { ModelsState } from '../lib/state/models.svelte';
import { SettingsState } from '../lib/state/settings.svelte';
import { ToastState } from '../lib/state/toasts.svelte';
import { WebLLMState } from '../lib/state/webllm.svelte';

export interface Services {
  settings: SettingsState;
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
}

export async function createServices(): Promise<Services> {
  const db = await openAppDb();
  const kv = new KeyValueRepository(db);
  const toasts = new ToastState();
  const settings = new SettingsState(kv);
  await settings.init();
  const hardware = new HardwareState(kv);
  void hardware.init();
  const localEngine = new LocalEngineState();
  const models = new ModelsState(settings, localEngine);
  const webllm = new WebLLMState(settings, hardware, localEngine);
  const budget = new ContextBudgetState();
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
  const chat = new ChatState({
    conversations,
    kv,
    // Whichever local model is loaded answers; only what fits its context window is sent.
    provider: (context) => {
      const webllmProvider = webllm.provider;
      if (webllmProvider && webllm.active) {
        return {
          provider: budget.wrap(webllmProvider, webllm.active.contextWindow ?? 4096, context.conversationId),
          model: { kind: 'webllm', id: webllm.active.modelId, label: webllmProvider.label, device: 'webgpu' },
        };
      }
      if (models.status === 'ready' && models.active) {
        return {
          provider: budget.wrap(models.provider, models.active.contextWindow, context.conversationId),
          model: {
            kind: 'transformers',
            id: models.active.id,
            label: models.provider.label,
            device: models.device?.device,
          },
        };
      }
      if (models.status === 'elsewhere' || webllm.status === 'elsewhere') {
        return new TandemError(
          'model-load-failed',
          'The local model runs in another Tandem tab. Use that tab, or choose "Use it here" to move it to this one.',
          { retryable: true },
        );
      }
      if (models.status === 'loading' || webllm.status === 'loading') {
        return new TandemError(
          'model-load-failed',
          'The model is still loading. Wait for it to finish, then retry.',
          {
            retryable: true,
          },
        );
      }
      return new TandemError(
        'model-load-failed',
        'No model is loaded. Open Models and load one, then retry.',
        {
          retryable: true,
        },
      );
    },
    generation: () => settings.current.generation,
    systemPrompt: () => settings.current.systemPrompt,
    onError: (error, context) => toasts.handleError(error, context),
    onNotice: (message, action) => toasts.show('info', message, action),
    prepareMessages: (context) => health.prepareMessages(context.conversationId, context.messages),
    annotate: (message) => health.annotate(message),
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
    hardware,
    webllm,
    localEngine,
    budget,
    offline: new OfflineState(models, webllm, settings),
    health,
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
