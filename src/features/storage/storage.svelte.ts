/**
 * What the user must know about this browser's storage: records set aside as damaged (with
 * Export it / Delete it), settings reset to defaults, persistence (asked for at the moment it
 * matters, with the reason) and a warning when usage nears the quota.
 */
import { toJson } from '../../platform/db/backup/json';
import { downloadText, fileDate } from '../../ui/download';
import type { KeyValueRepair, KeyValueRepository } from '../../platform/db/kv';
import { KV } from '../../platform/db/kv-keys';
import type { QuarantineRepository } from '../../platform/db/quarantine';
import type { QuarantinedRecord } from '../../platform/db/records';

/** Ask for persistent storage once this many conversations exist. */
export const PERSIST_AT_CONVERSATIONS = 20;
/** Warn when usage passes this share of the quota. */
export const QUOTA_WARNING_SHARE = 0.9;

export interface StorageEstimateLike {
  usage?: number;
  quota?: number;
}

/** True when usage is close enough to the quota that the next download may fail. */
export function nearQuota(estimate: StorageEstimateLike): boolean {
  const { usage, quota } = estimate;
  return !!quota && usage !== undefined && usage / quota >= QUOTA_WARNING_SHARE;
}

export class StorageState {
  quarantined = $state.raw<QuarantinedRecord[]>([]);
  repairs = $state.raw<KeyValueRepair[]>([]);
  /** Why persistence was asked for and what the browser said; null until asked, or once dismissed. */
  persistNotice = $state<string | null>(null);
  quotaWarning = $state<string | null>(null);
  noticeHidden = $state(false);
  /** What the browser answered when asked this session (null: the data was persistent already). */
  private persistAnswer: Promise<boolean | null> | null = null;
  /** What the shown persistence notice is about (e.g. `model:<id>`), so its dismissal can be kept. */
  private noticeSubject: string | null = null;
  private dismissed: Promise<Set<string>> | null = null;

  /** `kv` keeps dismissed notices dismissed across sessions. */
  constructor(
    private readonly quarantine: QuarantineRepository,
    private readonly kv: KeyValueRepository | null = null,
  ) {
    quarantine.onChange = () => void this.refresh();
  }

  async refresh(): Promise<void> {
    this.quarantined = await this.quarantine.list();
  }

  addRepair(repair: KeyValueRepair): void {
    this.repairs = [...this.repairs.filter((r) => r.key !== repair.key), repair];
  }

  dismissRepairs(): void {
    this.repairs = [];
  }

  exportQuarantine(): void {
    const data = {
      format: 'tandem-quarantine',
      exportedAt: new Date().toISOString(),
      records: this.quarantined,
    };
    downloadText(`tandem-set-aside-${fileDate()}.json`, toJson(data, 2));
  }

  async deleteQuarantine(): Promise<void> {
    await this.quarantine.clear();
  }

  /**
   * A model load finished. One that arrived whole is stored on this device: new data at risk, so
   * the browser is asked to keep it (`entry`: a catalog entry, with `id` or `modelId` and `label`).
   */
  modelLoaded(entry: unknown, ready: boolean): void {
    const e = (entry ?? {}) as { id?: unknown; modelId?: unknown; label?: unknown };
    const id = typeof e.id === 'string' ? e.id : typeof e.modelId === 'string' ? e.modelId : null;
    if (!ready || !id) return;
    const label = typeof e.label === 'string' ? e.label : id;
    void this.requestPersistence(`${label} is now stored on this device`, `model:${id}`);
  }

  private dismissedSubjects(): Promise<Set<string>> {
    this.dismissed ??= (this.kv?.get(KV.storageDismissed) ?? Promise.resolve(undefined))
      .catch(() => undefined)
      .then((list) => new Set(list ?? []));
    return this.dismissed;
  }

  /**
   * Asks the browser to keep Tandem's data (models, conversations) under storage pressure. Called
   * when it starts to matter: a model stored on this device, the 20th conversation. The browser is
   * asked once per session; the notice is about `subject` (e.g. `model:<id>`) and is not shown
   * again for a subject the user dismissed, only for something new at risk.
   */
  async requestPersistence(reason: string, subject: string): Promise<void> {
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    if (!storage?.persist || !storage.persisted) return;
    const first = this.persistAnswer === null;
    this.persistAnswer ??= storage
      .persisted()
      .catch(() => false)
      .then((kept) => (kept ? null : storage.persist().catch(() => false)));
    const granted = await this.persistAnswer;
    // Already kept (nothing at risk), kept since this session asked (said once), or on screen.
    if (granted === null || (granted && !first) || subject === this.noticeSubject) return;
    if ((await this.dismissedSubjects()).has(subject)) return;
    this.noticeSubject = subject;
    this.persistNotice = granted
      ? `${reason}, so Tandem asked the browser to keep its data: it will not be cleared when space runs low.`
      : `${reason}. Tandem asked the browser to keep its data, but it said no: under storage pressure it may clear it. Install Tandem as an app or export a backup (Settings) to be safe.`;
  }

  /** Hides the persistence notice, for good for what it was about. */
  async dismissPersistNotice(): Promise<void> {
    const subject = this.noticeSubject;
    this.persistNotice = null;
    if (!subject) return;
    const dismissed = await this.dismissedSubjects();
    dismissed.add(subject);
    await this.kv?.set(KV.storageDismissed, [...dismissed]).catch(() => undefined);
  }

  /** Usage, quota and whether the data is persistent, as the browser reports them (null: unknown). */
  async estimate(): Promise<{ usage: number | null; quota: number | null; persisted: boolean | null }> {
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    const [estimate, persisted] = await Promise.all([
      storage?.estimate?.().catch(() => undefined),
      storage?.persisted?.().catch(() => null),
    ]);
    return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted: persisted ?? null };
  }

  async checkQuota(): Promise<void> {
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    const estimate = await storage?.estimate?.().catch(() => undefined);
    if (!estimate || !nearQuota(estimate)) {
      this.quotaWarning = null;
      return;
    }
    const pct = Math.round(((estimate.usage ?? 0) / (estimate.quota ?? 1)) * 100);
    this.quotaWarning = `Storage is ${pct}% full. Delete models you no longer use (Models page) or old conversations, and export a backup first.`;
  }
}
