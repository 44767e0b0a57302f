/**
 * Text renderings of a report: the full report (expanded view, "copy report") and the
 * one-line summary of the compact health strip. Pure string formatting.
 */
import type { HealthReport } from '../../core/health';

const f3 = (x: number): string => x.toFixed(3);
const f2 = (x: number): string => x.toFixed(2);
const RULE = '\u2500'.repeat(60);

export interface FormatOptions {
  /** Include timings (default true). Turn off for text that must be identical across runs. */
  timings?: boolean;
}

function mark(ok: boolean): string {
  return ok ? '\u2713 OK' : '\u26a0 ALERT';
}

export function formatTotalMs(report: HealthReport): string {
  const ms = report.timings.embedMs + report.timings.scoreMs;
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** The full report, in the layout of the original health tracker. */
export function formatReport(report: HealthReport, options: FormatOptions = {}): string {
  const withTimings = options.timings ?? true;
  const e = report.expected;
  const c = report.context;
  const rq = report.repeatedQuestion;
  const lines: string[] = [
    RULE,
    `CONVERSATION HEALTH \u2014 turn ${report.turnIndex + 1}` +
      (withTimings
        ? ` (computed locally in ${formatTotalMs(report)}: embed ${f2(report.timings.embedMs)} ms, score ${f2(report.timings.scoreMs)} ms)`
        : ''),
    RULE,
    `Status: ${report.status}`,
    `Context: ${c.label} (${c.source}${c.matchedKeywords.length ? `: ${c.matchedKeywords.join(', ')}` : ''}; confidence ${f2(c.confidence)})`,
    `Question\u2192Response Drift: ${f3(report.questionResponseDrift)} / ${f3(report.driftThreshold)} ${mark(report.questionResponseDrift <= report.driftThreshold)}`,
    `Topic drift: ${f3(report.topicDrift)} (expected ${f2(e.topicDrift.min)} - ${f2(e.topicDrift.max)}) ${mark(report.topicDrift <= e.topicDrift.max)}`,
    `Fragmentation: ${f3(report.fragmentation)} / ${f3(e.maxFragmentation)} (${report.topicCount} topic${report.topicCount === 1 ? '' : 's'} in ${report.windowTurns} turn${report.windowTurns === 1 ? '' : 's'}) ${mark(!report.alerts.some((a) => a.code === 'fragmentation'))}`,
    `Quality: ${f3(report.quality)} (expected ${f2(e.quality.min)} - ${f2(e.quality.max)}) ${mark(report.quality >= e.quality.min)}`,
    rq.isRepeat && rq.similarTo !== null
      ? `Repeated question: YES, like turn ${rq.similarTo + 1} (similarity ${f3(rq.similarity)}, asked ${rq.timesAsked}\u00d7)${rq.unresolved ? ' \u26a0 still unanswered' : ''}`
      : 'Repeated question: no',
  ];
  if (report.alerts.length > 0) {
    lines.push('', '\u26a0 ALERTS:');
    for (const a of report.alerts)
      lines.push(`   \u2022 ${a.code.toUpperCase()} [${a.severity}]: ${a.message}`);
  }
  lines.push('', '\u{1F4A1} GUIDANCE FOR NEXT TURN:');
  for (const g of report.guidance.split('\n')) if (g.trim()) lines.push(`   \u2192 ${g}`);
  lines.push(RULE);
  return lines.join('\n');
}

/** What each status means for the user, and what to do about it. */
const STATUS_WORDS: Record<HealthReport['status'], string> = {
  healthy: 'on track',
  drifting: 'drifting from your question: ask again, more precisely',
  fragmented: 'scattered over topics: keep to one at a time',
  evasive: 'evasive: the answer avoids the question; rephrase or regenerate',
  critical: 'off track: regenerate, or start a new chat',
};

/**
 * The verdict of the strip: none for the first answer (nothing to compare it with yet), else
 * the status in plain words. `null`: no verdict.
 */
export function stripVerdict(report: HealthReport): HealthReport['status'] | null {
  return report.turnIndex === 0 ? null : report.status;
}

/**
 * One line for the compact strip: "on track · drift 0.23 (limit 0.30) · Accountability · 12 ms";
 * the first answer says there is no baseline yet instead of a verdict.
 */
export function formatStrip(report: HealthReport, options: FormatOptions = {}): string {
  const verdict = stripVerdict(report);
  const parts = [
    verdict ? STATUS_WORDS[verdict] : 'first answer: no baseline yet',
    `drift ${f2(report.questionResponseDrift)} (limit ${f2(report.driftThreshold)})`,
    report.context.label,
  ];
  if (verdict && report.alerts.length > 0)
    parts.push(`${report.alerts.length} alert${report.alerts.length === 1 ? '' : 's'}`);
  if (options.timings ?? true) parts.push(formatTotalMs(report));
  return parts.join(' \u00b7 ');
}
