import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConversationRepository } from '../conversations';
import { openAppDb } from '../schema';
import type { Conversation, StoredMessage } from '../../../core/stored';
import { conversationMarkdown, exportAll } from './export';
import { parseBackup } from './format';
import { applyBackup } from './import';
import { toJson } from './json';

const m = (id: string, parentId: string | null, createdAt: number, content = id): StoredMessage => ({
  id,
  conversationId: 'c',
  parentId,
  role: id.startsWith('u') ? 'user' : 'assistant',
  content,
  createdAt,
  status: 'complete',
});
/** u1 -> a1, then u1 edited (u1b -> a1b), then a1b regenerated (a1c); a1b is shown. */
const tree = [m('u1', null, 1), m('a1', 'u1', 2), m('u1b', null, 3), m('a1b', 'u1b', 4), m('a1c', 'u1b', 5)];
const conversation: Conversation = {
  id: 'c',
  title: 'Branched',
  createdAt: 1,
  updatedAt: 5,
  branches: { '': 'u1b', u1b: 'a1b' },
};
const file = (messages: object[], conversations: object[] = [conversation]): string =>
  JSON.stringify({
    format: 'tandem-backup',
    version: 1,
    exportedAt: '',
    includesEmbeddings: false,
    conversations,
    messages,
    keyValues: [],
  });

describe('backups keep branches', () => {
  it('backup then restore keeps every branch and the branch shown', async () => {
    const source = await openAppDb(`branches-src-${Math.random()}`);
    await source.put('conversations', conversation);
    for (const message of tree) await source.put('messages', message);
    const text = toJson(await exportAll(source, { includeEmbeddings: false }));
    source.close();

    const parsed = parseBackup(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const target = await openAppDb(`branches-dst-${Math.random()}`);
    await applyBackup(target, parsed.backup, 'skip');
    const repo = new ConversationRepository(target);
    const restored = await repo.messages('c');
    expect(restored.map((r) => [r.id, r.parentId])).toEqual(tree.map((r) => [r.id, r.parentId]));
    expect((await repo.get('c'))?.branches).toEqual({ '': 'u1b', u1b: 'a1b' });

    // Imported again as a copy: new ids, and parents and the shown branches follow them.
    await applyBackup(target, parsed.backup, 'copy');
    const copy = (await repo.list()).find((c) => c.id !== 'c')!;
    const copied = await repo.messages(copy.id);
    const byContent = new Map(copied.map((r) => [r.content, r]));
    expect(byContent.get('a1c')!.parentId).toBe(byContent.get('u1b')!.id);
    expect(byContent.get('u1b')!.parentId).toBeNull();
    expect(copy.branches).toEqual({
      '': byContent.get('u1b')!.id,
      [byContent.get('u1b')!.id]: byContent.get('a1b')!.id,
    });
    expect(copied.some((r) => tree.some((t) => t.id === r.id))).toBe(false);
    target.close();
  });

  it('a file from before trees (no parentId) becomes a chain per conversation', () => {
    const old = tree.slice(0, 2).map(({ parentId: _p, ...rest }) => rest);
    const parsed = parseBackup(file([old[1]!, old[0]!]));
    expect(parsed.ok && parsed.backup.messages.map((r) => [r.id, r.parentId])).toEqual([
      ['u1', null],
      ['a1', 'u1'],
    ]);
  });

  it('a message whose parent is not in its conversation is refused with the reason', () => {
    const parsed = parseBackup(file([m('u1', null, 1), m('a1', 'ghost', 2)]));
    expect(parsed).toMatchObject({ ok: false, code: 'broken-branch' });
    expect(!parsed.ok && parsed.message).toContain('ghost');
  });

  it('the Markdown export carries every branch, each labelled', () => {
    const text = conversationMarkdown(conversation, tree);
    const headings = text.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual([
      '## You — branch 1 / 2',
      '## Assistant',
      '## You — branch 2 / 2',
      '## Assistant — branch 1 / 2',
      '## Assistant — branch 2 / 2',
    ]);
    expect(text.indexOf('a1c')).toBeGreaterThan(text.indexOf('a1b'));
  });
});
