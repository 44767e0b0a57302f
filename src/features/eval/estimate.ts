/**
 * What an evaluation will cost before it runs (issue 29, item 13): its task count, how many of
 * them are paid Claude calls, and an upper bound of their price. Every answer is counted at the
 * run's token limit and every earlier turn of its sequence is sent again, so the bound is high,
 * never low. Above CONFIRM_TASKS tasks, CONFIRM_COST_USD, or CONFIRM_UNPRICED_CALLS calls to a
 * model without a price, the user confirms; above TASK_CAP a run is refused (split it up).
 */
import { parseModelString, type EvalConfig } from '../../core/eval-config';
import { estimateTokensFromChars } from '../../core/tokens';
import { costUsd, type PriceTable } from '../../providers/claude/pricing';
import { JUDGE_MAX_TOKENS } from './judge';
import { totalTasks } from './planner';

export const TASK_CAP = 10_000;
export const CONFIRM_TASKS = 1_000;
export const CONFIRM_COST_USD = 1;
/** Paid calls on a model without a price row: asked about above this many (cost unknown). */
export const CONFIRM_UNPRICED_CALLS = 50;

/** Why a run is refused before it starts (more tasks than TASK_CAP), or null. */
export function overCap(config: EvalConfig): string | null {
  return totalTasks(config) > TASK_CAP
    ? `Not started: more than ${TASK_CAP.toLocaleString('en')} tasks. Split the evaluation.`
    : null;
}

export type RunVerdict = 'run' | 'confirm' | 'refuse';

export interface RunEstimate {
  tasks: number;
  /** Calls to Claude (answers and judge verdicts), each billed. */
  paidCalls: number;
  /** Tasks answered by the user's own server (free here, but they leave this device). */
  serverTasks: number;
  /** At most this many USD; null when a Claude model has no price row. */
  maxCostUsd: number | null;
  verdict: RunVerdict;
}

/** Input and output tokens of each Claude answer in one run of every sequence (upper bounds). */
function answerUsages(config: EvalConfig): { inputTokens: number; outputTokens: number }[] {
  const { maxTokens, systemPrompt } = config.settings;
  const system = estimateTokensFromChars(systemPrompt?.length ?? 0);
  const usages: { inputTokens: number; outputTokens: number }[] = [];
  for (const sequence of config.sequences) {
    let history = system;
    for (const prompt of sequence.prompts) {
      history += estimateTokensFromChars(prompt.text.length);
      usages.push({ inputTokens: history, outputTokens: maxTokens });
      history += maxTokens;
    }
  }
  return usages;
}

export function estimateRun(config: EvalConfig, prices: PriceTable): RunEstimate {
  const tasks = totalTasks(config);
  const perRun = answerUsages(config);
  const { runs, maxTokens } = config.settings;
  let paidCalls = 0;
  let cost: number | null = 0;
  const add = (model: string, usage: { inputTokens: number; outputTokens: number }, times: number): void => {
    paidCalls += times;
    const each = costUsd(usage, model, prices);
    cost = cost === null || each === null ? null : cost + each * times;
  };
  for (const model of config.models) {
    const parsed = parseModelString(model);
    if (parsed.kind === 'claude') for (const usage of perRun) add(parsed.model, usage, runs);
  }
  const judge = config.judge ? parseModelString(config.judge.model) : null;
  if (judge?.kind === 'claude') {
    const rubric = estimateTokensFromChars(config.judge!.rubric.length);
    for (const usage of perRun) {
      const verdict = { inputTokens: usage.inputTokens + maxTokens + rubric, outputTokens: JUDGE_MAX_TOKENS };
      add(judge.model, verdict, runs * config.models.length);
    }
  }
  const maxCostUsd: number | null = cost;
  const costly =
    paidCalls > 0 &&
    (maxCostUsd === null ? paidCalls > CONFIRM_UNPRICED_CALLS : maxCostUsd > CONFIRM_COST_USD);
  const verdict: RunVerdict =
    tasks > TASK_CAP ? 'refuse' : tasks > CONFIRM_TASKS || costly ? 'confirm' : 'run';
  const perModel = perRun.length * runs;
  const serverTasks = config.models.filter((m) => parseModelString(m).kind === 'server').length * perModel;
  return { tasks, paidCalls, serverTasks, maxCostUsd, verdict };
}

const usd = (n: number): string => (n < 0.01 ? 'under $0.01' : `at most about $${n.toFixed(2)}`);

/** One line for the Run panel: the count, the paid calls and their bound. */
export function describeEstimate(e: RunEstimate): string {
  const tasks = `${e.tasks.toLocaleString('en')} task${e.tasks === 1 ? '' : 's'}`;
  if (e.verdict === 'refuse')
    return `${tasks}: over the limit of ${TASK_CAP.toLocaleString('en')} per evaluation. Use fewer models, runs or prompts, or split it into several.`;
  const server = e.serverTasks > 0 ? `, ${e.serverTasks.toLocaleString('en')} on your server` : '';
  if (e.paidCalls === 0)
    return server ? `${tasks}${server}, no paid calls.` : `${tasks}, all on this device (no cost).`;
  const calls = `${e.paidCalls.toLocaleString('en')} paid Claude call${e.paidCalls === 1 ? '' : 's'}`;
  const cost = e.maxCostUsd === null ? 'cost unknown (a model has no price in Settings)' : usd(e.maxCostUsd);
  return `${tasks}${server}, ${calls}, ${cost}.`;
}
