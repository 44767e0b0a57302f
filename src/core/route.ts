import type { ChatProvider } from './provider';

/**
 * The routing vocabulary shared by every layer: strategies, targets, task kinds and the decision
 * the router makes for an answer (stored on the message, shown on it, recorded in metrics).
 */

export type TaskKind = 'simple' | 'complex' | 'tool';
export const TASK_KINDS: readonly TaskKind[] = ['simple', 'complex', 'tool'];

export type TaskCategory =
  | 'greeting'
  | 'short factual question'
  | 'summarise'
  | 'translate'
  | 'rewrite'
  | 'short request'
  | 'code generation'
  | 'debugging'
  | 'multi-step reasoning'
  | 'long analysis'
  | 'long prompt'
  | 'open-ended request'
  | 'calculation'
  | 'history search';

export interface Classification {
  kind: TaskKind;
  /** What was detected, in words used by the route label. */
  category: TaskCategory | string;
  reasons: string[];
  source: 'rules' | 'semantic' | 'user-example';
  /** true when a specific rule fired (not a length-based fall-through). */
  specific: boolean;
  semantic?: SemanticResult;
}

export interface ExamplePrompt {
  text: string;
  kind: TaskKind;
  /** 'user' for examples added by correcting a routing decision. */
  source?: 'builtin' | 'user';
}

export interface SemanticResult {
  kind: TaskKind;
  /** Per class: mean cosine similarity of the top-k examples. */
  scores: Record<TaskKind, number>;
  /** Best score minus the second best. */
  margin: number;
  nearest: { text: string; kind: TaskKind; similarity: number; source: 'builtin' | 'user' };
}

export type Strategy = 'claude-only' | 'local-only' | 'hybrid' | 'local-first' | 'private';
export const STRATEGIES: readonly Strategy[] = [
  'claude-only',
  'local-only',
  'hybrid',
  'local-first',
  'private',
];
/** `server`: the user's own OpenAI-compatible server (features/routing/tiers.ts places it). */
export type Target = 'local' | 'claude' | 'server';

export interface RouteDecision {
  target: Target;
  kind: TaskKind;
  /** What the classifier detected, e.g. "greeting", "code generation". */
  category: string;
  /** Human reasons, the category first. */
  reasons: string[];
  /** "local TinyLlama: greeting" / "Claude: code generation, 3,200 tokens exceeds local window". */
  label: string;
  strategy: Strategy;
  /** false when the target cannot actually answer (e.g. local-only with no model loaded). */
  available: boolean;
  /** Whether a failure of `target` may fall back to the other side under this strategy. */
  fallbackAllowed: boolean;
  overridden: boolean;
  /** Every blocker met while deciding, in order (the codes behind the blocker reasons). */
  blockers: RouteBlocker[];
  /** When the target cannot answer (`available` false): why, as a code. */
  blocker: RouteBlocker | null;
  /** Set when ratings moved the prompt: its kind's local answers were rated low. */
  learned?: 'low-local-rating';
}

/** Why a side cannot answer: decisions use the code, the reasons show its text. */
export type RouteBlocker = 'no-claude-key' | 'offline' | 'no-local-runtime' | 'no-local-model';

/** What the router needs of the server tier (`ServerState` in the app). */
export interface ServerTier {
  readonly configured: boolean;
  readonly settings: { model: string };
  readonly endpointOrigin: string | null;
  createProvider(): ChatProvider | null;
}
