/**
 * Which transformers.js pipeline runs a chat model: decoder-only models (`text-generation`) take
 * the chat messages through their chat template; encoder-decoder models (T5, Flan-T5,
 * LaMini-Flan-T5: `text2text-generation`) take one input text, the conversation folded
 * (fold-prompt.ts). Decided from the repo's config.json, so a custom model added by its Hub id
 * runs on the right path too.
 */
import type { ChatMessage } from '../../core/provider';
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

/** What the pipeline is called with: the messages, or the folded conversation. */
export function pipelineInput(
  task: ChatTask,
  messages: ChatMessage[],
  modelMaxLength?: number,
): ChatMessage[] | string {
  return task === 'text2text-generation'
    ? foldConversation(messages, { maxChars: foldBudgetChars(modelMaxLength) })
    : messages;
}
