/**
 * The workbench's stores: evaluations, their responses (one per finished task, written as each
 * completes) and arena votes. Every read is checked against its schema; a bad record is
 * quarantined and left out (see quarantine.ts).
 */
import type { IDBPDatabase } from 'idb';
import type { ArenaVote, EvalResponse, EvaluationRecord } from '../../core/evaluation';
import { byId, QuarantineRepository } from './quarantine';
import { arenaVoteSchema, evalResponseSchema, evaluationSchema } from './eval-records';
import type { TandemDB } from './schema';

export class EvaluationRepository {
  constructor(
    private readonly db: IDBPDatabase<TandemDB>,
    private readonly quarantine = new QuarantineRepository(db),
  ) {}

  /** Newest first. */
  async list(): Promise<EvaluationRecord[]> {
    const raw = await this.db.getAllFromIndex('evaluations', 'by-started');
    const good = (await this.quarantine.keepValid(
      'evaluations',
      raw,
      evaluationSchema,
      byId,
    )) as EvaluationRecord[];
    return good.reverse();
  }

  async get(id: string): Promise<EvaluationRecord | null> {
    const raw = await this.db.get('evaluations', id);
    if (!raw) return null;
    const [good] = await this.quarantine.keepValid('evaluations', [raw], evaluationSchema, byId);
    return (good as EvaluationRecord | undefined) ?? null;
  }

  async put(evaluation: EvaluationRecord): Promise<void> {
    await this.db.put('evaluations', evaluation);
  }

  async responses(evaluationId: string): Promise<EvalResponse[]> {
    const raw = await this.db.getAllFromIndex('evalResponses', 'by-evaluation', evaluationId);
    return (await this.quarantine.keepValid(
      'evalResponses',
      raw,
      evalResponseSchema,
      byId,
    )) as EvalResponse[];
  }

  /** A finished task's response and the evaluation's progress, in one transaction. */
  async putResponse(response: EvalResponse, evaluation: EvaluationRecord): Promise<void> {
    const tx = this.db.transaction(['evalResponses', 'evaluations'], 'readwrite');
    await Promise.all([
      tx.objectStore('evalResponses').put(response),
      tx.objectStore('evaluations').put(evaluation),
      tx.done,
    ]);
  }

  async votes(): Promise<ArenaVote[]> {
    const raw = await this.db.getAll('arenaVotes');
    return (await this.quarantine.keepValid('arenaVotes', raw, arenaVoteSchema, byId)) as ArenaVote[];
  }

  async addVote(vote: ArenaVote): Promise<void> {
    await this.db.add('arenaVotes', vote);
  }

  /** The evaluation, its responses and its votes, in one transaction. */
  async delete(id: string): Promise<void> {
    const tx = this.db.transaction(['evaluations', 'evalResponses', 'arenaVotes'], 'readwrite');
    const responses = await tx.objectStore('evalResponses').index('by-evaluation').getAllKeys(id);
    const votes = await tx.objectStore('arenaVotes').index('by-evaluation').getAllKeys(id);
    await Promise.all([
      tx.objectStore('evaluations').delete(id),
      ...responses.map((k) => tx.objectStore('evalResponses').delete(k)),
      ...votes.map((k) => tx.objectStore('arenaVotes').delete(k)),
      tx.done,
    ]);
  }
}
