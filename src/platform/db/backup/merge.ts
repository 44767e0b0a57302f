/**
 * Import merge rules (pure): what a checked backup adds to what is already stored.
 * - A conversation whose id is new is added with its messages.
 * - One that already exists is skipped (mode `skip`) or added as a copy with new ids and
 *   "(imported copy)" after its title (mode `copy`); the stored one is never changed. A copy's
 *   branches stay branches: each message's parent and the shown branches follow the new ids.
 * - A setting (key-value record) that already exists keeps its current value, except the
 *   router's learned examples, which are merged (union); a new one is added.
 * - No record already here is ever overwritten: one whose id is taken is skipped and counted
 *   as "already here" (`alreadyHere`, by store), and the writes use `add`, never `put`.
 * - Feedback on an answer is added when no feedback with its id is here (it holds its own
 *   snapshot of the conversation, so it stands alone).
 * - An evaluation whose id is new is added with its responses; one already here is kept as it
 *   is (skipped). Arena votes are added unless their id is here.
 * - Attached documents and their chunks follow their conversation (see documents.ts).
 * - An answer's measurements follow its conversation: added with it, skipped with it, and in a
 *   copy re-pointed at the copy's conversation and message. Measurements of no backed-up
 *   conversation (the workbench's) and operations are added unless their id is here.
 */
import { newId } from '../../../core/util/id';
import type { AnswerMetric } from '../../../core/answers/metric';
import type { ArenaVote, EvalResponse, EvaluationRecord } from '../../../core/evaluation';
import type { OperationRecord } from '../../../core/operations';
import type { FeedbackRecord } from '../../../core/feedback';
import type { Conversation, StoredMessage } from '../../../core/stored';
import type { Backup, BackupKeyValue } from './format';
import { KV } from '../kv-keys';
import { planDocuments } from './documents';
import type { DocumentChunk, DocumentRecord } from '../../../core/stored';

export type ExistingMode = 'skip' | 'copy';

export interface ImportPlan {
  conversations: Conversation[];
  messages: StoredMessage[];
  keyValues: BackupKeyValue[];
  feedback: FeedbackRecord[];
  skippedConversations: number;
  copiedConversations: number;
  keptSettings: number;
  evaluations: EvaluationRecord[];
  evalResponses: EvalResponse[];
  arenaVotes: ArenaVote[];
  skippedEvaluations: number;
  answerMetrics: AnswerMetric[];
  operations: OperationRecord[];
  /** Documents follow their conversation (see documents.ts). */
  documents: DocumentRecord[];
  documentChunks: DocumentChunk[];
  skippedDocuments: number;
  /** Records of the file left out because a record with their id is already stored. */
  alreadyHere: { feedback: number; arenaVotes: number; answerMetrics: number; operations: number };
}

/** The stored ids the merge must not overwrite, by store. */
export interface ExistingRecords {
  conversationIds: ReadonlySet<string>;
  keyValues: ReadonlyMap<string, unknown>;
  feedbackIds?: ReadonlySet<string>;
  evaluationIds?: ReadonlySet<string>;
  voteIds?: ReadonlySet<string>;
  measurementIds?: ReadonlySet<string>;
  operationIds?: ReadonlySet<string>;
  documentIds?: ReadonlySet<string>;
}

/** The records whose id is not in `taken`, and how many were left out. */
function notTaken<T extends { id: string }>(
  records: readonly T[],
  taken: ReadonlySet<string> | undefined,
): [T[], number] {
  const kept = taken ? records.filter((r) => !taken.has(r.id)) : [...records];
  return [kept, records.length - kept.length];
}

const MERGED_LISTS = new Set([KV.routerExamples.name]);

export function planImport(
  backup: Backup,
  existing: ExistingRecords,
  mode: ExistingMode,
  makeId: (prefix: string) => string = newId,
): ImportPlan {
  const plan: ImportPlan = {
    conversations: [],
    messages: [],
    keyValues: [],
    feedback: [],
    skippedConversations: 0,
    copiedConversations: 0,
    keptSettings: 0,
    evaluations: [],
    evalResponses: [],
    arenaVotes: [],
    skippedEvaluations: 0,
    answerMetrics: [],
    operations: [],
    alreadyHere: { feedback: 0, arenaVotes: 0, answerMetrics: 0, operations: 0 },
    documents: [],
    documentChunks: [],
    skippedDocuments: 0,
  };
  [plan.feedback, plan.alreadyHere.feedback] = notTaken(backup.feedback ?? [], existing.feedbackIds);
  const byConversation = new Map<string, StoredMessage[]>();
  for (const m of backup.messages) {
    const list = byConversation.get(m.conversationId) ?? [];
    list.push(m);
    byConversation.set(m.conversationId, list);
  }
  /** Where each backed-up conversation and message went: its own id, its copy's, or nowhere. */
  const conversationIds = new Map<string, string | null>();
  const messageIds = new Map<string, string>();
  for (const conversation of backup.conversations) {
    const messages = byConversation.get(conversation.id) ?? [];
    if (!existing.conversationIds.has(conversation.id)) {
      plan.conversations.push(conversation);
      plan.messages.push(...messages);
      conversationIds.set(conversation.id, conversation.id);
    } else if (mode === 'skip') {
      plan.skippedConversations += 1;
      conversationIds.set(conversation.id, null);
    } else {
      const id = makeId('c_');
      conversationIds.set(conversation.id, id);
      // New ids first, then parents and the branch selection follow them.
      for (const m of messages) messageIds.set(m.id, makeId('m_'));
      const moved = (old: string): string => messageIds.get(old) ?? old;
      for (const m of messages) {
        const parentId = m.parentId == null ? m.parentId : moved(m.parentId);
        plan.messages.push({ ...m, id: moved(m.id), conversationId: id, parentId });
      }
      const copy: Conversation = { ...conversation, id, title: `${conversation.title} (imported copy)` };
      if (conversation.branches) {
        copy.branches = Object.fromEntries(
          Object.entries(conversation.branches).map(([parent, child]) => [
            parent ? moved(parent) : parent,
            moved(child),
          ]),
        );
      }
      plan.conversations.push(copy);
      plan.copiedConversations += 1;
    }
  }
  [plan.answerMetrics, plan.alreadyHere.answerMetrics] = notTaken(
    followConversations(backup.answerMetrics ?? [], conversationIds, messageIds),
    existing.measurementIds,
  );
  [plan.operations, plan.alreadyHere.operations] = notTaken(backup.operations ?? [], existing.operationIds);
  Object.assign(plan, planDocuments(backup, conversationIds, existing.documentIds ?? new Set(), makeId));
  for (const record of backup.keyValues) {
    if (!existing.keyValues.has(record.key)) {
      plan.keyValues.push(record);
    } else if (MERGED_LISTS.has(record.key)) {
      const current = existing.keyValues.get(record.key);
      plan.keyValues.push({ ...record, value: unionByJson(current, record.value) });
    } else {
      plan.keptSettings += 1;
    }
  }
  const evaluationIds = existing.evaluationIds ?? new Set<string>();
  const added = new Set<string>();
  for (const evaluation of backup.evaluations ?? []) {
    if (evaluationIds.has(evaluation.id)) plan.skippedEvaluations += 1;
    else {
      plan.evaluations.push(evaluation);
      added.add(evaluation.id);
    }
  }
  plan.evalResponses = (backup.evalResponses ?? []).filter((r) => added.has(r.evaluationId));
  [plan.arenaVotes, plan.alreadyHere.arenaVotes] = notTaken(backup.arenaVotes ?? [], existing.voteIds);
  return plan;
}

function followConversations(
  records: readonly AnswerMetric[],
  conversationIds: ReadonlyMap<string, string | null>,
  messageIds: ReadonlyMap<string, string>,
): AnswerMetric[] {
  const out: AnswerMetric[] = [];
  for (const record of records) {
    if (!conversationIds.has(record.conversationId)) {
      out.push(record);
      continue;
    }
    const conversationId = conversationIds.get(record.conversationId);
    if (!conversationId) continue;
    if (conversationId === record.conversationId) {
      out.push(record);
      continue;
    }
    // A copy: the record points at the copy; its id (`${messageId}:${attempt}`) follows the message.
    const messageId = messageIds.get(record.messageId) ?? record.messageId;
    out.push({ ...record, conversationId, messageId, id: `${messageId}:${record.attempt}` });
  }
  return out;
}

function unionByJson(current: unknown, incoming: unknown): unknown[] {
  const out = Array.isArray(current) ? [...(current as unknown[])] : [];
  const seen = new Set(out.map((x) => JSON.stringify(x)));
  for (const item of Array.isArray(incoming) ? (incoming as unknown[]) : []) {
    const key = JSON.stringify(item);
    if (!seen.has(key)) out.push(item);
    seen.add(key);
  }
  return out;
}

/** What the import added, in words for the status region. */
export function describePlan(plan: ImportPlan): string {
  const n = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
  const parts = [
    `Added ${n(plan.conversations.length, 'conversation')} (${n(plan.messages.length, 'message')}) and ${n(plan.keyValues.length, 'setting')}.`,
  ];
  if (plan.feedback.length) parts.push(`Added feedback on ${n(plan.feedback.length, 'answer')}.`);
  if (plan.answerMetrics.length)
    parts.push(`Restored ${n(plan.answerMetrics.length, 'answer measurement')}.`);
  if (plan.documents.length)
    parts.push(`Added ${n(plan.documents.length, 'document')} (${n(plan.documentChunks.length, 'chunk')}).`);
  if (plan.copiedConversations)
    parts.push(`${n(plan.copiedConversations, 'conversation')} already here kept as copies.`);
  if (plan.skippedConversations)
    parts.push(`Skipped ${n(plan.skippedConversations, 'conversation')} already here.`);
  if (plan.keptSettings) parts.push(`Kept your current value of ${n(plan.keptSettings, 'setting')}.`);
  if (plan.evaluations.length || plan.arenaVotes.length)
    parts.push(
      `Added ${n(plan.evaluations.length, 'evaluation')} (${n(plan.evalResponses.length, 'response')}) and ${n(plan.arenaVotes.length, 'arena vote')}.`,
    );
  if (plan.skippedEvaluations)
    parts.push(`Skipped ${n(plan.skippedEvaluations, 'evaluation')} already here.`);
  const here = plan.alreadyHere;
  const skipped = [
    here.feedback && `feedback on ${n(here.feedback, 'answer')}`,
    here.arenaVotes && n(here.arenaVotes, 'arena vote'),
    here.answerMetrics && n(here.answerMetrics, 'answer measurement'),
    here.operations && n(here.operations, 'operation record'),
  ].filter(Boolean);
  if (skipped.length) parts.push(`Skipped ${skipped.join(', ')} already here (kept as stored).`);
  return parts.join(' ');
}
