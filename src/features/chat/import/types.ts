/** What every chat-history importer produces, before it becomes Tandem records (plan.ts). */

export type ImportApp = 'chatgpt' | 'claude' | 'open-webui';

export const APP_NAMES: Record<ImportApp, string> = {
  chatgpt: 'ChatGPT',
  claude: 'Claude.ai',
  'open-webui': 'Open WebUI',
};

/** Why part of an imported file was left out (decided on these codes, never on the words). */
export type SkipReason =
  'system' | 'tool' | 'image' | 'attachment' | 'thinking' | 'other-content' | 'empty' | 'empty-conversation';

export const SKIP_WORDS: Record<SkipReason, [one: string, many: string]> = {
  system: ['system or hidden message', 'system or hidden messages'],
  tool: ['tool call or result', 'tool calls or results'],
  image: ['image', 'images'],
  attachment: ['attachment', 'attachments'],
  thinking: ['reasoning block', 'reasoning blocks'],
  'other-content': [
    'message of another kind (code output, browsing)',
    'messages of other kinds (code output, browsing)',
  ],
  empty: ['empty message', 'empty messages'],
  'empty-conversation': ['conversation with no text', 'conversations with no text'],
};

export type SkipCounts = Partial<Record<SkipReason, number>>;

export function countSkip(counts: SkipCounts, reason: SkipReason, n = 1): void {
  if (n > 0) counts[reason] = (counts[reason] ?? 0) + n;
}

export interface ImportedMessage {
  /** The id in the other app's file. */
  sourceId: string;
  /** The nearest kept ancestor's source id (null: first message). */
  parentSourceId: string | null;
  role: 'user' | 'assistant';
  content: string;
  /** Milliseconds since 1970. */
  createdAt: number;
  /** The model that wrote an answer, when the file says. */
  model?: string;
}

export interface ImportedConversation {
  app: ImportApp;
  sourceId: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  /** Parents before children. */
  messages: ImportedMessage[];
  /** The message at the end of the branch that was on screen in the other app. */
  leafSourceId: string | null;
}

export interface ParsedChats {
  app: ImportApp;
  conversations: ImportedConversation[];
  skipped: SkipCounts;
}
