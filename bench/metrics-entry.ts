/** What bench/metrics.ts runs inside the page (bundled as an IIFE, `TandemMetrics`). */
export { OperationRecorder } from '../src/features/metrics/recorder';
export { MetricsRepository } from '../src/platform/db/operations';
export { openAppDb } from '../src/platform/db/schema';
export { Aggregator, timeBuckets } from '../src/features/metrics/aggregate';
export { rowFromAnswerMetric, rowFromOperation } from '../src/core/operations';
