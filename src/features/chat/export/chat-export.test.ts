import { describe, expect, it } from 'vitest';
import type { Conversation, StoredMessage } from '../../../core/stored';
import { chatFileName, chatJson, chatMarkdown, neutraliseHtml } from './chat-export';

const conversation: Conversation = { id: 'c1', title: 'Trip <b>plans</b>\nnext', createdAt: 0, updatedAt: 0 };
const at = Date.UTC(2026, 11, 3, 10, 0, 0);
const msg = (id: string, role: StoredMessage['role'], content: string, extra: Partial<StoredMessage> = {}) =>
  ({ id, conversationId: 'c1', role, content, createdAt: at, status: 'complete', ...extra }) as StoredMessage;
const messages: StoredMessage[] = [
  msg('u1', 'user', 'Plan a trip <script>alert(1)</script>'),
  msg(
    'a1',
    'assistant',
    'Use `<div>` here:\n```html\n<img src=x onerror=alert(1)>\n```\nthen <iframe src=x>',
    {
      model: { kind: 'transformers', id: 'custom:tandem-test/tiny-chat', label: 'tiny-chat' },
    },
  ),
  msg('a2', 'assistant', '', {
    status: 'error',
    error: { name: 'E', message: 'no key', code: 'invalid-api-key', retryable: false },
  }),
];
const now = new Date(at);

describe('chat export', () => {
  it('writes the title, then each message under its role and model, as Markdown', () => {
    const md = chatMarkdown(conversation, messages, now);
    expect(md.split('\n').slice(0, 5)).toEqual([
      '# Trip &lt;b>plans&lt;/b> next',
      '',
      '_Exported from Tandem on 2026-12-03T10:00:00.000Z_',
      '',
      '## You',
    ]);
    expect(md).toContain('## Assistant (tiny-chat)\n\nUse `<div>` here:');
    expect(md).toContain('_(no answer: no key)_');
  });

  it('leaves no live HTML outside code, and code as it was', () => {
    const md = chatMarkdown(conversation, messages, now);
    expect(md).not.toMatch(/<(script|iframe|b)\b/);
    expect(md).toContain('&lt;script>alert(1)&lt;/script>');
    expect(md).toContain('```html\n<img src=x onerror=alert(1)>\n```');
    expect(md).toContain('then &lt;iframe src=x>');
    expect(neutraliseHtml('a < b and 1<2')).toBe('a < b and 1<2');
    expect(neutraliseHtml('~~~\n<b>\n~~~\n<b>')).toBe('~~~\n<b>\n~~~\n&lt;b>');
  });

  it('writes the same as JSON: roles, text, status and the model name, nothing internal', () => {
    const data = JSON.parse(chatJson(conversation, messages, now)) as Record<string, unknown>;
    expect(data).toMatchObject({ format: 'tandem-chat', version: 1, title: conversation.title });
    expect(data['messages']).toEqual([
      {
        role: 'user',
        content: messages[0]!.content,
        createdAt: '2026-12-03T10:00:00.000Z',
        status: 'complete',
      },
      {
        role: 'assistant',
        content: messages[1]!.content,
        createdAt: '2026-12-03T10:00:00.000Z',
        status: 'complete',
        model: { kind: 'transformers', id: 'custom:tandem-test/tiny-chat', name: 'tiny-chat' },
      },
      { role: 'assistant', content: '', createdAt: '2026-12-03T10:00:00.000Z', status: 'error' },
    ]);
  });

  it('names the file after the title with only safe characters', () => {
    expect(chatFileName('../../etc/passwd <x>', 'markdown', '2026-12-03')).toBe(
      'tandem-etcpasswd-x-2026-12-03.md',
    );
    expect(chatFileName('Trip to Lisbon', 'json', '2026-12-03')).toBe(
      'tandem-Trip-to-Lisbon-2026-12-03.json',
    );
    expect(chatFileName('\u202e<>', 'json', '2026-12-03')).toBe('tandem-conversation-2026-12-03.json');
  });
});
