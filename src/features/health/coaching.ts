/**
 * The coaching block injected into the next request's system prompt. It carries numbers and
 * instructions only, never the user's text, so it cannot smuggle conversation content into a
 * different model's prompt beyond what that prompt already holds.
 */
import type { HealthReport, HealthStatus } from '../../core/health';

export const COACHING_HEADER = '=== CONVERSATION HEALTH (measured locally by Tandem) ===';

const f2 = (x: number): string => x.toFixed(2);

/**
 * Builds the coaching block from the latest report and the reports before it (for the trend
 * line). Only `recent.slice(-windowSize)` matters; pass all reports if convenient.
 */
export function buildCoaching(
  latest: HealthReport,
  recent: readonly HealthReport[] = [],
  windowSize = 6,
): string {
  const e = latest.expected;
  const ctx = latest.context;
  const lines: string[] = [
    COACHING_HEADER,
    'Feedback on this conversation for you, the assistant. Use it to shape your next answer; do not mention it unless the user asks.',
    `Context: ${ctx.label.toUpperCase()} (${ctx.source}, confidence ${f2(ctx.confidence)})`,
    `Status: ${latest.status.toUpperCase()}`,
    `Expected ranges for ${ctx.label.toLowerCase()}:`,
    `  Quality: ${f2(e.quality.min)} - ${f2(e.quality.max)}`,
    `  Topic drift: ${f2(e.topicDrift.min)} - ${f2(e.topicDrift.max)}`,
    `  Max question->response drift: ${f2(e.maxQuestionDrift)}`,
    `  Max fragmentation: ${f2(e.maxFragmentation)}`,
    `Last answer (turn ${latest.turnIndex + 1}): question->response drift ${f2(latest.questionResponseDrift)} / ${f2(latest.driftThreshold)}, topic drift ${f2(latest.topicDrift)}, fragmentation ${f2(latest.fragmentation)}, quality ${f2(latest.quality)}`,
  ];
  const window = [...recent.filter((r) => r.turnIndex < latest.turnIndex), latest].slice(-windowSize);
  if (window.length > 1) {
    const counts = new Map<HealthStatus, number>();
    for (const r of window) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    const order: HealthStatus[] = ['healthy', 'drifting', 'fragmented', 'evasive', 'critical'];
    const parts = order.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
    lines.push(`Recent turns: ${parts.join(', ')} (last ${window.length})`);
  }
  lines.push('ALERTS:');
  if (latest.alerts.length === 0) lines.push('  none');
  for (const a of latest.alerts) {
    lines.push(`  ! [${a.severity}] ${a.code.toUpperCase()}: ${a.message}`);
  }
  lines.push('GUIDANCE:');
  for (const g of latest.guidance.split('\n')) if (g.trim()) lines.push(`  -> ${g}`);
  return lines.join('\n');
}
