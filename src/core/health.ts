/**
 * Types of the conversation health tracker. Plain data only: everything here can be stored
 * in IndexedDB, sent through postMessage and compared with deep equality.
 */

/** Turns texts into unit-norm sentence embeddings: the one contract, in embeddings/types.ts. */

/** One exchange: the user's message and the assistant's answer to it. */
export interface HealthTurn {
  user: string;
  assistant: string;
  /** Stored embedding of `user`, if there is one: it is reused, never recomputed. */
  userEmbedding?: Float32Array;
  /** Stored embedding of `assistant`, if there is one: it is reused, never recomputed. */
  assistantEmbedding?: Float32Array;
}

/** The embeddings of a turn, returned by `addTurn` so the caller can store them. */
export interface TurnEmbeddings {
  user: Float32Array;
  assistant: Float32Array;
}

/** A turn loaded from storage for `restore()`: embeddings are required. */
export interface RestoredTurn {
  user: string;
  assistant: string;
  userEmbedding: Float32Array;
  assistantEmbedding: Float32Array;
  /** A stored report for this turn; when given it is kept as is instead of recomputed. */
  report?: HealthReport;
}

export interface Range {
  min: number;
  max: number;
}

/** What a context expects from a healthy conversation. */
export interface ExpectedRanges {
  /** Quality score range; only falling below `min` raises an alert. */
  quality: Range;
  /** Topic drift over the window; only rising above `max` raises an alert. */
  topicDrift: Range;
  /** Highest acceptable question-to-response drift (1 - cosine) for one answer. */
  maxQuestionDrift: number;
  /** Highest acceptable fragmentation score before the conversation counts as scattered. */
  maxFragmentation: number;
}

export interface ContextDefinition {
  /** Stable id, lowercase letters, digits and dashes, e.g. "accountability". */
  id: string;
  label: string;
  /** One line shown in Settings: when this context applies. */
  description: string;
  /**
   * Keyword rules matched case-insensitively as whole words or phrases in the user's message.
   * A trailing `*` matches any word starting with the rest (`fail*` matches "failed").
   */
  keywords: string[];
  /** Example user messages of this context, compared by embedding. */
  prototypes: string[];
  expected: ExpectedRanges;
  /** Guidance for the assistant in this context, added to every coaching block. */
  guidance: string;
}

export interface QualityWeights {
  /** Weight of answer relevance: cosine(question, answer) clamped to [0, 1]. */
  relevance: number;
  /** Weight of coherence: 1 - fragmentation. */
  coherence: number;
  /** Weight of focus: 1 - topic drift. */
  focus: number;
}

export interface HealthSettings {
  version: 1;
  /** Recent turns (including the current one) used for fragmentation and topic drift. */
  windowSize: number;
  /** Fewest turns in the window before fragmentation and topic drift can raise alerts. */
  minWindowTurns: number;
  /** Earlier turns searched for a repeated question. */
  repeatLookback: number;
  /** cosine(user turn, earlier user turn) at or above this means the question was asked again. */
  repeatSimilarity: number;
  /** cosine(answer, earlier answer) at or above this means the answer was given again. */
  answerRestatementSimilarity: number;
  /** cosine of two turns' topic vectors at or above this puts them in the same topic. */
  topicSimilarity: number;
  /** A prototype match below this cosine does not select a context by itself. */
  contextMinSimilarity: number;
  /** Share of a context's score that comes from keyword hits (the rest from prototypes), 0..1. */
  keywordWeight: number;
  /** Context used when nothing matches and no earlier turn set one. */
  defaultContextId: string;
  qualityWeights: QualityWeights;
  /** Subtracted from quality when the user repeats a question that is still not answered. */
  evasionPenalty: number;
  /** Quality below this makes the status critical whatever the other signals. */
  criticalQuality: number;
  contexts: ContextDefinition[];
}

export type ContextSource =
  /** Keyword rules only. */
  | 'keywords'
  /** Prototype similarity only. */
  | 'semantic'
  /** Both agreed on this context. */
  | 'both'
  /** Nothing matched this turn; the previous turn's context was kept. */
  | 'previous'
  /** Nothing matched and there was no earlier context: the settings' default. */
  | 'default';

export interface ContextMatch {
  id: string;
  label: string;
  /** 0..1: how strongly the winning context matched. */
  confidence: number;
  source: ContextSource;
  /** Keywords of the winning context found in the user's message. */
  matchedKeywords: string[];
  /** Best cosine between the user's message and the context's prototypes (0 if none). */
  semanticSimilarity: number;
}

export interface RepeatedQuestion {
  isRepeat: boolean;
  /** Turn index of the most similar earlier user message, or null when there is none. */
  similarTo: number | null;
  /** cosine(user message, most similar earlier user message); 0 when there is none. */
  similarity: number;
  /** cosine(this answer, the answer of `similarTo`); 0 when there is none. */
  answerSimilarity: number;
  /** How often the user has asked this within the lookback, including now (1 = first time). */
  timesAsked: number;
  /** The repeat is still not answered: this answer drifts or restates the earlier one. */
  unresolved: boolean;
}

export type HealthStatus = 'healthy' | 'drifting' | 'fragmented' | 'evasive' | 'critical';

export type AlertCode =
  'question-drift' | 'repeated-question' | 'evasive' | 'fragmentation' | 'topic-drift' | 'low-quality';

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface HealthAlert {
  code: AlertCode;
  severity: AlertSeverity;
  message: string;
}

export interface HealthTimings {
  /** Time spent in the embedder for this turn (0 when all embeddings were stored). */
  embedMs: number;
  /** Time spent scoring (everything but embedding). */
  scoreMs: number;
}

/**
 * The health of the conversation after one turn. Every number is rounded to 3 decimals and
 * every decision is made on the rounded number, so what is shown is what was judged.
 * Apart from `timings`, a report depends only on the inputs: same turns, same report.
 */
export interface HealthReport {
  /** 0-based index of the turn in the conversation. */
  turnIndex: number;
  context: ContextMatch;
  /** The expected ranges of `context`, copied so the report stands on its own. */
  expected: ExpectedRanges;
  /** 1 - cosine(question, answer), in [0, 2]; above `driftThreshold` the answer drifted. */
  questionResponseDrift: number;
  driftThreshold: number;
  /** 1 - cosine(older half of the window, newer half), in [0, 1]. */
  topicDrift: number;
  /** (topics - 1) / (turns - 1) over the window, in [0, 1]; 0 below the minimum turns. */
  fragmentation: number;
  /** Distinct topics found in the window. */
  topicCount: number;
  /** Turns in the window (including this one). */
  windowTurns: number;
  /** Weighted relevance, coherence and focus minus the evasion penalty, in [0, 1]. */
  quality: number;
  repeatedQuestion: RepeatedQuestion;
  status: HealthStatus;
  alerts: HealthAlert[];
  /** What the assistant should do next, one instruction per line. */
  guidance: string;
  timings: HealthTimings;
}

export interface AddTurnResult {
  report: HealthReport;
  /** The turn's embeddings (stored ones passed through, new ones computed) to store. */
  embeddings: TurnEmbeddings;
}
