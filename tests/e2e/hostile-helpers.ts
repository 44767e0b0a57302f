/**
 * Hostile values for the probe suite (hostile-probe.spec.ts): payloads that would run script if
 * any page put them into the DOM as HTML (or a `javascript:` URL into a link), and valid records
 * of every store that carry one payload in each of their shown text fields. Every payload that
 * ran would set `window.__hostile` or open a dialog; the Content-Security-Policy fixture also
 * fails the test on any blocked inline script.
 */
import type { Page } from '@playwright/test';
import { evaluationRecords } from './hostile-eval-records';

export const PAYLOADS = [
  `<img src=x onerror="window.__hostile=1;alert(1)">`,
  `<script>window.__hostile=2;alert(2)</script>`,
  `[click](javascript:window.__hostile=3) <a href="javascript:window.__hostile=3">go</a>`,
  `<svg onload="window.__hostile=4"><circle r="1"/></svg>`,
  `"><iframe srcdoc="<script>parent.__hostile=5</script>"></iframe><b x="`,
  `<details open ontoggle="window.__hostile=6">x</details>`,
  `javascript:window.__hostile=7;alert(7)`,
  `<a href="#" onclick="window.__hostile=8">{{constructor.constructor('window.__hostile=8')()}}</a>`,
] as const;

/** A record in a store, and the dotted paths of the fields that hold the payload. */
export interface Seeded {
  store: string;
  record: Record<string, unknown>;
  fields: string[];
}

/** The records of payload `i`: one conversation, its messages, feedback, an evaluation and the rest. */
export function hostileRecords(p: string, i: number, now: number): Seeded[] {
  const c = `c_hostile_${i}`;
  const user = `m_hostile_user_${i}`;
  const answer = `m_hostile_answer_${i}`;
  const failed = `m_hostile_failed_${i}`;
  const model = `${p} model`;
  const t = now - (PAYLOADS.length - i) * 60_000;
  const route = { target: 'claude', label: p, reasons: [p] };
  return [
    {
      store: 'conversations',
      record: { id: c, title: p, createdAt: t, updatedAt: t + 3 },
      fields: ['title'],
    },
    {
      store: 'messages',
      record: {
        id: user,
        conversationId: c,
        parentId: null,
        role: 'user',
        content: p,
        createdAt: t,
        status: 'complete',
      },
      fields: ['user content'],
    },
    {
      store: 'messages',
      record: {
        id: answer,
        conversationId: c,
        parentId: user,
        role: 'assistant',
        content: p,
        createdAt: t + 1,
        status: 'complete',
        model: { kind: 'claude', id: model, label: p },
        route,
        notices: [{ kind: 'info', text: p }],
        sources: [{ n: 1, documentId: `d_hostile_${i}`, documentName: p, excerpt: p }],
        toolEvents: [{ id: `tool_${i}`, name: p, input: { q: p }, output: p }],
        coaching: p,
      },
      fields: [
        'answer content',
        'model id',
        'model label',
        'route label',
        'route reason',
        'notice',
        'source name',
        'source excerpt',
        'tool name',
        'tool output',
        'coaching',
      ],
    },
    {
      store: 'messages',
      record: {
        id: failed,
        conversationId: c,
        parentId: answer,
        role: 'assistant',
        content: '',
        createdAt: t + 2,
        status: 'error',
        error: { name: 'Error', message: p, code: 'network', retryable: true },
      },
      fields: ['error message'],
    },
    {
      store: 'documents',
      record: {
        id: `d_hostile_${i}`,
        conversationId: c,
        name: p,
        type: 'text',
        size: 10,
        chars: 10,
        chunkCount: 0,
        embeddingModel: null,
        createdAt: t,
      },
      fields: ['document name'],
    },
    {
      store: 'feedback',
      record: {
        id: answer,
        conversationId: c,
        createdAt: t,
        updatedAt: t,
        rating: 5,
        comment: p,
        correction: `${p} (corrected)`,
        signals: ['copied'],
        messages: [
          { role: 'user', content: p },
          { role: 'assistant', content: p },
        ],
        model: { kind: 'claude', id: model, label: p },
        route: { target: 'claude', kind: 'general', category: p, label: p },
        settings: { temperature: 0.7, topP: 1, maxTokens: 256 },
      },
      fields: [
        'feedback comment',
        'feedback correction',
        'feedback prompt',
        'feedback model',
        'feedback route',
      ],
    },
    ...evaluationRecords(p, `e_hostile_${i}`, model, t),
    {
      store: 'answerMetrics',
      record: {
        id: `${answer}:0`,
        messageId: answer,
        conversationId: c,
        attempt: 0,
        source: 'chat',
        modelId: model,
        modelLabel: p,
        backend: 'claude',
        device: p,
        route: { target: 'claude', reasons: [p] },
        status: 'error',
        errorCode: p,
        startedAt: t,
        totalMs: 120,
        ttftMs: 40,
        prefillTokensPerSecond: null,
        decodeTokensPerSecond: 12,
        inputTokens: 10,
        outputTokens: 5,
        costUsd: 0.001,
      },
      fields: ['metric model', 'metric label', 'metric device', 'metric error', 'metric route reason'],
    },
    {
      store: 'operations',
      record: {
        id: `o_hostile_${i}`,
        kind: 'embedding',
        at: t,
        modelId: model,
        status: 'error',
        errorCode: p,
        totalMs: 5,
        backend: p,
        detail: p,
        items: 1,
        tokensIn: null,
        tokensOut: null,
        bytes: null,
        route: null,
      },
      fields: ['operation model', 'operation error', 'operation backend', 'operation detail'],
    },
    {
      store: 'quarantine',
      record: {
        id: `q_hostile_${i}`,
        store: p,
        key: p,
        reason: p,
        record: { content: p },
        quarantinedAt: t,
      },
      fields: ['set-aside store', 'set-aside key', 'set-aside reason'],
    },
  ];
}

/** Writes every payload's records straight into IndexedDB (the app is reloaded afterwards). */
export async function seedHostile(page: Page): Promise<{ fields: number; placements: number }> {
  const now = Date.now();
  const seeded = PAYLOADS.flatMap((p, i) => hostileRecords(p, i, now));
  await page.evaluate(async (records) => {
    const open = indexedDB.open('tandem');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const stores = [...new Set(records.map((r) => r.store))];
    const tx = db.transaction(stores, 'readwrite');
    for (const r of records) tx.objectStore(r.store).put(r.record);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, seeded);
  const fields = hostileRecords('', 0, now).reduce((n, s) => n + s.fields.length, 0);
  return { fields, placements: fields * PAYLOADS.length };
}

/** What a payload that reached the DOM as markup would leave there (besides `window.__hostile`). */
export async function domDamage(page: Page): Promise<Record<string, number | string | null>> {
  return page.evaluate(() => {
    const all = [...document.body.querySelectorAll('*')];
    const url = /^\s*javascript:/i;
    return {
      flag: String((window as unknown as { __hostile?: unknown }).__hostile ?? null),
      handlers: all.filter((n) => [...n.attributes].some((a) => a.name.toLowerCase().startsWith('on')))
        .length,
      scripts: document.body.querySelectorAll('script, iframe, object, embed').length,
      jsUrls: all.filter((n) =>
        ['href', 'src', 'action', 'formaction', 'xlink:href'].some((a) => url.test(n.getAttribute(a) ?? '')),
      ).length,
      strayImages: document.body.querySelectorAll('img[src="x"], svg circle[r="1"]').length,
    };
  });
}

export const NO_DAMAGE = { flag: 'null', handlers: 0, scripts: 0, jsUrls: 0, strayImages: 0 };
