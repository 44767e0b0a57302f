/**
 * Which rows of a long list of equal-height rows to draw: those in view plus `overscan` on each
 * side. The rows above and below stay as padding, so the scrollbar is that of the whole list.
 */
export type RowWindow = { start: number; end: number; padTop: number; padBottom: number };

export function rowWindow(options: {
  count: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
  overscan?: number;
}): RowWindow {
  const { count, scrollTop, viewportHeight } = options;
  const overscan = options.overscan ?? 10;
  const rowHeight = options.rowHeight > 0 ? options.rowHeight : 1;
  if (count <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const inView = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, Math.max(start, first + inView + overscan));
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}
