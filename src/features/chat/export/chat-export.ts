/**
 * "Export this chat": the conversation on screen (its visible branch) as Markdown or JSON, with
 * its title and each message's role and model. Pure. The Markdown carries no live HTML: a tag
 * in a message (outside code) is written as text (`&lt;`), so a viewer that renders HTML shows it
 * and runs nothing; the file name keeps letters, digits, spaces, `-` and `_` only.
 */
import type { Conversation, StoredMessage } from '../../../core/stored';
import { safeFileName } from '../../../platform/db/backup/export';

export type ChatExportFormat = 'markdown' | 'json';

const SPEAKER = { user: 'You', assistant: 'Assistant', system: 'System' } as const;

/** One line, no control characters (titles and model names go into headings). */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/** `<` that would open a tag becomes `&lt;`, except inside fenced code and inline code spans. */
export function neutraliseHtml(text: string): string {
  let fence: string | null = null;
  return text
    .split('\n')
    .map((line) => {
      const opening = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
      if (opening) {
        const marker = opening[1]!;
        if (fence === null) fence = marker;
        else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
        return line;
      }
      if (fence !== null) return line;
      return line
        .split(/(`+[^`]*`+)/)
        .map((part, i) => (i % 2 === 1 ? part : part.replace(/<(?=[A-Za-z/!?])/g, '&lt;')))
        .join('');
    })
    .join('\n');
}

function speakerOf(m: StoredMessage): string {
  const who = SPEAKER[m.role];
  return m.role === 'assistant' && m.model ? `${who} (${oneLine(m.model.label)})` : who;
}

function bodyOf(m: StoredMessage): string {
  if (m.content.trim()) return neutraliseHtml(m.content);
  if (m.status === 'error') return `_(no answer: ${neutraliseHtml(oneLine(m.error?.message ?? 'error'))})_`;
  return '_(empty)_';
}

/** The title, when it was exported, then each message under its speaker (model for answers). */
export function chatMarkdown(
  conversation: Conversation,
  messages: readonly StoredMessage[],
  now = new Date(),
): string {
  const lines = [
    `# ${neutraliseHtml(oneLine(conversation.title)) || 'Conversation'}`,
    '',
    `_Exported from Tandem on ${now.toISOString()}_`,
    '',
  ];
  for (const m of messages) {
    const stopped = m.status === 'stopped' ? ' — stopped' : '';
    lines.push(`## ${neutraliseHtml(speakerOf(m))}${stopped}`, '', bodyOf(m), '');
  }
  return lines.join('\n');
}

export interface ChatExportJson {
  format: 'tandem-chat';
  version: 1;
  title: string;
  exportedAt: string;
  messages: {
    role: StoredMessage['role'];
    content: string;
    createdAt: string;
    status: StoredMessage['status'];
    model?: { kind: string; id: string; name: string };
    route?: string;
  }[];
}

/** The same as data: plain fields only (no embeddings, health or ids). */
export function chatJson(
  conversation: Conversation,
  messages: readonly StoredMessage[],
  now = new Date(),
): string {
  const out: ChatExportJson = {
    format: 'tandem-chat',
    version: 1,
    title: conversation.title,
    exportedAt: now.toISOString(),
    messages: messages.map((m) => ({
      role: m.role,
      content: m.content,
      createdAt: new Date(m.createdAt).toISOString(),
      status: m.status,
      ...(m.model ? { model: { kind: m.model.kind, id: m.model.id, name: m.model.label } } : {}),
      ...(m.route ? { route: m.route.label } : {}),
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** `tandem-Trip-to-Lisbon-2026-12-03.md`. */
export function chatFileName(title: string, format: ChatExportFormat, date: string): string {
  return `tandem-${safeFileName(title)}-${date}.${format === 'json' ? 'json' : 'md'}`;
}
