/**
 * A promptfoo suite, once its providers are mapped to Tandem models, as a version-1 configuration
 * plus the plan the runner follows (pure): every test × prompt is a sequence of one prompt (its
 * `name` the test's description or index, the prompt's `name` the prompt's label or index, both
 * 0-based as promptfoo's testIdx/promptIdx), rendered with the test's vars and its
 * `options.prefix`/`suffix`; a prompt that renders to a JSON chat message list is sent as those
 * messages. Assertion values are rendered with the vars too, as promptfoo renders them.
 */
import {
  CONFIG_VERSION,
  validateConfig,
  type EvalConfig,
  type EvalSettings,
} from '../../../core/eval-config';
import type { ChatMessage } from '../../../core/provider';
import { MODEL_GRADED, baseType, unsupportedReason } from './assertions';
import { renderTemplate } from './template';
import type { PfAssertion, PfCase, PfPlan, PfProvider, PfSuite } from '../../../core/promptfoo';

export const GRADER_RUBRIC = 'promptfoo llm-rubric / model-graded-closedqa (the rubric of each test)';

/** How a provider is shown and remembered: its label, else its id. */
export const providerName = (p: PfProvider): string => p.label ?? p.id;

export interface Mapping {
  /** Tandem model string per provider, by provider index. */
  models: readonly (string | null | undefined)[];
  /** The model that grades llm-rubric / model-graded-closedqa. */
  grader?: string | null;
  settings: EvalSettings;
}

export type PlanResult = { ok: true; config: EvalConfig; plan: PfPlan } | { ok: false; message: string };

export function needsGrader(suite: PfSuite): boolean {
  return suite.tests.some((t) => t.assert.some((a) => MODEL_GRADED.has(baseType(a.type).base)));
}

const ROLES = new Set(['system', 'user', 'assistant']);

/** A rendered prompt as chat messages: a JSON list of {role, content} as given, else one user turn. */
export function toMessages(rendered: string): ChatMessage[] {
  const t = rendered.trim();
  if (t.startsWith('[')) {
    try {
      const data: unknown = JSON.parse(t);
      if (
        Array.isArray(data) &&
        data.length > 0 &&
        data.every(
          (m) =>
            m !== null &&
            typeof m === 'object' &&
            ROLES.has((m as { role?: unknown }).role as string) &&
            typeof (m as { content?: unknown }).content === 'string',
        )
      ) {
        return (data as { role: ChatMessage['role']; content: string }[]).map((m) => ({
          role: m.role,
          content: m.content,
        }));
      }
    } catch {
      /* plain text that starts with a bracket */
    }
  }
  return [{ role: 'user', content: rendered }];
}

function renderValue(value: unknown, vars: Record<string, unknown>): unknown {
  if (typeof value === 'string') return renderTemplate(value, vars);
  if (Array.isArray(value)) return value.map((x) => (typeof x === 'string' ? renderTemplate(x, vars) : x));
  return value;
}

export function buildPlan(suite: PfSuite, mapping: Mapping): PlanResult {
  const models: string[] = [];
  const providers: Record<string, PfProvider> = {};
  for (const [i, p] of suite.providers.entries()) {
    const model = mapping.models[i];
    if (!model) return { ok: false, message: `Map the provider "${providerName(p)}" to a Tandem model.` };
    const other = providers[model];
    if (other) {
      return {
        ok: false,
        message: `"${providerName(other)}" and "${providerName(p)}" are both mapped to ${model}: map each provider to a different model.`,
      };
    }
    providers[model] = p;
    models.push(model);
  }
  if (models.length === 0) return { ok: false, message: 'The configuration has no provider to map.' };
  const grader = needsGrader(suite) ? (mapping.grader ?? null) : null;
  if (needsGrader(suite) && !grader) {
    return { ok: false, message: 'Choose the grader model for llm-rubric / model-graded-closedqa.' };
  }
  const cases: PfCase[] = [];
  const sequences: EvalConfig['sequences'] = [];
  for (const [ti, test] of suite.tests.entries()) {
    for (const [pi, prompt] of suite.prompts.entries()) {
      const raw = `${test.options.prefix ?? ''}${prompt.raw}${test.options.suffix ?? ''}`;
      let messages: ChatMessage[];
      let assert: PfAssertion[];
      try {
        messages = toMessages(renderTemplate(raw, test.vars));
        assert = test.assert
          .filter((a) => unsupportedReason(a) === null)
          .map((a) => ({
            ...a,
            ...(a.value !== undefined ? { value: renderValue(a.value, test.vars) } : {}),
          }));
      } catch (error) {
        const where = `test ${test.description ?? ti}, prompt ${prompt.label || pi}`;
        return { ok: false, message: `${where}: ${(error as Error).message}` };
      }
      const lastUser =
        [...messages].reverse().find((m) => m.role === 'user') ?? messages[messages.length - 1]!;
      const name = test.description?.trim() || String(ti);
      sequences.push({
        name: name.slice(0, 200),
        prompts: [{ name: (prompt.label.trim() || String(pi)).slice(0, 200), text: lastUser.content }],
      });
      cases.push({
        testIndex: ti,
        promptIndex: pi,
        ...(test.description ? { description: test.description } : {}),
        vars: test.vars,
        messages,
        assert,
        ...(test.threshold !== undefined ? { threshold: test.threshold } : {}),
      });
    }
  }
  const config: EvalConfig = {
    version: CONFIG_VERSION,
    name: suite.description.trim().slice(0, 200) || 'promptfoo evaluation',
    models,
    sequences,
    settings: mapping.settings,
    ...(grader ? { judge: { model: grader, rubric: GRADER_RUBRIC } } : {}),
  };
  const checked = validateConfig(config);
  if (!checked.ok) return { ok: false, message: checked.message };
  return {
    ok: true,
    config: checked.config,
    plan: {
      description: suite.description,
      prompts: suite.prompts.map((p) => ({ label: p.label, raw: p.raw })),
      providers,
      cases,
      skipped: suite.skipped,
      ...(grader ? { grader } : {}),
    },
  };
}

/** The "imported" summary: counts, and what is not supported (type with its count). */
export function suiteSummary(suite: PfSuite): {
  prompts: number;
  tests: number;
  assertions: number;
  skipped: string | null;
} {
  const assertions = suite.tests.reduce(
    (n, t) => n + t.assert.filter((a) => !unsupportedReason(a)).length,
    0,
  );
  const skipped = Object.entries(suite.skipped)
    .map(([name, n]) => `${name} (${n})`)
    .join(', ');
  return { prompts: suite.prompts.length, tests: suite.tests.length, assertions, skipped: skipped || null };
}
