/** A ChatState for unit tests: a fresh IndexedDB (fake-indexeddb) and a local model that follows a script. */
import type { IDBPDatabase } from 'idb';
import { ConversationRepository } from '../../../platform/db/conversations';
import { KeyValueRepository } from '../../../platform/db/kv';
import { openAppDb, type TandemDB } from '../../../platform/db/schema';
import type { ChatMessage, ChatProvider, FinishReason, StreamPart } from '../../../core/provider';
import { ChatState } from '../chat.svelte';
import { type ChatDependencies } from '../chat-types';

/** An answer: its text, then a finish with the given reason. */
export function answerParts(text: string, reason: FinishReason = 'stop'): StreamPart[] {
  return [
    { type: 'text-delta', text },
    {
      type: 'finish',
      reason,
      usage: { inputTokens: 5, outputTokens: 8 },
      timings: { timeToFirstTokenMs: 1, totalMs: 2, tokensPerSecond: null },
    },
  ];
}

export interface ScriptedChat {
  chat: ChatState;
  db: IDBPDatabase<TandemDB>;
  conversations: ConversationRepository;
  kv: KeyValueRepository;
  /** The messages each request to the model carried, in order. */
  seen: ChatMessage[][];
}

/**
 * `script` gives the parts of each answer: an array of runs is used one run per request (then
 * nothing), a function is asked every time. Errors are thrown unless `overrides` says otherwise;
 * overrides that need the database (a repository of their own) can be given as a function of it.
 * The ChatState is initialised (on a new chat) before it is returned.
 */
export async function scriptedChat(
  script: StreamPart[][] | ((request: number) => StreamPart[]),
  overrides: Partial<ChatDependencies> | ((db: IDBPDatabase<TandemDB>) => Partial<ChatDependencies>) = {},
  /** The database to open (a second tab of the same profile opens the first one's). */
  dbName = `scripted-chat-${Math.random()}`,
): Promise<ScriptedChat> {
  const db = await openAppDb(dbName);
  const conversations = new ConversationRepository(db);
  const kv = new KeyValueRepository(db);
  const seen: ChatMessage[][] = [];
  const provider: ChatProvider = {
    kind: 'transformers',
    label: 'Local',
    async *stream({ messages }) {
      seen.push(messages);
      yield* typeof script === 'function' ? script(seen.length - 1) : (script.shift() ?? []);
    },
  };
  const chat = new ChatState({
    conversations,
    kv,
    provider: () => ({ provider, model: { kind: 'transformers', id: 'local', label: 'Local' } }),
    generation: () => ({ temperature: 0, topP: 1, maxTokens: 8 }),
    systemPrompt: () => '',
    onError: (e) => {
      throw e;
    },
    onNotice: () => undefined,
    ...(typeof overrides === 'function' ? overrides(db) : overrides),
  });
  await chat.init();
  return { chat, db, conversations, kv, seen };
}
