/**
 * ChatGPT's data export (`conversations.json`): an array of conversations, each a tree in
 * `mapping` (node id -> { message, parent, children }) whose `current_node` ends the branch that
 * was on screen. Followed: the format as Open WebUI's own importer reads it
 * (open-webui/open-webui, src/lib/utils/index.ts, `convertOpenAIMessages`: skips `system` and
 * `tool` authors, reads `content.parts` strings or `content.text`, `metadata.model_slug`,
 * `create_time` in seconds) and the field list in TomzxCode/llm-conversations-viewer
 * docs/formats.md (`current_node`, `parent`/`children`, `content_type` `text`).
 * Assistant messages addressed to a tool (`recipient` other than `all`) are tool calls;
 * `multimodal_text` parts that are objects are images (`image_asset_pointer`) or attachments.
 */
import * as v from 'valibot';
import { keptTree, secondsToMs, type SourceNode } from './nodes';
import { countSkip, type ImportedConversation, type SkipCounts } from './types';

const time = v.nullish(v.pipe(v.number(), v.finite()));

const messageSchema = v.looseObject({
  id: v.optional(v.string()),
  author: v.looseObject({ role: v.string() }),
  create_time: time,
  content: v.looseObject({
    content_type: v.string(),
    parts: v.optional(v.nullable(v.array(v.unknown()))),
    text: v.optional(v.nullable(v.string())),
  }),
  recipient: v.optional(v.nullable(v.string())),
  metadata: v.optional(v.nullable(v.looseObject({}))),
});

const nodeSchema = v.looseObject({
  id: v.optional(v.string()),
  message: v.nullish(messageSchema),
  parent: v.nullish(v.string()),
  children: v.optional(v.array(v.string())),
});

export const chatgptConversationSchema = v.looseObject({
  id: v.optional(v.string()),
  conversation_id: v.optional(v.string()),
  title: v.nullish(v.string()),
  create_time: time,
  update_time: time,
  mapping: v.record(v.string(), nodeSchema),
  current_node: v.nullish(v.string()),
});

export const chatgptExportSchema = v.pipe(v.array(chatgptConversationSchema), v.minLength(1));

type Message = v.InferOutput<typeof messageSchema>;

/** Text of a message, or null with the reason it is left out. */
function textOf(message: Message, skipped: SkipCounts): string | null {
  const role = message.author.role;
  const meta = (message.metadata ?? {}) as Record<string, unknown>;
  if (role === 'system' || meta.is_visually_hidden_from_conversation === true) {
    // The empty system message at the root of every ChatGPT conversation is not worth a word.
    if (hasText(message)) countSkip(skipped, 'system');
    return null;
  }
  if (role === 'tool' || (message.recipient != null && message.recipient !== 'all')) {
    countSkip(skipped, 'tool');
    return null;
  }
  if (role !== 'user' && role !== 'assistant') {
    countSkip(skipped, 'other-content');
    return null;
  }
  if (Array.isArray(meta.attachments)) countSkip(skipped, 'attachment', meta.attachments.length);
  const type = message.content.content_type;
  if (type === 'user_editable_context') {
    countSkip(skipped, 'system');
    return null;
  }
  if (type === 'thoughts' || type === 'reasoning_recap') {
    countSkip(skipped, 'thinking');
    return null;
  }
  if (type === 'code' || type === 'execution_output') {
    countSkip(skipped, 'tool');
    return null;
  }
  if (type !== 'text' && type !== 'multimodal_text') {
    countSkip(skipped, 'other-content');
    return null;
  }
  const texts: string[] = [];
  for (const part of message.content.parts ?? []) {
    if (typeof part === 'string') texts.push(part);
    else if ((part as { content_type?: unknown } | null)?.content_type === 'image_asset_pointer')
      countSkip(skipped, 'image');
    else countSkip(skipped, 'attachment');
  }
  const text = (texts.length ? texts.join('\n') : (message.content.text ?? '')).trim();
  if (!text) {
    if (texts.length || message.content.text != null) countSkip(skipped, 'empty');
    return null;
  }
  return text;
}

function hasText(message: Message): boolean {
  const parts = message.content.parts ?? [];
  return parts.some((p) => typeof p !== 'string' || p.trim() !== '') || !!message.content.text?.trim();
}

export function fromChatgpt(
  data: v.InferOutput<typeof chatgptExportSchema>,
  skipped: SkipCounts,
): ImportedConversation[] {
  const out: ImportedConversation[] = [];
  data.forEach((conversation, index) => {
    const created = secondsToMs(conversation.create_time, 0);
    const nodes: SourceNode[] = [];
    for (const [key, node] of Object.entries(conversation.mapping)) {
      const id = node.id ?? key;
      const text = node.message ? textOf(node.message, skipped) : null;
      const message =
        node.message && text !== null
          ? {
              role: node.message.author.role as 'user' | 'assistant',
              content: text,
              createdAt: secondsToMs(node.message.create_time, created),
              ...modelOf(node.message),
            }
          : null;
      nodes.push({ id, parent: node.parent ?? null, message });
    }
    const { messages, leafSourceId } = keptTree(nodes, conversation.current_node ?? null);
    if (!messages.length) {
      countSkip(skipped, 'empty-conversation');
      return;
    }
    out.push({
      app: 'chatgpt',
      sourceId: conversation.id ?? conversation.conversation_id ?? `index-${index}`,
      title: conversation.title?.trim() || 'Imported chat',
      createdAt: created || messages[0]!.createdAt,
      updatedAt: secondsToMs(conversation.update_time, created || messages[0]!.createdAt),
      messages,
      leafSourceId,
    });
  });
  return out;
}

function modelOf(message: Message): { model?: string } {
  const slug = (message.metadata as { model_slug?: unknown } | null | undefined)?.model_slug;
  return message.author.role === 'assistant' && typeof slug === 'string' ? { model: slug } : {};
}
