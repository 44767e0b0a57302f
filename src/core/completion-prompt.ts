/**
 * The text a text-completion model (a model with no chat template) continues, for every engine
 * that runs one (llama.cpp's GGUF, transformers.js): the first turn as it is, each answer appended
 * as it came (it is the continuation), each later prompt on a new line. System prompts are left
 * out: there is no place for them in plain text.
 */
import type { ChatMessage } from './provider';

export function completionPrompt(messages: readonly ChatMessage[]): string {
  let text = '';
  for (const m of messages) {
    if (m.role === 'system') continue;
    if (m.role === 'assistant' || text === '') text += m.content;
    else text += `\n${m.content}`;
  }
  return text;
}
