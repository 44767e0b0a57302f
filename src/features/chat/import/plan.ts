/**
 * Imported conversations become Tandem records (pure): new ids, each message's parent, the
 * branch that was on screen in the other app as the conversation's shown branches, and the
 * source app and id so a second import of the same file finds its duplicates.
 */
import type { Conversation, StoredMessage } from '../../../core/stored';
import { newId } from '../../../core/util/id';
import {
  APP_NAMES,
  SKIP_WORDS,
  type ImportApp,
  type ImportedConversation,
  type SkipCounts,
  type SkipReason,
} from './types';

export type DuplicateMode = 'skip' | 'copy';

export interface ChatImportPlan {
  app: ImportApp;
  conversations: Conversation[];
  messages: StoredMessage[];
  /** Conversations already imported before, left out (mode `skip`). */
  duplicatesSkipped: number;
  /** Conversations already imported before, added again as copies (mode `copy`). */
  duplicatesCopied: number;
  skipped: SkipCounts;
}

export function importKey(app: string, id: string): string {
  return `${app}:${id}`;
}

export function planChatImport(
  parsed: { app: ImportApp; conversations: ImportedConversation[]; skipped: SkipCounts },
  existingKeys: ReadonlySet<string>,
  mode: DuplicateMode,
  makeId: (prefix: string) => string = newId,
): ChatImportPlan {
  const plan: ChatImportPlan = {
    app: parsed.app,
    conversations: [],
    messages: [],
    duplicatesSkipped: 0,
    duplicatesCopied: 0,
    skipped: parsed.skipped,
  };
  const seen = new Set<string>();
  for (const source of parsed.conversations) {
    const key = importKey(source.app, source.sourceId);
    const duplicate = existingKeys.has(key) || seen.has(key);
    seen.add(key);
    if (duplicate && mode === 'skip') {
      plan.duplicatesSkipped += 1;
      continue;
    }
    if (duplicate) plan.duplicatesCopied += 1;
    const { conversation, messages } = toRecords(source, makeId, duplicate);
    plan.conversations.push(conversation);
    plan.messages.push(...messages);
  }
  return plan;
}

function toRecords(
  source: ImportedConversation,
  makeId: (prefix: string) => string,
  copy: boolean,
): { conversation: Conversation; messages: StoredMessage[] } {
  const conversationId = makeId('c_');
  const ids = new Map(source.messages.map((m) => [m.sourceId, makeId('m_')]));
  const messages: StoredMessage[] = source.messages.map((m) => ({
    id: ids.get(m.sourceId)!,
    conversationId,
    parentId: m.parentSourceId === null ? null : (ids.get(m.parentSourceId) ?? null),
    role: m.role,
    content: m.content,
    createdAt: m.createdAt,
    status: 'complete',
    // Another app's model is no Tandem provider: it is said in a note, not as the answer's model.
    ...(m.model
      ? { notices: [{ kind: 'info' as const, text: `Written by ${m.model} in ${APP_NAMES[source.app]}.` }] }
      : {}),
  }));
  // The branch that was on screen: every message from the leaf up is its parent's shown child.
  const branches: Record<string, string> = {};
  const byId = new Map(messages.map((m) => [m.id, m]));
  let current = source.leafSourceId ? byId.get(ids.get(source.leafSourceId) ?? '') : undefined;
  while (current) {
    branches[current.parentId ?? ''] = current.id;
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  const last = Math.max(source.updatedAt, ...messages.map((m) => m.createdAt));
  return {
    conversation: {
      id: conversationId,
      title: copy ? `${source.title} (imported copy)` : source.title,
      createdAt: source.createdAt,
      updatedAt: last,
      branches,
      importedFrom: { app: source.app, id: source.sourceId },
    },
    messages,
  };
}

const n = (count: number, [one, many]: [string, string]): string => `${count} ${count === 1 ? one : many}`;

/** The status line: what was added, from which app, and what was left out and why. */
export function describeChatImport(plan: ChatImportPlan): string {
  const parts = [
    `Added ${n(plan.conversations.length, ['conversation', 'conversations'])} (${n(plan.messages.length, ['message', 'messages'])}) from ${APP_NAMES[plan.app]}.`,
  ];
  if (plan.duplicatesSkipped)
    parts.push(`Skipped ${n(plan.duplicatesSkipped, ['conversation', 'conversations'])} imported before.`);
  if (plan.duplicatesCopied)
    parts.push(
      `${n(plan.duplicatesCopied, ['conversation', 'conversations'])} imported before added again as copies.`,
    );
  const left = (Object.keys(SKIP_WORDS) as SkipReason[])
    .filter((reason) => plan.skipped[reason])
    .map((reason) => n(plan.skipped[reason]!, SKIP_WORDS[reason]));
  if (left.length) parts.push(`Left out: ${left.join(', ')}.`);
  return parts.join(' ');
}
