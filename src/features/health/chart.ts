/**
 * Geometry of the drift chart (drift per turn against its threshold): scale, axis ticks and the
 * turn numbers to label. Pure, so the component only draws what this returns.
 */
export interface ChartPoint {
  turn: number;
  drift: number;
  threshold: number;
  alert: boolean;
  status: string;
}

export interface ChartBox {
  width: number;
  height: number;
  /** Room for the y-axis labels on the left and the turn numbers at the bottom. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface ChartLayout {
  /** The drift value at the top of the chart (a multiple of 0.25, at least 1). */
  max: number;
  yTicks: { value: number; y: number; label: string }[];
  xTicks: { turn: number; x: number }[];
  points: (ChartPoint & { x: number; y: number; thresholdY: number })[];
}

/** Labels no closer than this many pixels apart on the turn axis. */
const MIN_LABEL_GAP = 28;

/** Every k-th turn so labels never collide; the first and last turn are always labelled. */
export function turnTicks(count: number, plotWidth: number): number[] {
  if (count <= 0) return [];
  const fit = Math.max(2, Math.floor(plotWidth / MIN_LABEL_GAP) + 1);
  const step = Math.max(1, Math.ceil((count - 1) / (fit - 1)));
  const ticks: number[] = [];
  for (let i = 0; i < count; i += step) ticks.push(i);
  const last = count - 1;
  if (ticks[ticks.length - 1] !== last) {
    // Drop the tick before the last one when it would sit too close to it.
    if (
      ticks.length > 1 &&
      (last - ticks[ticks.length - 1]!) * (plotWidth / Math.max(1, last)) < MIN_LABEL_GAP
    )
      ticks.pop();
    ticks.push(last);
  }
  return ticks;
}

export function layoutChart(points: readonly ChartPoint[], box: ChartBox): ChartLayout {
  const highest = Math.max(1, ...points.map((p) => Math.max(p.drift, p.threshold)));
  const max = Math.ceil(highest * 4) / 4;
  const plotW = Math.max(1, box.width - box.left - box.right);
  const plotH = Math.max(1, box.height - box.top - box.bottom);
  const x = (i: number): number =>
    points.length <= 1 ? box.left + plotW / 2 : box.left + (i * plotW) / (points.length - 1);
  const y = (v: number): number => box.top + plotH - (Math.max(0, v) / max) * plotH;
  const yTicks: ChartLayout['yTicks'] = [];
  const step = max <= 1 ? 0.25 : 0.5;
  for (let v = 0; v <= max + 1e-9; v += step) {
    yTicks.push({ value: v, y: y(v), label: v.toFixed(2) });
  }
  return {
    max,
    yTicks,
    xTicks: turnTicks(points.length, plotW).map((i) => ({ turn: points[i]!.turn, x: x(i) })),
    points: points.map((p, i) => ({ ...p, x: x(i), y: y(p.drift), thresholdY: y(p.threshold) })),
  };
}
