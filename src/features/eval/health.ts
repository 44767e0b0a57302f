/** The health tracker's report of one answer, reduced to the workbench's columns (pure). */
import type { HealthReport } from '../../core/health';
import type { ResponseHealth } from '../../core/evaluation';
import type { MessageModelInfo, StoredMessage } from '../../core/stored';

export function responseHealth(report: HealthReport): ResponseHealth {
  return {
    status: report.status,
    drift: report.questionResponseDrift,
    threshold: report.driftThreshold,
    evasive:
      report.status === 'evasive' || (report.repeatedQuestion.isRepeat && report.repeatedQuestion.unresolved),
    fragmentation: report.fragmentation,
    topicDrift: report.topicDrift,
    quality: report.quality,
  };
}

/** Synthetic ids that name the evaluation, for the AnswerMetric records of workbench and judge attempts. */
export function metricIds(evaluationId: string, taskKey: string, source: 'workbench' | 'judge') {
  return { messageId: `${source}:${evaluationId}:${taskKey}`, conversationId: `eval:${evaluationId}` };
}

/** The answer message a workbench or judge attempt starts from (it is never stored as a chat message). */
export function attemptMessage(
  ids: { messageId: string; conversationId: string },
  model: MessageModelInfo,
  createdAt: number,
): StoredMessage {
  return {
    id: ids.messageId,
    conversationId: ids.conversationId,
    role: 'assistant',
    content: '',
    createdAt,
    status: 'streaming',
    model,
  };
}
