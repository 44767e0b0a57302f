import 'fake-indexeddb/auto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyValueRepository } from './kv';
import { KV, kvSchemaFor, type KvKey } from './kv-keys';
import { openAppDb } from './schema';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

describe('the kv key registry', () => {
  it('has one entry per key name, each with its schema', () => {
    const fixed = (Object.values(KV) as unknown[]).filter(
      (k): k is KvKey<unknown> => typeof k !== 'function',
    );
    const names = fixed.map((k) => k.name);
    expect(new Set(names).size).toBe(names.length);
    for (const k of fixed) expect(kvSchemaFor(k.name)).toBe(k.schema);
    expect(KV.draft('c1').name).toBe('draft:c1');
    expect(KV.draft(null).name).toBe('draft:new');
    expect(kvSchemaFor(KV.draft('c1').name)).toBe(KV.draft.schema);
    expect(kvSchemaFor(KV.healthPrototypes('m').name)).toBe(KV.healthPrototypes.schema);
    expect(kvSchemaFor('not-a-key')).toBeUndefined();
  });

  it('round-trips typed values through real IndexedDB and checks them on read', async () => {
    const db = await openAppDb(`kv-keys-${crypto.randomUUID()}`);
    const kv = new KeyValueRepository(db);
    await kv.set(KV.activeConversation, 'c-1');
    await kv.set(KV.draft('c-1'), 'half a thought');
    expect(await kv.get(KV.activeConversation)).toBe('c-1');
    expect(await kv.get(KV.draft('c-1'))).toBe('half a thought');
    await kv.delete(KV.draft('c-1'));
    expect(await kv.get(KV.draft('c-1'))).toBeUndefined();
    // A value of the wrong shape under a registered key reads as missing (and is set aside).
    await db.put('kv', { key: KV.routerExamples.name, value: 'not a list', updatedAt: 0 });
    expect(await kv.get(KV.routerExamples)).toBeUndefined();
    // The keys the feedback and metrics states store are checked the same way.
    await kv.set(KV.feedbackSettings, { memory: false, memoryK: 2 });
    expect(await kv.get(KV.feedbackSettings)).toEqual({ memory: false, memoryK: 2 });
    await db.put('kv', { key: KV.feedbackSettings.name, value: { ratingThreshold: 9 }, updatedAt: 0 });
    expect(await kv.get(KV.feedbackSettings)).toBeUndefined();
    await kv.set(KV.metricsRetention, { retentionDays: 30, maxRecords: 1000 });
    expect(await kv.get(KV.metricsRetention)).toEqual({ retentionDays: 30, maxRecords: 1000 });
    await db.put('kv', {
      key: KV.metricsRetention.name,
      value: { retentionDays: -1, maxRecords: 0 },
      updatedAt: 0,
    });
    expect(await kv.get(KV.metricsRetention)).toBeUndefined();
    db.close();
  });

  it('is used by every kv.get/set/delete in src/ (no key as a string literal)', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles('src')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bkv\.(get|set|delete)(<[^>]*>)?\(\s*([^,)]+)/g)) {
        if (!/^KV\.|^key$|^this\.key$/.test(m[3]!.trim())) offenders.push(`${file}: ${m[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
