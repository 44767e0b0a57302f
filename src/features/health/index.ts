/** Conversation health tracker: public API. */
export { HealthTracker, type HealthTrackerOptions } from './tracker';
export { DEFAULT_HEALTH_SETTINGS, defaultHealthSettings } from './settings';
export { validateHealthSettings, type ValidationResult } from './settings-validation';
export {
  classifyContext,
  matchKeywords,
  scoreContexts,
  type ContextScore,
  type PrototypeLookup,
} from './classify-context';
export { scoreTurn, topicVector, type ScoredTurnInput } from './score';
export { buildCoaching, COACHING_HEADER } from './coaching';
export { formatReport, formatStrip, formatTotalMs, stripVerdict, type FormatOptions } from './format';
export { PROMPT_ONLY_COACHING, PROMPT_ONLY_LABEL, promptOnlyCoaching } from './prompt-only';
export { pairTurns, injectCoaching, type MessageTurn } from './messages';
export { default as HealthSettings } from './HealthSettings.svelte';
export { default as HealthStrip } from './HealthStrip.svelte';
/** The health chart, loaded when it is first shown (uPlot stays out of the chat's chunk). */
export const loadHealthChart = () => import('./HealthChart.svelte');
export { type HealthState } from './health.svelte';
