/**
 * Metrics exports, pure: JSON (the stored records as they are) and CSV (one line per record).
 * Records carry no message text and no key; the text of an answer is added only when asked
 * (`texts`, looked up by the caller).
 */
import type { AnswerMetric } from '../../core/answers/metric';
import type { OperationRecord } from '../../core/operations';
import { csvField } from '../../core/csv';

export const METRICS_FORMAT = 'tandem-metrics';

export interface MetricsExport {
  format: typeof METRICS_FORMAT;
  version: 1;
  exportedAt: string;
  answerMetrics: (AnswerMetric & { text?: string })[];
  operations: OperationRecord[];
}

export function metricsJson(
  data: { answerMetrics: AnswerMetric[]; operations: OperationRecord[] },
  texts: ReadonlyMap<string, string> | null = null,
  now = new Date(),
): MetricsExport {
  return {
    format: METRICS_FORMAT,
    version: 1,
    exportedAt: now.toISOString(),
    answerMetrics: texts
      ? data.answerMetrics.map((m) => ({ ...m, text: texts.get(m.messageId) ?? '' }))
      : data.answerMetrics,
    operations: data.operations,
  };
}

const COLUMNS = [
  'store',
  'id',
  'kind',
  'at',
  'modelId',
  'backend',
  'status',
  'errorCode',
  'totalMs',
  'ttftMs',
  'prefillTokensPerSecond',
  'decodeTokensPerSecond',
  'tokensIn',
  'tokensOut',
  'costUsd',
  'detail',
  'target',
  'reasons',
  'bytes',
] as const;

export function metricsCsv(
  data: { answerMetrics: AnswerMetric[]; operations: OperationRecord[] },
  texts: ReadonlyMap<string, string> | null = null,
): string {
  const header = texts ? [...COLUMNS, 'text'] : [...COLUMNS];
  const lines = [header.join(',')];
  for (const m of data.answerMetrics) {
    const row: unknown[] = [
      'answerMetrics',
      m.id,
      'generation',
      new Date(m.startedAt).toISOString(),
      m.modelId,
      m.backend,
      m.status,
      m.errorCode,
      m.totalMs,
      m.ttftMs,
      m.prefillTokensPerSecond,
      m.decodeTokensPerSecond,
      m.inputTokens,
      m.outputTokens,
      m.costUsd,
      m.source,
      // Where this attempt ran (a fallback attempt ran on the other side than the route chose).
      m.backend === 'claude' ? 'claude' : m.backend === 'server' ? 'server' : 'local',
      m.route?.reasons.join('; '),
      null,
    ];
    if (texts) row.push(texts.get(m.messageId) ?? '');
    lines.push(row.map(csvField).join(','));
  }
  for (const o of data.operations) {
    const row: unknown[] = [
      'operations',
      o.id,
      o.kind,
      new Date(o.at).toISOString(),
      o.modelId,
      o.backend,
      o.status,
      o.errorCode,
      o.totalMs,
      null,
      null,
      null,
      o.tokensIn,
      o.tokensOut,
      null,
      o.detail,
      o.route?.target,
      o.route?.reasons.join('; '),
      o.bytes,
    ];
    if (texts) row.push('');
    lines.push(row.map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
