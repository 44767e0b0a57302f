/**
 * What the user must know about this browser's storage: records set aside as damaged (with
 * Export it / Delete it), settings reset to defaults, persistence (asked for at the moment it
 * matters, with the reason) and a warning when usage nears the quota.
 */
import { toJson } from '../../platform/db/backup/json';
import { downloadText, fileDate } from '../../ui/download';
import type { KeyValueRepair } from '../../platform/db/kv';
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
  /** Why persistence was asked for and what the browser said; null until asked. */
  persistNotice = $state<string | null>(null);
  quotaWarning = $state<string | null>(null);
  noticeHidden = $state(false);
  private persistAsked = false;

  constructor(private readonly quarantine: QuarantineRepository) {
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
   * Asks the browser to keep Tandem's data (models, conversations) under storage pressure. Called
   * when it starts to matter: the first model download, the 20th conversation. Once per session.
   */
  async requestPersistence(reason: string): Promise<void> {
    if (this.persistAsked) return;
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    if (!storage?.persist || !storage.persisted) return;
    if (await storage.persisted().catch(() => false)) return;
    this.persistAsked = true;
    const granted = await storage.persist().catch(() => false);
    this.persistNotice = granted
      ? `${reason}, so Tandem asked the browser to keep its data: it will not be cleared when space runs low.`
      : `${reason}. Tandem asked the browser to keep its data, but it said no: under storage pressure it may clear it. Install Tandem as an app or export a backup (Settings) to be safe.`;
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
