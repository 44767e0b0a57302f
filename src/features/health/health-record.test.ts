import 'fake-indexeddb/auto';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ConversationRepository } from '../../platform/db/conversations';
import { QuarantineRepository } from '../../platform/db/quarantine';
import { healthReportSchema } from '../../platform/db/records';
import { openAppDb } from '../../platform/db/schema';
import { HashEmbedder } from './testing/hash-embedder';
import { HealthTracker } from './tracker';

async function realReport() {
  const tracker = new HealthTracker(new HashEmbedder(), undefined, { now: () => 0 });
  return (
    await tracker.addTurn({ user: 'Why did the build fail?', assistant: 'The build failed on a test.' })
  ).report;
}

describe('stored health reports', () => {
  it("the tracker's own report passes the schema; {} and a string for a number do not", async () => {
    const report = await realReport();
    expect(v.is(healthReportSchema, report)).toBe(true);
    expect(v.is(healthReportSchema, {})).toBe(false);
    expect(v.is(healthReportSchema, { ...report, questionResponseDrift: 'high' })).toBe(false);
    expect(v.is(healthReportSchema, { ...report, alerts: undefined })).toBe(false);
  });

  it('a message with health {} keeps its text; the report alone is set aside with the notice', async () => {
    const db = await openAppDb(`health-record-${Math.random()}`);
    await db.put('conversations', { id: 'c1', title: 'T', createdAt: 1, updatedAt: 1 });
    const base = { conversationId: 'c1', role: 'assistant', status: 'complete' } as const;
    await db.put('messages', { ...base, id: 'm1', content: 'kept text', createdAt: 1, health: {} as never });
    await db.put('messages', {
      ...base,
      id: 'm2',
      content: 'fine',
      createdAt: 2,
      health: await realReport(),
    });
    const quarantine = new QuarantineRepository(db);
    const repo = new ConversationRepository(db, quarantine);
    const [m1, m2] = await repo.messages('c1');
    expect(m1).toMatchObject({ id: 'm1', content: 'kept text' });
    expect(m1!.health).toBeUndefined();
    expect(m2!.health).toBeDefined();
    const set = await quarantine.list();
    expect(set).toHaveLength(1);
    expect(set[0]).toMatchObject({ store: 'message-health', key: 'm1' });
    expect(set[0]!.reason).toMatch(/^health: /);
    expect((set[0]!.record as { health: unknown }).health).toEqual({});
    // Repaired in place: reading again sets nothing more aside.
    await repo.messages('c1');
    expect(await quarantine.list()).toHaveLength(1);
  });
});
