/** The cascade: whether a finished LOCAL answer is escalated to Claude as well. Pure. */
import type { Strategy } from '../../core/route';

export interface CascadeSettings {
  /** The cascade setting; off by default. */
  cascade: boolean;
  strategy: Strategy;
  hasKey: boolean;
  online: boolean;
}

export const DEFAULT_CASCADE_SETTINGS: Pick<CascadeSettings, 'cascade'> = { cascade: false };

/** The health tracker's statuses (src/core/health.ts HealthStatus); only evasive/drifting escalate by status. */
export type HealthStatusLike = 'healthy' | 'drifting' | 'fragmented' | 'evasive' | 'critical' | (string & {});

export interface EscalationDecision {
  escalate: boolean;
  reason: string;
}

/**
 * Whether a LOCAL answer should be escalated to Claude (showing both answers). Escalates when
 * the cascade is on, Claude is usable and allowed (not local-only), and the health tracker
 * either labelled the answer evasive/drifting or its drift score is above the threshold.
 */
export function shouldEscalate(
  healthStatus: HealthStatusLike | null | undefined,
  drift: number | null | undefined,
  threshold: number,
  settings: CascadeSettings,
): EscalationDecision {
  if (!settings.cascade) return { escalate: false, reason: 'cascade is off' };
  if (settings.strategy === 'local-only') return { escalate: false, reason: 'strategy is local only' };
  if (settings.strategy === 'private') return { escalate: false, reason: 'strategy is private' };
  if (settings.strategy === 'claude-only')
    return { escalate: false, reason: 'the answer already came from Claude' };
  if (!settings.hasKey) return { escalate: false, reason: 'no Claude API key' };
  if (!settings.online) return { escalate: false, reason: 'offline' };
  const flagged = healthStatus === 'evasive' || healthStatus === 'drifting';
  const over = typeof drift === 'number' && Number.isFinite(drift) && drift > threshold;
  if (!flagged && !over) return { escalate: false, reason: 'the local answer looks fine' };
  const why = flagged
    ? `the local answer looks ${healthStatus}`
    : `drift ${drift!.toFixed(2)} is above the threshold ${threshold.toFixed(2)}`;
  return { escalate: true, reason: `${why}; asking Claude as well` };
}
