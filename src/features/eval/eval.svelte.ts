/**
 * The Evaluate workbench's state: the loaded configuration (a file or a starter set), the stored
 * evaluations, the run in progress (console, progress, Stop), Resume of an interrupted run, the
 * selected evaluation's responses, the queue, and the arena's votes. The run itself is `runEvaluation`.
 */
import type { EvaluationRepository } from '../../platform/db/evaluations';
import { arenaPairs, blind, voteOn, type ArenaPair } from './arena';
import { parseConfig, type EvalConfig } from '../../core/eval-config';
import { confidenceNote, leaderboard } from './elo';
import { evaluationText, type ExportFormat } from './export-text';
import { PromptfooImport } from './promptfoo/import.svelte';
import { EvalQueue } from './queue.svelte';
import type { PfPlan } from '../../core/promptfoo';
import { doneCount, totalTasks } from './planner';
import { RunPace } from './pace';
import { starterConfig } from './starters';
import { overCap } from './estimate';
import { newEvaluation } from './new-evaluation';
import type { ArenaVote, EvalResponse, EvaluationRecord, VoteChoice } from '../../core/evaluation';
import { runEvaluation } from './eval-run';
import { type EvalRunDeps, type LogLevel, type EvalProgress } from './eval-deps';
import { isStorageFull, storageFullError, toTandemError } from '../../core/errors';

export interface LogLine {
  id: number;
  at: number;
  level: LogLevel;
  text: string;
}

export type EvalStateDeps = Omit<EvalRunDeps, 'store' | 'log'> & {
  repo: Pick<
    EvaluationRepository,
    'list' | 'get' | 'put' | 'responses' | 'putResponse' | 'votes' | 'addVote' | 'delete'
  >;
  /** Wall clock for stored dates. */
  clock?: () => number;
  /** A write that failed (a full disk, say), for its notice; it is in the console too. */
  onError?: (error: unknown) => void;
};

const MAX_LOG = 400;

export class EvalState {
  config = $state.raw<EvalConfig | null>(null);
  configError = $state<string | null>(null);
  /** Where the loaded configuration came from (a file name or a starter set). */
  configSource = $state('');
  evaluations = $state.raw<EvaluationRecord[]>([]);
  selectedId = $state<string | null>(null);
  responses = $state.raw<EvalResponse[]>([]);
  votes = $state.raw<ArenaVote[]>([]);
  log = $state.raw<LogLine[]>([]);
  runningId = $state<string | null>(null);
  progress = $state.raw<EvalProgress | null>(null);
  pair = $state.raw<ArenaPair | null>(null);
  /** The pair just voted on: its two models are shown until the next pair. */
  revealed = $state.raw<ArenaPair | null>(null);
  /** A promptfoo configuration being mapped (its plan replaces `config` when it runs). */
  readonly promptfoo = new PromptfooImport();
  readonly queue = new EvalQueue(this); // evaluations run one after another (queue.svelte.ts)
  private controller: AbortController | null = null;
  private logCounter = 0;
  private initialised: Promise<void> | null = null;

  constructor(private readonly deps: EvalStateDeps) {}

  private get clock(): number {
    return (this.deps.clock ?? Date.now)();
  }

  get selected(): EvaluationRecord | null {
    return this.evaluations.find((e) => e.id === this.selectedId) ?? null;
  }

  get running(): boolean {
    return this.runningId !== null;
  }

  get leaderboard() {
    return leaderboard(this.votes);
  }

  get leaderboardNote(): string | null {
    return confidenceNote(this.leaderboard);
  }

  /** Reads stored evaluations once (`again`: after a restore); a "running" one was cut by a crash. */
  init(again = false): Promise<void> {
    if (again) this.initialised = null;
    this.initialised ??= (async () => {
      const all = await this.deps.repo.list();
      for (const e of all) {
        if (e.status === 'running' && this.runningId !== e.id) {
          e.status = 'interrupted';
          await this.deps.repo.put(e);
        }
      }
      this.evaluations = all;
      this.votes = await this.deps.repo.votes();
      if (!this.selectedId && all[0]) await this.select(all[0].id);
    })();
    return this.initialised;
  }

  /** A configuration file's text: the new configuration, or an error that changes nothing else. */
  loadConfigText(text: string, source: string): boolean {
    const parsed = parseConfig(text);
    if (!parsed.ok) {
      this.configError = `${source}: ${parsed.message}`;
      return false;
    }
    this.config = parsed.config;
    this.configSource = source;
    this.configError = null;
    this.promptfoo.clear();
    return true;
  }

  useStarter(id: string, models: string[]): void {
    const config = starterConfig(id, models);
    if (!config) return;
    this.config = config;
    this.configSource = `starter: ${config.name}`;
    this.configError = null;
    this.promptfoo.clear();
  }

  private write(level: LogLevel, text: string): void {
    const line = { id: ++this.logCounter, at: this.clock, level, text };
    this.log = [...this.log.slice(-(MAX_LOG - 1)), line];
  }

  /** Runs the loaded configuration, or a mapped promptfoo suite's configuration and plan. */
  async run(planned?: { config: EvalConfig; plan: PfPlan }, queue = false): Promise<void> {
    const config = planned?.config ?? this.config;
    if (!config || (this.running && !queue)) return;
    const refused = overCap(config);
    if (refused) return this.write('error', refused);
    const evaluation = newEvaluation(config, planned?.plan ?? null, queue, this.clock);
    if (!(await this.stored(evaluation, 'The evaluation was not added.'))) return;
    this.evaluations = [evaluation, ...this.evaluations];
    if (!queue) await this.execute(evaluation, []);
    await this.queue.drain(); // the queued ones, once this run (or the queue's first) is free
  }

  async resume(id: string): Promise<void> {
    if (this.running) return;
    const evaluation = await this.deps.repo.get(id);
    if (!evaluation) return;
    await this.execute(evaluation, await this.deps.repo.responses(id));
  }

  stop(): void {
    this.controller?.abort();
  }

  /** Stores an evaluation; a refused write is said (console and notice) and gives false. */
  private stored(evaluation: EvaluationRecord, kept: string): Promise<boolean> {
    return this.deps.repo.put(evaluation).then(
      () => true,
      (error: unknown) => (this.refused(error, kept), false),
    );
  }

  /** A write failed: a full disk says so and what to free; anything else by its message. */
  private refused(error: unknown, kept: string): void {
    const typed = isStorageFull(error) ? storageFullError(error, kept) : toTandemError(error);
    this.write('error', typed.message);
    this.deps.onError?.(typed);
  }

  private async execute(start: EvaluationRecord, existing: EvalResponse[]): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    let evaluation: EvaluationRecord = {
      ...start,
      status: 'running',
      finishedAt: null,
      updatedAt: this.clock,
    };
    if (!(await this.stored(evaluation, 'The run did not start.'))) return;
    this.replace(evaluation);
    this.runningId = evaluation.id;
    this.selectedId = evaluation.id;
    this.responses = existing;
    const total = totalTasks(evaluation.config);
    const doneAtStart = doneCount(evaluation.config, existing);
    const pace = new RunPace(() => this.deps.now());
    this.progress = { done: doneAtStart, total, timeLeftMs: null };
    const current = new Map(existing.map((r) => [r.id, r]));
    try {
      await runEvaluation(
        evaluation,
        existing,
        {
          ...this.deps,
          pace,
          log: (level, text) => this.write(level, text),
          store: async (response) => {
            current.set(response.id, response);
            const responses = [...current.values()];
            const done = doneCount(evaluation.config, responses);
            evaluation = { ...evaluation, doneTasks: done, updatedAt: this.clock };
            await this.deps.repo.putResponse(response, evaluation);
            this.replace(evaluation);
            if (this.selectedId === evaluation.id) this.responses = responses;
            this.progress = { done, total, timeLeftMs: pace.timeLeft(done - doneAtStart, total - done) };
          },
        },
        controller.signal,
      );
      const stopped = controller.signal.aborted;
      evaluation = {
        ...evaluation,
        status: stopped ? 'stopped' : 'done',
        finishedAt: stopped ? null : this.clock,
        updatedAt: this.clock,
      };
      this.write(
        stopped ? 'info' : 'ok',
        stopped ? 'Stopped. Resume runs the tasks left.' : `Finished "${evaluation.config.name}".`,
      );
    } catch (error) {
      evaluation = { ...evaluation, status: 'interrupted', updatedAt: this.clock };
      if (isStorageFull(error)) this.refused(error, 'The run stopped: Resume runs the tasks left.');
      else
        this.write('error', `The run broke off: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      // Shown as it ended even when the disk refuses to store that (said once, above).
      await this.deps.repo.put(evaluation).catch((error: unknown) => {
        if (!isStorageFull(error)) this.refused(error, '');
      });
      this.replace(evaluation);
      this.runningId = null;
      this.controller = null;
      const ended =
        evaluation.status === 'done' || evaluation.status === 'stopped' ? evaluation.status : 'interrupted';
      this.progress = this.progress && { ...this.progress, timeLeftMs: null, ended };
      this.nextPair();
    }
  }

  private replace(evaluation: EvaluationRecord): void {
    this.evaluations = this.evaluations.some((e) => e.id === evaluation.id)
      ? this.evaluations.map((e) => (e.id === evaluation.id ? evaluation : e))
      : [evaluation, ...this.evaluations];
  }

  async select(id: string): Promise<void> {
    this.selectedId = id;
    const responses = await this.deps.repo.responses(id);
    if (this.selectedId === id && this.runningId !== id) this.responses = responses;
    this.nextPair();
  }

  async remove(id: string): Promise<void> {
    if (this.runningId === id) return;
    await this.deps.repo.delete(id);
    this.evaluations = this.evaluations.filter((e) => e.id !== id);
    this.votes = this.votes.filter((v) => v.evaluationId !== id);
    if (this.selectedId === id) {
      this.selectedId = null;
      this.responses = [];
      this.pair = this.revealed = null;
      const first = this.evaluations[0];
      if (first) await this.select(first.id);
    }
  }

  /** The evaluation's results as the JSON file's text, CSV, or promptfoo's results JSON. */
  exportText(id: string, format: ExportFormat): Promise<string | null> {
    return evaluationText(this.deps.repo, id, format);
  }

  /** The stored responses of any evaluation (for the comparison of two runs). */
  exportResponses(id: string): Promise<EvalResponse[]> {
    return this.deps.repo.responses(id);
  }

  /** Picks the next unvoted pair of the selected evaluation, sides in random order. */
  nextPair(): void {
    this.revealed = null;
    const pairs = arenaPairs(this.responses, this.votes);
    const pick = pairs[Math.floor(Math.random() * pairs.length)];
    this.pair = pick ? blind(pick, Math.random() < 0.5) : null;
  }

  async vote(choice: VoteChoice): Promise<void> {
    const pair = this.pair;
    if (!pair || !this.selectedId || this.revealed) return;
    const vote = voteOn(pair, this.selectedId, choice, this.clock);
    await this.deps.repo.addVote(vote);
    this.votes = [...this.votes, vote];
    this.revealed = pair;
  }
}
