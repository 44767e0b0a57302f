/**
 * Open WebUI's chat export (Settings → Chats → Export, or one chat's "Export chat (.json)"): an
 * array of `{ id, title, chat, created_at, updated_at }` (seconds) whose `chat.history` holds the
 * tree: `messages` (id -> { id, parentId, childrenIds, role, content, timestamp, model, files })
 * and `currentId`, the end of the branch on screen. Followed: open-webui/open-webui
 * src/lib/utils/index.ts (`convertOpenAIChats` builds exactly this shape for its own import, and
 * `createMessagesList` walks `parentId` up from `currentId`). One chat object on its own is
 * accepted too.
 */
import * as v from 'valibot';
import { keptTree, secondsToMs, type SourceNode } from './nodes';
import { countSkip, type ImportedConversation, type SkipCounts } from './types';

const messageSchema = v.looseObject({
  id: v.optional(v.string()),
  parentId: v.nullish(v.string()),
  childrenIds: v.optional(v.array(v.string())),
  role: v.string(),
  content: v.optional(v.nullable(v.unknown())),
  timestamp: v.nullish(v.pipe(v.number(), v.finite())),
  model: v.nullish(v.string()),
  files: v.optional(v.nullable(v.array(v.unknown()))),
});

export const openWebUiChatSchema = v.looseObject({
  id: v.string(),
  title: v.nullish(v.string()),
  created_at: v.nullish(v.pipe(v.number(), v.finite())),
  updated_at: v.nullish(v.pipe(v.number(), v.finite())),
  chat: v.looseObject({
    title: v.nullish(v.string()),
    history: v.looseObject({
      messages: v.record(v.string(), messageSchema),
      currentId: v.nullish(v.string()),
    }),
  }),
});

export const openWebUiExportSchema = v.pipe(v.array(openWebUiChatSchema), v.minLength(1));

type Message = v.InferOutput<typeof messageSchema>;

function textOf(message: Message, skipped: SkipCounts): string | null {
  for (const file of message.files ?? []) {
    countSkip(skipped, (file as { type?: unknown } | null)?.type === 'image' ? 'image' : 'attachment');
  }
  if (message.role === 'system') {
    countSkip(skipped, 'system');
    return null;
  }
  if (message.role !== 'user' && message.role !== 'assistant') {
    countSkip(skipped, message.role === 'tool' ? 'tool' : 'other-content');
    return null;
  }
  if (typeof message.content !== 'string') {
    countSkip(skipped, 'other-content');
    return null;
  }
  const text = message.content.trim();
  if (!text) {
    if (!message.files?.length) countSkip(skipped, 'empty');
    return null;
  }
  return text;
}

export function fromOpenWebUi(
  data: v.InferOutput<typeof openWebUiExportSchema>,
  skipped: SkipCounts,
): ImportedConversation[] {
  const out: ImportedConversation[] = [];
  for (const item of data) {
    const created = secondsToMs(item.created_at, 0);
    const entries = Object.entries(item.chat.history.messages);
    const nodes: SourceNode[] = entries.map(([key, message], i) => {
      const text = textOf(message, skipped);
      return {
        id: message.id ?? key,
        parent: message.parentId ?? null,
        message:
          text === null
            ? null
            : {
                role: message.role as 'user' | 'assistant',
                content: text,
                createdAt: secondsToMs(message.timestamp, created + i),
                ...(message.role === 'assistant' && message.model ? { model: message.model } : {}),
              },
      };
    });
    const { messages, leafSourceId } = keptTree(nodes, item.chat.history.currentId ?? null);
    if (!messages.length) {
      countSkip(skipped, 'empty-conversation');
      continue;
    }
    out.push({
      app: 'open-webui',
      sourceId: item.id,
      title: (item.title ?? item.chat.title)?.trim() || 'Imported chat',
      createdAt: created || messages[0]!.createdAt,
      updatedAt: secondsToMs(item.updated_at, created || messages[0]!.createdAt),
      messages,
      leafSourceId,
    });
  }
  return out;
}
