/** What bench/metrics.ts runs inside the page (bundled as an IIFE, `TandemMetrics`). */
export { OperationRecorder } from '../src/lib/metrics/recorder';
export { MetricsRepository } from '../src/lib/db/operations';
export { openAppDb } from '../src/lib/db/schema';
export { Aggregator, timeBuckets } from '../src/lib/metrics/aggregate';
export { rowFromAnswerMetric, rowFromOperation } from '../src/lib/metrics/types';
