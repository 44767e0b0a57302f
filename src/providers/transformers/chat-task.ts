/**
 * Which transformers.js pipeline runs a chat model: decoder-only models (`text-generation`) take
 * the chat messages through their chat template; encoder-decoder models (T5, Flan-T5,
 * LaMini-Flan-T5: `text2text-generation`) take one input text, the conversation folded
 * (fold-prompt.ts); a decoder without a chat template continues the text (completion-prompt.ts).
 * Decided from the repo's config.json and tokenizer, so a custom model added by its Hub id runs on
 * the right path too.
 */
import type { ChatMessage } from '../../core/provider';
import { completionPrompt } from '../../core/completion-prompt';
import { foldConversation } from './fold-prompt';

export type ChatTask = 'text-generation' | 'text2text-generation';

/** The config.json fields the choice reads. */
export interface TaskConfig {
  model_type?: string;
  is_encoder_decoder?: boolean;
}

const ENCODER_DECODER_TYPES = new Set(['t5', 'mt5', 'longt5', 'bart', 'mbart', 'marian']);

export function chatTaskOf(config: TaskConfig): ChatTask {
  if (config.is_encoder_decoder === true) return 'text2text-generation';
  return config.model_type !== undefined && ENCODER_DECODER_TYPES.has(config.model_type)
    ? 'text2text-generation'
    : 'text-generation';
}

/** Characters of folded conversation an encoder-decoder gets (about 4 per token of its window). */
export function foldBudgetChars(modelMaxLength: number | undefined): number {
  const tokens = modelMaxLength && modelMaxLength > 0 && modelMaxLength < 1e6 ? modelMaxLength : 512;
  return tokens * 4;
}

/**
 * A decoder whose tokenizer has no chat template is a text-completion model (a base model, or one
 * converted from a GGUF without a template): it continues the conversation's text.
 */
export function isCompletionModel(task: ChatTask, chatTemplate: unknown): boolean {
  if (task !== 'text-generation') return false;
  if (typeof chatTemplate === 'string') return chatTemplate.trim() === '';
  return !(typeof chatTemplate === 'object' && chatTemplate !== null && Object.keys(chatTemplate).length > 0);
}

/** What the pipeline is called with: the messages, the folded conversation, or the text to continue. */
export function pipelineInput(
  task: ChatTask,
  messages: ChatMessage[],
  modelMaxLength?: number,
  completion = false,
): ChatMessage[] | string {
  if (task === 'text2text-generation')
    return foldConversation(messages, { maxChars: foldBudgetChars(modelMaxLength) });
  return completion ? completionPrompt(messages) : messages;
}
