/**
 * The open conversation as a tree (every branch) and the branch on screen. The chat reads
 * `visible`; writing messages goes through `upsert`, which shows a message new to the tree, so an
 * answer, an edit or a regenerated answer appears where it was made.
 */
import type { StoredMessage } from '../../core/stored';
import {
  parentKey,
  selectChild,
  siblingInfo,
  switchBranch,
  visiblePath,
  type BranchSelection,
  type SiblingInfo,
} from './tree/tree';

export class ConversationTree {
  /** Every message of the conversation, every branch. */
  all = $state.raw<StoredMessage[]>([]);
  /** Per parent, the child shown. */
  branches = $state.raw<BranchSelection>({});
  readonly visible = $derived(visiblePath(this.all, this.branches));

  /** `onBranches` stores a changed choice of branches (not called by `load`). */
  constructor(private readonly onBranches: (branches: BranchSelection) => void) {}

  load(all: StoredMessage[], branches: BranchSelection | undefined): void {
    this.branches = branches ?? {};
    this.all = all;
  }

  /** Stores messages into the tree (replacing those with the same id); new ones are shown. */
  upsert(next: readonly StoredMessage[]): void {
    const at = new Map(this.all.map((m, i) => [m.id, i]));
    const all = [...this.all];
    let branches = this.branches;
    for (const message of next) {
      const i = at.get(message.id);
      if (i !== undefined) {
        all[i] = message;
        continue;
      }
      at.set(message.id, all.push(message) - 1);
      branches = selectChild(branches, parentKey(message), message.id);
    }
    this.all = all;
    this.show(branches);
  }

  /** Where a message stands among its alternatives ("2 / 3"); null when it has none. */
  siblings(id: string): SiblingInfo | null {
    const info = siblingInfo(this.all, id);
    return info && info.count > 1 ? info : null;
  }

  /** Shows the previous (-1) or next (+1) alternative of `id`. */
  switchBranch(id: string, delta: number): void {
    this.show(switchBranch(this.all, this.branches, id, delta));
  }

  /** The newest message of any branch (new messages are created after it). */
  latest(): StoredMessage[] {
    let latest: StoredMessage | undefined;
    for (const m of this.all) if (!latest || m.createdAt > latest.createdAt) latest = m;
    return latest ? [latest] : [];
  }

  private show(branches: BranchSelection): void {
    if (branches === this.branches) return;
    this.branches = branches;
    this.onBranches(branches);
  }
}
