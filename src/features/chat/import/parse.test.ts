import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { visiblePath } from '../tree/tree';
import { parseChatExport, type ChatImportResult } from './parse';
import { describeChatImport, planChatImport } from './plan';
import type { ParsedChats } from './types';

const fixture = (name: string): string =>
  readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
const ok = (result: ChatImportResult): ParsedChats => {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result;
};
let counter = 0;
const ids = (prefix: string): string => `${prefix}${++counter}`;

describe('ChatGPT conversations.json', () => {
  const parsed = ok(parseChatExport(fixture('chatgpt-branched.json')));

  it('keeps the mapping tree as branches and current_node as the branch shown', () => {
    expect(parsed.app).toBe('chatgpt');
    const [capitals] = parsed.conversations;
    expect(capitals!.title).toBe('Capitals');
    // The hidden system node is left out: both questions become top-level siblings.
    expect(capitals!.messages.map((m) => [m.sourceId, m.parentSourceId])).toEqual([
      ['u1', null],
      ['a1', 'u1'],
      ['u1b', null],
      ['a1b', 'u1b'],
      ['a1c', 'u1b'],
    ]);
    expect(capitals!.leafSourceId).toBe('a1b');
    expect(capitals!.messages[0]).toMatchObject({ role: 'user', createdAt: 1700000001000 });
    expect(capitals!.messages[1]).toMatchObject({ model: 'gpt-4o', content: 'Paris.' });

    const plan = planChatImport(parsed, new Set(), 'skip', ids);
    const conversation = plan.conversations[0]!;
    const messages = plan.messages.filter((m) => m.conversationId === conversation.id);
    const shown = visiblePath(messages, conversation.branches ?? {}).map((m) => m.content);
    expect(shown).toEqual(['What is the capital of Italy?', 'Rome.']);
    expect(conversation.importedFrom).toEqual({ app: 'chatgpt', id: 'gpt-conv-1' });
  });

  it('leaves out tool calls, tool output, images and attachments, and joins across them', () => {
    const weather = parsed.conversations[1]!;
    expect(weather.messages.map((m) => [m.sourceId, m.parentSourceId, m.content])).toEqual([
      ['u2', null, 'What is the weather in Oslo?'],
      ['a2', 'u2', 'It is sunny in Oslo.'],
      ['u3', 'a2', 'What is in this picture?'],
      ['a3', 'u3', 'A cat on a sofa.'],
    ]);
    expect(parsed.skipped).toEqual({ tool: 2, image: 1, attachment: 1 });
  });

  it('says what was added and what was left out', () => {
    const plan = planChatImport(parsed, new Set(), 'skip', ids);
    expect(describeChatImport(plan)).toBe(
      'Added 2 conversations (9 messages) from ChatGPT. Left out: 2 tool calls or results, 1 image, 1 attachment.',
    );
  });
});

describe('Claude.ai conversations.json', () => {
  it('maps human/assistant turns into a chain, text from content[] blocks', () => {
    const parsed = ok(parseChatExport(fixture('claude.json')));
    expect(parsed.app).toBe('claude');
    expect(parsed.conversations).toHaveLength(1);
    const tea = parsed.conversations[0]!;
    expect(tea.messages.map((m) => [m.role, m.parentSourceId, m.content])).toEqual([
      ['user', null, 'How long should green tea steep?'],
      ['assistant', 'h1', 'About two to three minutes.'],
      ['user', 'b1', "And what temperature? Here is my kettle's manual."],
      ['assistant', 'h2', 'Around 80 °C, below boiling.'],
    ]);
    expect(tea.leafSourceId).toBe('b2');
    expect(tea.createdAt).toBe(Date.parse('2024-05-01T10:00:00Z'));
    expect(parsed.skipped).toEqual({ thinking: 1, attachment: 1, tool: 2, 'empty-conversation': 1 });
  });

  it('builds the tree from parent_message_uuid and shows current_leaf_message_uuid', () => {
    const zero = '00000000-0000-4000-8000-000000000000';
    const msg = (uuid: string, sender: string, parent: string, text: string, at: string): object => ({
      uuid,
      sender,
      text,
      content: [{ type: 'text', text }],
      created_at: at,
      parent_message_uuid: parent,
    });
    const file = JSON.stringify([
      {
        uuid: 'tree',
        name: 'Edited',
        created_at: '2024-01-01T00:00:00Z',
        current_leaf_message_uuid: 'b1',
        chat_messages: [
          msg('h1', 'human', zero, 'first try', '2024-01-01T00:00:01Z'),
          msg('b1', 'assistant', 'h1b', 'answer to the edit', '2024-01-01T00:00:04Z'),
          msg('b0', 'assistant', 'h1', 'answer to the first', '2024-01-01T00:00:02Z'),
          msg('h1b', 'human', zero, 'edited try', '2024-01-01T00:00:03Z'),
        ],
      },
    ]);
    const parsed = ok(parseChatExport(file));
    const plan = planChatImport(parsed, new Set(), 'skip', ids);
    const shown = visiblePath(plan.messages, plan.conversations[0]!.branches ?? {}).map((m) => m.content);
    expect(shown).toEqual(['edited try', 'answer to the edit']);
    expect(plan.messages).toHaveLength(4);
  });
});

describe('Open WebUI chat export', () => {
  it('keeps history.messages as the tree and currentId as the branch shown', () => {
    const parsed = ok(parseChatExport(fixture('openwebui.json')));
    expect(parsed.app).toBe('open-webui');
    const haiku = parsed.conversations[0]!;
    expect(haiku.messages.map((m) => [m.sourceId, m.parentSourceId])).toEqual([
      ['m1', null],
      ['m2', 'm1'],
      ['m2b', 'm1'],
    ]);
    expect(haiku.createdAt).toBe(1710000000000);
    const plan = planChatImport(parsed, new Set(), 'skip', ids);
    const shown = visiblePath(plan.messages, plan.conversations[0]!.branches ?? {}).map((m) => m.content);
    expect(shown).toEqual(['Write a haiku about rain.', 'Grey clouds let go, drops']);
    expect(plan.messages[1]!.notices).toEqual([
      { kind: 'info', text: 'Written by llama3.2:3b in Open WebUI.' },
    ]);
  });

  it('one chat object on its own is read too', () => {
    const one = JSON.stringify((JSON.parse(fixture('openwebui.json')) as unknown[])[0]);
    expect(ok(parseChatExport(one)).conversations).toHaveLength(1);
  });
});

describe('files that are refused, with the reason', () => {
  it.each([
    ['{"mapping": ', 'not-json'],
    ['[]', 'empty'],
    ['[{"hello": 1}]', 'unknown-format'],
    ['{"format": "tandem-backup"}', 'unknown-format'],
    // One broken conversation refuses the whole file (all or nothing).
    ['[{"mapping": {}, "title": "ok"}, {"mapping": {"x": {"message": {"author": {}}}}}]', 'invalid'],
    ['[{"uuid": "a", "chat_messages": [{"uuid": "m", "sender": "human"}], "name": 5}]', 'invalid'],
    ['[{"mapping": {"r": {"message": null, "parent": null}}}]', 'no-messages'],
  ])('%s -> %s', (text, code) => {
    const result = parseChatExport(text);
    expect(result).toMatchObject({ ok: false, code });
    expect(!result.ok && result.message.length).toBeGreaterThan(10);
  });

  it('names the field that is wrong', () => {
    const result = parseChatExport('[{"uuid": "a", "chat_messages": [{"uuid": 7, "sender": "human"}]}]');
    expect(!result.ok && result.message).toMatch(/Claude\.ai.*uuid/);
  });
});

describe('duplicates', () => {
  it('a conversation imported before is skipped or copied, as the user chose', () => {
    const parsed = ok(parseChatExport(fixture('openwebui.json')));
    const before = new Set(['open-webui:owui-chat-1']);
    const skip = planChatImport(parsed, before, 'skip', ids);
    expect(skip.conversations).toHaveLength(0);
    expect(describeChatImport(skip)).toContain('Skipped 1 conversation imported before.');
    const copy = planChatImport(parsed, before, 'copy', ids);
    expect(copy.conversations[0]!.title).toBe('Haiku (imported copy)');
    expect(describeChatImport(copy)).toContain('1 conversation imported before added again as copies.');
  });
});
