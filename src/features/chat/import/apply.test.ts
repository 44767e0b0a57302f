import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConversationRepository } from '../../../platform/db/conversations';
import { openAppDb } from '../../../platform/db/schema';
import { visiblePath } from '../tree/tree';
import { applyChatImport } from './apply';
import { parseChatExport } from './parse';

const text = readFileSync(new URL('./testdata/chatgpt-branched.json', import.meta.url), 'utf8');

describe('writing a chat import', () => {
  it('stores records that read back valid, with the branch shown, and skips them the second time', async () => {
    const db = await openAppDb(`chat-import-${Math.random()}`);
    const repo = new ConversationRepository(db);
    const parsed = parseChatExport(text);
    if (!parsed.ok) throw new Error(parsed.message);
    const plan = await applyChatImport(db, parsed, 'skip');
    expect(plan.conversations).toHaveLength(2);

    const capitals = (await repo.list()).find((c) => c.title === 'Capitals')!;
    const messages = await repo.messages(capitals.id);
    expect(messages).toHaveLength(5);
    expect(visiblePath(messages, capitals.branches ?? {}).map((m) => m.content)).toEqual([
      'What is the capital of Italy?',
      'Rome.',
    ]);
    // Nothing was set aside as invalid when read.
    expect(await db.count('quarantine')).toBe(0);

    const again = await applyChatImport(db, parsed, 'skip');
    expect(again.conversations).toHaveLength(0);
    expect(again.duplicatesSkipped).toBe(2);
    expect(await db.count('conversations')).toBe(2);
    db.close();
  });
});
