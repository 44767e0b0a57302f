/** Pure helpers of the time charts (TimeChart.svelte): which bucket the legend shows without a cursor. */

/** The latest bucket where any series has a value (null: none has). */
export function latestFilled(series: readonly (readonly (number | null)[])[]): number | null {
  let latest: number | null = null;
  for (const values of series) {
    for (let i = values.length - 1; i > (latest ?? -1); i--) {
      const v = values[i];
      if (v !== null && v !== undefined && Number.isFinite(v)) {
        latest = i;
        break;
      }
    }
  }
  return latest;
}

/** The bucket the legend reads: the one under the cursor, else the latest with a value. */
export function legendIndex(cursor: number | null | undefined, latest: number | null): number | null {
  return cursor ?? latest;
}
