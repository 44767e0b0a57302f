import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { downloadText, emptyProfile, readStore, startConversation } from './storage-helpers';
/** Records a backup must bring back (the app rewrites the active conversation and drafts itself; keys are never exported). */
const VOLATILE = new Set(['activeConversation', 'claude-api-key', 'server-api-key']);
const byId = (a: unknown, b: unknown): number =>
  String((a as { id?: string; key?: string }).id ?? (a as { key: string }).key).localeCompare(
    String((b as { id?: string; key?: string }).id ?? (b as { key: string }).key),
  );

async function snapshot(
  page: Page,
): Promise<{ conversations: unknown[]; messages: unknown[]; kv: unknown[]; answerMetrics: unknown[] }> {
  return {
    conversations: (await readStore(page, 'conversations')).sort(byId),
    messages: (await readStore(page, 'messages')).sort(byId),
    answerMetrics: (await readStore(page, 'answerMetrics')).sort(byId),
    kv: (await readStore(page, 'kv'))
      .filter(
        (r) => !VOLATILE.has((r as { key: string }).key) && !(r as { key: string }).key.startsWith('draft:'),
      )
      .sort(byId),
  };
}

async function exportAll(page: Page): Promise<{ name: string; text: string; path: string }> {
  await page.goto('/#/settings');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all data' }).click();
  const download = await downloading;
  return {
    name: download.suggestedFilename(),
    text: await downloadText(download),
    path: await download.path(),
  };
}

async function importFile(
  page: Page,
  file: string | { name: string; mimeType: string; buffer: Buffer },
): Promise<void> {
  await page.goto('/#/settings');
  await page.getByLabel('Backup file').setInputFiles(file);
}

async function seed(page: Page): Promise<void> {
  await page.goto('/#/chat');
  await startConversation(page, 'Plan a trip to Lisbon');
  await startConversation(page, 'Recipe for bread');
  await page.goto('/#/settings');
  await page.getByLabel('System prompt').fill('Answer like a pirate.');
  await page.getByLabel('System prompt').blur();
  await page.getByTestId('claude-settings').getByLabel('Remember on this device').check();
  await page.getByLabel('Claude API key').fill('sk-ant-never-exported');
  await page.getByRole('button', { name: 'Save key' }).click();
  await page.getByTestId('server-settings').getByLabel('Remember on this device').check();
  await page.getByLabel('Server API key').fill('sk-server-never-exported');
  await page.getByRole('button', { name: 'Save server key' }).click();
  await expect
    .poll(async () => (await readStore(page, 'kv')).map((r) => (r as { key: string }).key))
    .toEqual(expect.arrayContaining(['settings', 'claude-api-key', 'server-api-key']));
}

test('export → reset → import brings every record back, and never the API key', async ({ page }) => {
  await seed(page);
  const before = await snapshot(page);
  expect(before.conversations).toHaveLength(2);
  // Each answer's measurements (one attempt each) are part of what must come back.
  expect(before.answerMetrics).toHaveLength(2);
  const backup = await exportAll(page);
  expect(backup.name).toMatch(/^tandem-backup-\d{4}-\d{2}-\d{2}\.json$/);
  expect(backup.text).not.toContain('sk-ant-never-exported');
  expect(backup.text).not.toContain('claude-api-key');
  expect(backup.text).not.toContain('sk-server-never-exported');
  expect(backup.text).not.toContain('server-api-key');
  expect(JSON.parse(backup.text)).toMatchObject({ format: 'tandem-backup', version: 1 });

  await emptyProfile(page);
  await page.goto('/#/chat');
  await expect(page.getByTestId('conversation-item')).toHaveCount(0);
  await importFile(page, backup.path);
  const status = page.getByRole('status').filter({ hasText: 'Imported' });
  await expect(status).toContainText('Added 2 conversations (4 messages)');
  await expect(status).toContainText('Restored 2 answer measurements.');
  const after = await snapshot(page);
  expect(after.conversations).toEqual(before.conversations);
  expect(after.messages).toEqual(before.messages);
  expect(after.kv).toEqual(before.kv);
  expect(after.answerMetrics).toEqual(before.answerMetrics);
  await expect(page.getByLabel('System prompt')).toHaveValue('Answer like a pirate.');
  await page.goto('/#/chat');
  await expect(page.getByTestId('conversation-item')).toHaveCount(2);
});

test('existing conversations are skipped or kept as copies, as chosen', async ({ page }) => {
  await page.goto('/#/chat');
  await startConversation(page, 'Only one');
  const backup = await exportAll(page);
  await importFile(page, backup.path);
  await expect(page.getByTestId('import-status')).toContainText('Skipped 1 conversation already here');
  await page.getByLabel('Keep both (import as copies)').check();
  await page.getByLabel('Backup file').setInputFiles(backup.path);
  await expect(page.getByTestId('import-status')).toContainText('1 conversation already here kept as copies');
  // The copy's answer measurements point at the copy, the original's stay with the original.
  const conversations = (await readStore(page, 'conversations')) as { id: string; title: string }[];
  const metrics = (await readStore(page, 'answerMetrics')) as { conversationId: string; messageId: string }[];
  const messages = (await readStore(page, 'messages')) as { id: string; conversationId: string }[];
  expect(metrics.map((m) => m.conversationId).sort()).toEqual(conversations.map((c) => c.id).sort());
  for (const m of metrics) {
    expect(messages.find((x) => x.id === m.messageId)?.conversationId).toBe(m.conversationId);
  }
  await page.goto('/#/chat');
  await expect(page.getByTestId('conversation-item')).toHaveCount(2);
  await expect(
    page.getByTestId('conversation-item').filter({ hasText: 'Only one (imported copy)' }),
  ).toHaveCount(1);
});

test('one conversation exports as JSON and as Markdown', async ({ page }) => {
  await page.goto('/#/chat');
  await startConversation(page, 'Plan a trip to Lisbon');
  await page.goto('/#/settings');
  await page.getByLabel('Conversation to export').selectOption({ label: 'Plan a trip to Lisbon' });
  let downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as Markdown' }).click();
  const markdown = await downloadText(await downloading);
  expect(markdown).toContain('# Plan a trip to Lisbon');
  expect(markdown).toContain('## You\n\nPlan a trip to Lisbon');
  downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as JSON' }).click();
  const json = JSON.parse(await downloadText(await downloading)) as {
    conversations: unknown[];
    messages: unknown[];
  };
  expect(json.conversations).toHaveLength(1);
  expect(json.messages).toHaveLength(2);
});

test('malformed backups each say what is wrong and change nothing', async ({ page }, testInfo) => {
  await page.goto('/#/chat');
  await startConversation(page, 'Stays exactly as it is');
  const good = JSON.parse((await exportAll(page)).text) as Record<string, unknown> & {
    conversations: Record<string, unknown>[];
  };
  const other = { ...good.conversations[0], id: 'c_other' };
  const text = JSON.stringify({ ...good, conversations: [...good.conversations, other] });
  const cases: [string, string, RegExp][] = [
    ['truncated.json', text.slice(0, Math.floor(text.length * 0.6)), /not valid JSON, perhaps cut short/],
    ['newer.json', JSON.stringify({ ...good, version: 2 }), /made by a newer Tandem \(format version 2/],
    [
      'types.json',
      JSON.stringify({ ...good, conversations: [{ ...other, title: 42 }] }),
      /wrong shape: conversations\.0\.title/,
    ],
    [
      'duplicate.json',
      JSON.stringify({ ...good, conversations: [other, other] }),
      /lists conversation c_other twice/,
    ],
    [
      'key.json',
      JSON.stringify({ ...good, apiKey: 'sk-ant-smuggled' }),
      /contains an API key field \(apiKey\)/,
    ],
  ];
  // 100 MB: a large file is read and parsed in a worker; this one is cut short at the end.
  const dir = testInfo.outputPath('files');
  mkdirSync(dir, { recursive: true });
  const big = join(dir, 'big.json');
  const filler = 'x'.repeat(1024 * 1024);
  const bigConversations = Array.from({ length: 100 }, (_, i) => ({
    ...other,
    id: `c_big${i}`,
    title: filler,
  }));
  const bigText = JSON.stringify({ ...good, conversations: bigConversations });
  writeFileSync(big, bigText.slice(0, bigText.length - 10));
  const before = await snapshot(page);
  for (const [name, content, message] of cases) {
    await importFile(page, { name, mimeType: 'application/json', buffer: Buffer.from(content) });
    const status = page.getByTestId('import-status');
    await expect(status).toContainText(`${name} was not imported`);
    await expect(status).toContainText(message);
    await expect(status).toContainText('Nothing was changed.');
    expect(await snapshot(page)).toEqual(before);
  }
  await importFile(page, big);
  await expect(page.getByTestId('import-status')).toContainText('big.json was not imported', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('import-status')).toContainText(/not valid JSON.*Nothing was changed\./);
  expect(await snapshot(page)).toEqual(before);
});

test('a 100 MB backup imports (read and parsed in a worker)', async ({ page }, testInfo) => {
  await page.goto('/#/chat');
  await startConversation(page, 'Already here');
  const good = JSON.parse((await exportAll(page)).text) as Record<string, unknown> & {
    conversations: Record<string, unknown>[];
    messages: Record<string, unknown>[];
  };
  const base = good.messages[0]!;
  const conversations = Array.from({ length: 10 }, (_, i) => ({
    ...good.conversations[0],
    id: `c_big${i}`,
    title: `Big ${i}`,
  }));
  const content = 'word '.repeat(200 * 1024);
  const messages = Array.from({ length: 100 }, (_, i) => ({
    ...base,
    id: `m_big${i}`,
    conversationId: `c_big${i % 10}`,
    parentId: i < 10 ? null : `m_big${i - 10}`, // each conversation a chain (trees since v8)
    content,
    createdAt: 1000 + i,
  }));
  const path = join(testInfo.outputPath('files'), 'large-backup.json');
  mkdirSync(testInfo.outputPath('files'), { recursive: true });
  writeFileSync(path, JSON.stringify({ ...good, conversations, messages, keyValues: [] }));
  await page.goto('/#/settings');
  // What the page itself reads and parses while the import runs: the file must go to the worker
  // whole (reading or parsing 100 MB here would freeze the page). Deterministic: sizes, not times.
  await page.evaluate(() => {
    const seen = { parsed: 0, read: 0 };
    (window as unknown as { __seen: typeof seen }).__seen = seen;
    const parse = JSON.parse;
    JSON.parse = ((text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) => {
      seen.parsed = Math.max(seen.parsed, String(text).length);
      return parse(text, reviver);
    }) as typeof JSON.parse;
    for (const method of ['text', 'arrayBuffer', 'bytes', 'stream'] as const) {
      const original = Blob.prototype[method] as ((this: Blob) => unknown) | undefined;
      if (!original) continue;
      (Blob.prototype as unknown as Record<string, unknown>)[method] = function (this: Blob) {
        seen.read = Math.max(seen.read, this.size);
        return original.call(this);
      };
    }
    for (const method of ['readAsText', 'readAsArrayBuffer', 'readAsDataURL'] as const) {
      const original = FileReader.prototype[method] as (this: FileReader, blob: Blob) => void;
      FileReader.prototype[method] = function (this: FileReader, blob: Blob) {
        seen.read = Math.max(seen.read, blob.size);
        return original.call(this, blob);
      } as never;
    }
    // A measurement for the log (never a pass/fail): the main thread's longest task and frame gap.
    const probe = { maxGap: 0, longest: 0, frames: 0, stop: false };
    (window as unknown as { __probe: typeof probe }).__probe = probe;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longest = Math.max(probe.longest, e.duration);
    }).observe({ type: 'longtask' });
    let last = performance.now();
    const frame = (t: number): void => {
      probe.maxGap = Math.max(probe.maxGap, t - last);
      probe.frames += 1;
      last = t;
      if (!probe.stop) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  await importFile(page, path);
  // The page still takes input while the worker reads and parses.
  await page.getByLabel('Include embeddings and health reports (larger; they can be computed again)').check();
  await expect(page.getByTestId('import-status')).toContainText('Added 10 conversations (100 messages)', {
    timeout: 90_000,
  });
  const { seen, probe } = await page.evaluate(() => {
    const w = window as unknown as {
      __seen: { parsed: number; read: number };
      __probe: { maxGap: number; longest: number; frames: number; stop: boolean };
    };
    w.__probe.stop = true;
    return { seen: w.__seen, probe: w.__probe };
  });
  console.info(
    `100 MB import, main thread: longest task ${Math.round(probe.longest)} ms, longest frame gap ${Math.round(probe.maxGap)} ms over ${probe.frames} frames; largest text parsed on the page ${seen.parsed} characters, largest blob read there ${seen.read} bytes (load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')})`,
  );
  // The 100 MB file was neither read nor parsed on the page (small settings and records are).
  expect(seen.read).toBeLessThan(1_000_000);
  expect(seen.parsed).toBeLessThan(1_000_000);
  await page.goto('/#/chat');
  await expect(page.getByTestId('conversation-item')).toHaveCount(11);
});
