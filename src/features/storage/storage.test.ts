import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QuarantineRepository } from '../../platform/db/quarantine';
import { openAppDb } from '../../platform/db/schema';
import { KeyValueRepository } from '../../platform/db/kv';
import { PERSIST_AT_CONVERSATIONS, StorageState } from './storage.svelte';

/** A `navigator.storage` as the StorageManager IDL has it: estimate, persisted, persist. */
function stubStorage(options: { usage: number; quota: number; persisted: boolean; grant: boolean }) {
  const calls = { persist: 0 };
  let persisted = options.persisted;
  vi.stubGlobal('navigator', {
    storage: {
      estimate: () => Promise.resolve({ usage: options.usage, quota: options.quota }),
      persisted: () => Promise.resolve(persisted),
      persist: () => {
        calls.persist++;
        persisted = options.grant;
        return Promise.resolve(options.grant);
      },
    },
  });
  return calls;
}

async function setUp() {
  const db = await openAppDb(`storage-${Math.random()}`);
  const quarantine = new QuarantineRepository(db);
  return { db, quarantine, state: new StorageState(quarantine) };
}

afterEach(() => vi.unstubAllGlobals());

describe('StorageState quota and persistence', () => {
  it('warns with the percentage once usage passes 90% of the quota, and clears the warning below it', async () => {
    const { state } = await setUp();
    stubStorage({ usage: 95, quota: 100, persisted: false, grant: false });
    await state.checkQuota();
    expect(state.quotaWarning).toContain('95% full');
    stubStorage({ usage: 50, quota: 100, persisted: false, grant: false });
    await state.checkQuota();
    expect(state.quotaWarning).toBeNull();
  });

  it('reports usage, quota and persistence as the browser does, and null where it cannot tell', async () => {
    const { state } = await setUp();
    stubStorage({ usage: 1234, quota: 5678, persisted: true, grant: true });
    expect(await state.estimate()).toEqual({ usage: 1234, quota: 5678, persisted: true });
    vi.stubGlobal('navigator', {});
    expect(await state.estimate()).toEqual({ usage: null, quota: null, persisted: null });
    await state.checkQuota();
    expect(state.quotaWarning).toBeNull();
  });

  it('asks for persistence once per session, with the reason, and says what the browser answered', async () => {
    const { state } = await setUp();
    const calls = stubStorage({ usage: 0, quota: 100, persisted: false, grant: false });
    const reason = `You have ${PERSIST_AT_CONVERSATIONS} conversations`;
    await state.requestPersistence(reason, 'conversations');
    expect(calls.persist).toBe(1);
    expect(state.persistNotice).toContain(reason);
    expect(state.persistNotice).toContain('it said no');
    await state.requestPersistence('The first model download', 'model:a');
    expect(calls.persist).toBe(1);

    const granted = await setUp();
    stubStorage({ usage: 0, quota: 100, persisted: false, grant: true });
    await granted.state.requestPersistence('The first model download', 'model:a');
    expect(granted.state.persistNotice).toContain('it will not be cleared when space runs low');
  });

  it('does not ask when the data is already persistent', async () => {
    const { state } = await setUp();
    const calls = stubStorage({ usage: 0, quota: 100, persisted: true, grant: true });
    await state.requestPersistence('The first model download', 'model:a');
    expect(calls.persist).toBe(0);
    expect(state.persistNotice).toBeNull();
  });
});

describe('StorageState persistence notice', () => {
  it('says it once per subject: a dismissed notice stays dismissed in later sessions, a new model brings it back', async () => {
    const { db, quarantine } = await setUp();
    const kv = new KeyValueRepository(db, quarantine);
    stubStorage({ usage: 0, quota: 100, persisted: false, grant: false });
    const first = new StorageState(quarantine, kv);
    first.modelLoaded({ id: 'tiny', label: 'Tiny' }, true);
    await vi.waitFor(() => expect(first.persistNotice).toContain('Tiny is now stored on this device'));
    expect(first.persistNotice).not.toContain('being downloaded');
    await first.dismissPersistNotice();
    expect(first.persistNotice).toBeNull();
    // The same model loaded again (this session or the next) says nothing more.
    first.modelLoaded({ id: 'tiny', label: 'Tiny' }, true);
    const next = new StorageState(quarantine, kv);
    await next.requestPersistence('Tiny is now stored on this device', 'model:tiny');
    expect(first.persistNotice).toBeNull();
    expect(next.persistNotice).toBeNull();
    // A failed load stored nothing; a new model is something new at risk.
    await next.requestPersistence('x', 'model:tiny');
    next.modelLoaded({ modelId: 'other', label: 'Other' }, false);
    expect(next.persistNotice).toBeNull();
    await next.requestPersistence('Other is now stored on this device', 'model:other');
    expect(next.persistNotice).toContain('Other is now stored on this device');
  });
});

describe('StorageState set-aside records and repairs', () => {
  it('lists records set aside in the real quarantine store as they arrive, and deletes them', async () => {
    const { quarantine, state } = await setUp();
    await state.refresh();
    expect(state.quarantined).toEqual([]);
    await quarantine.setAside([
      { store: 'conversations', key: 'c1', record: { id: 'c1', title: 42 }, reason: 'title: not a string' },
    ]);
    await vi.waitFor(() => expect(state.quarantined).toHaveLength(1));
    expect(state.quarantined[0]).toMatchObject({
      store: 'conversations',
      key: 'c1',
      reason: 'title: not a string',
    });
    await state.deleteQuarantine();
    await state.refresh();
    expect(state.quarantined).toEqual([]);
  });

  it('keeps one repair notice per key, the latest', async () => {
    const { state } = await setUp();
    state.addRepair({ key: 'settings', reason: 'a', fields: ['theme'] });
    state.addRepair({ key: 'claude:settings', reason: 'b', fields: ['model'] });
    state.addRepair({ key: 'settings', reason: 'c', fields: ['fontSize'] });
    expect(state.repairs.map((r) => [r.key, r.reason])).toEqual([
      ['claude:settings', 'b'],
      ['settings', 'c'],
    ]);
    state.dismissRepairs();
    expect(state.repairs).toEqual([]);
  });
});
