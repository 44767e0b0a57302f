/**
 * Stored records are dated with wall-clock time (`Date.now()`), never `performance.now()`
 * (milliseconds since the page loaded: a date in January 1970, which retention then deletes).
 * Anything before 2000-01-01 cannot be a real date of a Tandem record.
 */

/** 2000-01-01T00:00:00Z: every stored date is after it. */
export const EARLIEST_WALL_CLOCK = Date.UTC(2000, 0, 1);

export function isWallClock(time: number): boolean {
  return Number.isFinite(time) && time >= EARLIEST_WALL_CLOCK;
}

/** The top-level date fields of a record (`…At`, numbers) that hold no wall-clock time. */
export function nonWallClockFields(record: object): string[] {
  return Object.entries(record)
    .filter(([key, value]) => /At$/.test(key) && typeof value === 'number' && !isWallClock(value))
    .map(([key]) => key);
}

/**
 * New dates for times from the wrong clock, in their order and with their spacing: the
 * earliest becomes `base`, each other one `base + (its time − the earliest)`.
 */
export function redated(times: readonly number[], base: number): number[] {
  if (times.length === 0) return [];
  const earliest = Math.min(...times);
  return times.map((t) => base + (t - earliest));
}
