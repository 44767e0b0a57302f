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
import { MetricsState } from '../lib/state/metrics.svelte';
import { ModelsState } from '../lib/state/models.svelte';
import { SettingsState } from '../lib/state/settings.svelte';
import { ToastState } from '../lib/state/toasts.svelte';

export interface Services {
  settings: SettingsState;
  models: ModelsState;
  chat: ChatState;
  toasts: ToastState;
  metrics: MetricsState;
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
  const chat = new ChatState({
    conversations,
    kv,
    provider: () => {
      if (models.status === 'ready' && models.active) {
        return {
          provider: models.provider,
          model: {
            kind: 'transformers',
            id: models.active.id,
            label: models.provider.label,
            device: models.device?.device,
          },
        };
      }
      if (models.status === 'loading') {
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
  return { settings, models, chat, toasts, metrics: new MetricsState(conversations), health };
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
