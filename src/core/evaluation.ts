/** The stored records of the workbench: evaluations, their responses, and arena votes. */
import type { CheckType, EvalConfig } from './eval-config';
import type { PfGrading, PfPlan } from './promptfoo';

/**
 * running: in progress in this tab; interrupted: found running after a reload; stopped: by Stop;
 * queued: waiting in the queue for the evaluations before it.
 */
export type EvaluationStatus = 'running' | 'interrupted' | 'stopped' | 'done' | 'queued';

export interface EvaluationRecord {
  id: string;
  config: EvalConfig;
  status: EvaluationStatus;
  startedAt: number;
  finishedAt: number | null;
  /** Generation tasks (models × runs × prompts) plus one judge task per judged response. */
  totalTasks: number;
  doneTasks: number;
  updatedAt: number;
  /** Added to the queue: run after the queued evaluations before it, resumed with the queue. */
  queued?: boolean;
  /** An imported promptfoo suite: its tests × prompts are the configuration's sequences. */
  promptfoo?: PfPlan;
}

export type ResponseStatus = 'ok' | 'stopped' | 'cut' | 'error';

export interface CheckResult {
  /** A version-1 check type, 'judge', or a promptfoo assertion type (e.g. 'not-icontains'). */
  type: CheckType | 'judge' | (string & {});
  passed: boolean;
  detail: string;
}

/** The health tracker's verdict on one answer, in the columns the results show. */
export interface ResponseHealth {
  status: string;
  /** 1 - cosine(question, answer). */
  drift: number;
  threshold: number;
  /** The question was asked again: the sign of an evasive answer. */
  evasive: boolean;
  fragmentation: number;
  topicDrift: number;
  quality: number;
}

/** pending: a judge is configured and has not answered yet; malformed: it did not give the JSON. */
export type JudgeStatus = 'none' | 'pending' | 'ok' | 'malformed' | 'error';

export interface EvalResponse {
  /** `${evaluationId}|${taskKey}` */
  id: string;
  evaluationId: string;
  taskKey: string;
  model: string;
  sequenceIndex: number;
  sequence: string;
  promptIndex: number;
  prompt: string;
  /** 1-based. */
  run: number;
  text: string;
  status: ResponseStatus;
  errorCode: string | null;
  errorMessage: string | null;
  ttftMs: number | null;
  tokensPerSecond: number | null;
  outputTokens: number | null;
  durationMs: number;
  health: ResponseHealth | null;
  checks: CheckResult[];
  judgeStatus: JudgeStatus;
  judge: { score: number; reason: string } | null;
  /** The judge's raw answer when it was malformed (kept, never guessed). */
  judgeRaw: string | null;
  /** promptfoo evaluations: the assertions' results in promptfoo's GradingResult terms. */
  grading?: PfGrading;
  createdAt: number;
}

export type VoteChoice = 'a' | 'b' | 'tie' | 'both-bad';

export interface ArenaVote {
  id: string;
  evaluationId: string;
  /** The prompt both answers are for (`sequenceIndex:promptIndex`). */
  promptKey: string;
  modelA: string;
  modelB: string;
  responseA: string;
  responseB: string;
  choice: VoteChoice;
  createdAt: number;
}
