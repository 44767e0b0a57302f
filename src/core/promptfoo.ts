/** A promptfoo suite as Tandem reads it (shared vocabulary: the loader, the mapping, the runner and the stored records use it). */
import type { ChatMessage } from './provider';

export interface PfAssertion {
  type: string;
  value?: unknown;
  threshold?: number;
  weight?: number;
  metric?: string;
  [key: string]: unknown;
}

export interface PfTest {
  description?: string;
  vars: Record<string, unknown>;
  assert: PfAssertion[];
  threshold?: number;
  options: { prefix?: string; suffix?: string };
}

/** A prompt: its label (as promptfoo shows it) and raw template, or a chat message list. */
export interface PfPrompt {
  label: string;
  raw: string;
  messages?: ChatMessage[];
}

export interface PfProvider {
  id: string;
  label?: string;
}

export interface PfSuite {
  description: string;
  prompts: PfPrompt[];
  providers: PfProvider[];
  /** defaultTest already merged into each test. */
  tests: PfTest[];
  /** Assertion types (and features) that cannot run here, with how often they occur. */
  skipped: Record<string, number>;
}

/** One task cell of a promptfoo evaluation: a test × a prompt (a Tandem sequence of one prompt). */
export interface PfCase {
  testIndex: number;
  promptIndex: number;
  description?: string;
  vars: Record<string, unknown>;
  /** The rendered messages to send (system and earlier turns included). */
  messages: ChatMessage[];
  /** Assertions that run here (skipped ones are counted in `PfPlan.skipped`). */
  assert: PfAssertion[];
  threshold?: number;
}

/** What an evaluation record keeps of its promptfoo origin (beside its version-1 configuration). */
export interface PfPlan {
  description: string;
  prompts: { label: string; raw: string }[];
  /** Tandem model string → the promptfoo provider it stands for. */
  providers: Record<string, PfProvider>;
  /** By sequence index. */
  cases: PfCase[];
  skipped: Record<string, number>;
  /** The model that grades llm-rubric / model-graded-closedqa, when any. */
  grader?: string;
}

/** One assertion's result, in promptfoo's GradingResult terms. */
export interface PfComponent {
  type: string;
  pass: boolean;
  score: number;
  reason: string;
  weight: number;
  metric?: string;
  value?: unknown;
  /** The assertion's own threshold (model-graded ones compare their score with it). */
  threshold?: number;
  /** llm-rubric / model-graded-closedqa waiting for the grader pass. */
  pending?: boolean;
}

export interface PfGrading {
  pass: boolean;
  score: number;
  reason: string;
  namedScores: Record<string, number>;
  components: PfComponent[];
}
