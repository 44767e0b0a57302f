/**
 * Reads a chat-history file from another app: finds which app wrote it, checks the whole file
 * against that app's schema (one bad conversation refuses the file: all or nothing) and maps it.
 * The file is untrusted: it is only parsed, never run or rendered as HTML here.
 */
import * as v from 'valibot';
import { describeIssues } from '../../../platform/db/records';
import { chatgptExportSchema, fromChatgpt } from './chatgpt';
import { claudeExportSchema, fromClaude } from './claude';
import { fromOpenWebUi, openWebUiExportSchema } from './openwebui';
import { APP_NAMES, type ImportApp, type ParsedChats, type SkipCounts } from './types';

export type ChatImportRejection = 'not-json' | 'unknown-format' | 'empty' | 'invalid' | 'no-messages';

export type ChatImportResult =
  ({ ok: true } & ParsedChats) | { ok: false; code: ChatImportRejection; message: string };

const reject = (code: ChatImportRejection, message: string): ChatImportResult => ({
  ok: false,
  code,
  message,
});

/** Which app wrote `data` (an array of conversations, or one conversation), or null. */
export function detectApp(data: unknown): ImportApp | null {
  const first: unknown = Array.isArray(data) ? data[0] : data;
  if (typeof first !== 'object' || first === null) return null;
  if ('mapping' in first) return 'chatgpt';
  if ('chat_messages' in first) return 'claude';
  const chat = (first as { chat?: unknown }).chat;
  if (typeof chat === 'object' && chat !== null && 'history' in chat) return 'open-webui';
  return null;
}

export function parseChatExport(text: string): ChatImportResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return reject('not-json', `The file is not valid JSON, perhaps cut short (${detail}).`);
  }
  if (Array.isArray(data) && data.length === 0) return reject('empty', 'The file holds no conversations.');
  const app = detectApp(data);
  if (!app) {
    return reject(
      'unknown-format',
      'The file is not a chat export Tandem reads: ChatGPT’s or Claude.ai’s conversations.json, or an Open WebUI chat export.',
    );
  }
  const list = Array.isArray(data) ? data : [data];
  const skipped: SkipCounts = {};
  const conversations = mapWith(app, list, skipped);
  if (typeof conversations === 'string') {
    return reject(
      'invalid',
      `The ${APP_NAMES[app]} file has a conversation Tandem cannot read: ${conversations}.`,
    );
  }
  if (!conversations.length)
    return reject('no-messages', `The ${APP_NAMES[app]} file has no messages with text.`);
  return { ok: true, app, conversations, skipped };
}

function mapWith(
  app: ImportApp,
  list: unknown[],
  skipped: SkipCounts,
): ParsedChats['conversations'] | string {
  if (app === 'chatgpt') {
    const result = v.safeParse(chatgptExportSchema, list);
    return result.success ? fromChatgpt(result.output, skipped) : describeIssues(result.issues);
  }
  if (app === 'claude') {
    const result = v.safeParse(claudeExportSchema, list);
    return result.success ? fromClaude(result.output, skipped) : describeIssues(result.issues);
  }
  const result = v.safeParse(openWebUiExportSchema, list);
  return result.success ? fromOpenWebUi(result.output, skipped) : describeIssues(result.issues);
}
