/**
 * Claude.ai's data export (`conversations.json`): an array of conversations (`uuid`, `name`,
 * ISO `created_at`/`updated_at`), each with `chat_messages` in order: `sender` `human` or
 * `assistant`, `text`, and `content[]` blocks (`text`, `thinking`, `tool_use`, `tool_result`,
 * images), plus `attachments[]` (with `extracted_content`) and `files[]`. Followed: the field list
 * of TomzxCode/llm-conversations-viewer docs/formats.md and the Claude export types in the search
 * results (`sender: 'human' | 'assistant'`, `content: ContentBlock[]`, `attachments`). Newer
 * exports name each message's parent (`parent_message_uuid`, the root's parent a zero uuid) and
 * the shown branch's end (`current_leaf_message_uuid`); when present they make the tree,
 * otherwise the messages form one chain in file order.
 */
import * as v from 'valibot';
import { isoToMs, keptTree, type SourceNode } from './nodes';
import { countSkip, type ImportedConversation, type SkipCounts } from './types';

const blockSchema = v.looseObject({ type: v.string(), text: v.optional(v.nullable(v.string())) });

const messageSchema = v.looseObject({
  uuid: v.string(),
  sender: v.string(),
  text: v.optional(v.nullable(v.string())),
  content: v.optional(v.nullable(v.array(blockSchema))),
  created_at: v.optional(v.nullable(v.string())),
  attachments: v.optional(v.nullable(v.array(v.unknown()))),
  files: v.optional(v.nullable(v.array(v.unknown()))),
  parent_message_uuid: v.optional(v.nullable(v.string())),
});

export const claudeConversationSchema = v.looseObject({
  uuid: v.string(),
  name: v.nullish(v.string()),
  created_at: v.optional(v.nullable(v.string())),
  updated_at: v.optional(v.nullable(v.string())),
  chat_messages: v.array(messageSchema),
  current_leaf_message_uuid: v.optional(v.nullable(v.string())),
});

export const claudeExportSchema = v.pipe(v.array(claudeConversationSchema), v.minLength(1));

type Message = v.InferOutput<typeof messageSchema>;

function textOf(message: Message, skipped: SkipCounts): string | null {
  countSkip(skipped, 'attachment', (message.attachments?.length ?? 0) + (message.files?.length ?? 0));
  if (message.sender !== 'human' && message.sender !== 'assistant') {
    countSkip(skipped, 'system');
    return null;
  }
  const texts: string[] = [];
  for (const block of message.content ?? []) {
    if (block.type === 'text') texts.push(block.text ?? '');
    else if (block.type === 'thinking') countSkip(skipped, 'thinking');
    else if (block.type === 'tool_use' || block.type === 'tool_result') countSkip(skipped, 'tool');
    else if (block.type === 'image') countSkip(skipped, 'image');
    else countSkip(skipped, 'other-content');
  }
  const text = (texts.length ? texts.join('\n\n') : (message.text ?? '')).trim();
  if (!text) {
    if (!message.attachments?.length && !message.files?.length) countSkip(skipped, 'empty');
    return null;
  }
  return text;
}

export function fromClaude(
  data: v.InferOutput<typeof claudeExportSchema>,
  skipped: SkipCounts,
): ImportedConversation[] {
  const out: ImportedConversation[] = [];
  for (const conversation of data) {
    const created = isoToMs(conversation.created_at, 0);
    const ids = new Set(conversation.chat_messages.map((m) => m.uuid));
    const tree = conversation.chat_messages.some(
      (m) => m.parent_message_uuid && ids.has(m.parent_message_uuid),
    );
    const nodes: SourceNode[] = conversation.chat_messages.map((message, i) => {
      const text = textOf(message, skipped);
      const parent = tree
        ? message.parent_message_uuid && ids.has(message.parent_message_uuid)
          ? message.parent_message_uuid
          : null
        : (conversation.chat_messages[i - 1]?.uuid ?? null);
      return {
        id: message.uuid,
        parent,
        message:
          text === null
            ? null
            : {
                role: message.sender === 'human' ? 'user' : 'assistant',
                content: text,
                createdAt: isoToMs(message.created_at, created + i),
              },
      };
    });
    const leaf =
      conversation.current_leaf_message_uuid && ids.has(conversation.current_leaf_message_uuid)
        ? conversation.current_leaf_message_uuid
        : (conversation.chat_messages.at(-1)?.uuid ?? null);
    const { messages, leafSourceId } = keptTree(nodes, leaf);
    if (!messages.length) {
      countSkip(skipped, 'empty-conversation');
      continue;
    }
    out.push({
      app: 'claude',
      sourceId: conversation.uuid,
      title: conversation.name?.trim() || 'Imported chat',
      createdAt: created || messages[0]!.createdAt,
      updatedAt: isoToMs(conversation.updated_at, created || messages[0]!.createdAt),
      messages,
      leafSourceId,
    });
  }
  return out;
}
