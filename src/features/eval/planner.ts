/**
 * The task plan of an evaluation: every (model, run, sequence, prompt), in the order they run.
 * Models go one after another (one local engine at a time, each loaded once); inside a model,
 * each run goes through every sequence, and a sequence's prompts go in order, since each prompt
 * is sent with the earlier prompts and that model's own earlier answers of the same sequence.
 * Resume is the same plan minus the tasks whose response is stored.
 */
import type { ChatMessage } from '../../core/provider';
import type { EvalConfig } from '../../core/eval-config';

export interface EvalTask {
  key: string;
  model: string;
  modelIndex: number;
  sequenceIndex: number;
  promptIndex: number;
  /** 1-based. */
  run: number;
}

export function taskKey(model: string, sequenceIndex: number, promptIndex: number, run: number): string {
  return `${model}|${sequenceIndex}|${promptIndex}|${run}`;
}

export function planTasks(config: EvalConfig): EvalTask[] {
  const tasks: EvalTask[] = [];
  config.models.forEach((model, modelIndex) => {
    for (let run = 1; run <= config.settings.runs; run++) {
      config.sequences.forEach((sequence, sequenceIndex) => {
        sequence.prompts.forEach((_prompt, promptIndex) => {
          tasks.push({
            key: taskKey(model, sequenceIndex, promptIndex, run),
            model,
            modelIndex,
            sequenceIndex,
            promptIndex,
            run,
          });
        });
      });
    }
  });
  return tasks;
}

/** The tasks still to run, in plan order. */
export function pendingTasks(tasks: readonly EvalTask[], done: ReadonlySet<string>): EvalTask[] {
  return tasks.filter((t) => !done.has(t.key));
}

/** Pending tasks grouped by model, models in plan order (each group is one engine load). */
export function groupByModel(tasks: readonly EvalTask[]): { model: string; tasks: EvalTask[] }[] {
  const groups: { model: string; tasks: EvalTask[] }[] = [];
  for (const task of tasks) {
    const last = groups[groups.length - 1];
    if (last && last.model === task.model) last.tasks.push(task);
    else groups.push({ model: task.model, tasks: [task] });
  }
  return groups;
}

/** Placeholder sent for an earlier answer that produced no text (APIs refuse empty turns). */
export const NO_ANSWER = '(no answer)';

/**
 * The messages for a task: the system prompt, then each earlier prompt of the sequence with this
 * model's answer to it in the same run (from `answers`, by task key), then this prompt.
 */
export function messagesFor(
  task: EvalTask,
  config: EvalConfig,
  answers: ReadonlyMap<string, string>,
): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const system = config.settings.systemPrompt?.trim();
  if (system) messages.push({ role: 'system', content: system });
  const prompts = config.sequences[task.sequenceIndex]!.prompts;
  for (let i = 0; i < task.promptIndex; i++) {
    messages.push({ role: 'user', content: prompts[i]!.text });
    const answer = answers.get(taskKey(task.model, task.sequenceIndex, i, task.run));
    messages.push({ role: 'assistant', content: answer?.trim() ? answer : NO_ANSWER });
  }
  messages.push({ role: 'user', content: prompts[task.promptIndex]!.text });
  return messages;
}

/** Generation tasks plus, with a judge, one judge task per generation task. */
export function totalTasks(config: EvalConfig): number {
  const generation = planTasks(config).length;
  return config.judge ? generation * 2 : generation;
}

/** Tasks finished: stored responses, plus judged ones when there is a judge (see `totalTasks`). */
export function doneCount(config: EvalConfig, responses: readonly { judgeStatus: string }[]): number {
  if (!config.judge) return responses.length;
  return responses.length + responses.filter((r) => r.judgeStatus !== 'pending').length;
}
