/** Conversation health tracker: public API. */
export type * from './types';
export { HealthTracker, type HealthTrackerOptions } from './tracker';
export {
  DEFAULT_HEALTH_SETTINGS,
  defaultHealthSettings,
  validateHealthSettings,
  type ValidationResult,
} from './settings';
export {
  classifyContext,
  matchKeywords,
  scoreContexts,
  type ContextScore,
  type PrototypeLookup,
} from './classify-context';
export { scoreTurn, topicVector, type ScoredTurnInput } from './score';
export { buildCoaching, COACHING_HEADER } from './coaching';
export { formatReport, formatStrip, formatTotalMs, type FormatOptions } from './format';
export { PROMPT_ONLY_COACHING, PROMPT_ONLY_LABEL, promptOnlyCoaching } from './prompt-only';
export { pairTurns, injectCoaching, type MessageTurn } from './messages';
export { cosine, meanVector, normalize } from './math';
