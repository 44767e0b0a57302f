/**
 * The time a run has left, from this session's pace: the tasks' own time per task, plus the
 * model loads still ahead at the average time the loads so far took (a run of several local
 * models spends much of its time loading them: a per-task average alone said "about 2 s left"
 * while a 12 s load was about to start).
 */
export interface LoadPace {
  /** How many local model loads this run will make. */
  planned(loads: number): void;
  /** One of them finished, after `ms`. */
  loaded(ms: number): void;
}

export class RunPace implements LoadPace {
  private readonly started: number;
  private loadMs = 0;
  private loads = 0;
  private loadsLeft = 0;

  constructor(private readonly now: () => number) {
    this.started = now();
  }

  planned(loads: number): void {
    this.loadsLeft = Math.max(0, loads);
  }

  loaded(ms: number): void {
    this.loads += 1;
    this.loadMs += Math.max(0, ms);
    this.loadsLeft = Math.max(0, this.loadsLeft - 1);
  }

  /** Milliseconds left; null before the first task of this session (nothing to go by). */
  timeLeft(doneThisSession: number, remaining: number): number | null {
    if (remaining <= 0) return 0;
    if (doneThisSession <= 0) return null;
    const perTask = Math.max(0, this.now() - this.started - this.loadMs) / doneThisSession;
    const perLoad = this.loads > 0 ? this.loadMs / this.loads : 0;
    return perTask * remaining + perLoad * this.loadsLeft;
  }
}
