/**
 * The one place where messages are prepared for a local model: a provider wrapper that puts
 * the few-shot examples before the conversation and says on the answer which ones it used.
 */
import type {
  AnswerNotice,
  ChatMessage,
  ChatProvider,
  GenerateRequest,
  StreamPart,
} from '../../core/provider';
import type { MemoryExample } from './memory';

export interface PreparedMessages {
  messages: ChatMessage[];
  used: MemoryExample[];
}

export type PrepareMessages = (messages: ChatMessage[]) => Promise<PreparedMessages>;

export function memoryNotice(used: readonly MemoryExample[]): AnswerNotice {
  const n = used.length;
  return {
    kind: 'memory',
    text: `Few-shot memory: ${n} curated example${n === 1 ? '' : 's'} put before the conversation.`,
    examples: used.map(({ id, prompt, similarity }) => ({ id, prompt, similarity })),
  };
}

export function withMemory(provider: ChatProvider, prepare: PrepareMessages): ChatProvider {
  return {
    kind: provider.kind,
    label: provider.label,
    async *stream(request: GenerateRequest): AsyncGenerator<StreamPart, void, undefined> {
      let prepared: PreparedMessages;
      try {
        prepared = await prepare(request.messages);
      } catch {
        // Memory is a help, never a reason to fail: answer without it.
        prepared = { messages: request.messages, used: [] };
      }
      if (prepared.used.length) yield { type: 'notice', notice: memoryNotice(prepared.used) };
      yield* provider.stream({ ...request, messages: prepared.messages });
    },
  };
}
