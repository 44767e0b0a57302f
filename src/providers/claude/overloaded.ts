/**
 * Claude answering 529 (overloaded) is tried again (see `send.ts`); each wait is announced on the
 * answer in one notice that a later one replaces, ending in the past tense (the same mechanism and
 * wording as the server tier's loading notices, `server/loading-retry.ts`).
 */
import type { AnswerNotice } from '../../core/provider';

export const OVERLOADED_NOTICE_ID = 'claude-overloaded';

/** While waiting before try `attempt` of `of` (both 1-based, the first try included). */
export function overloadedNotice(attempt: number, of: number): AnswerNotice {
  return {
    kind: 'info',
    id: OVERLOADED_NOTICE_ID,
    text: `Claude is overloaded, retrying (${attempt} of ${of})…`,
  };
}

export type OverloadOutcome = 'answered' | 'still-overloaded' | 'failed' | 'stopped';

const OUTCOME: Record<OverloadOutcome, (retries: string) => string> = {
  answered: (r) => `Claude was overloaded: answered after ${r}.`,
  'still-overloaded': (r) => `Claude was still overloaded after ${r}.`,
  failed: (r) => `Claude was overloaded; after ${r} it failed.`,
  stopped: () => 'Stopped while waiting for Claude, which was overloaded.',
};

/** How the wait ended, in the past tense: it takes the place of "retrying…". */
export function overloadedOutcomeNotice(outcome: OverloadOutcome, retries: number): AnswerNotice {
  const times = `${retries} ${retries === 1 ? 'retry' : 'retries'}`;
  return { kind: 'info', id: OVERLOADED_NOTICE_ID, text: OUTCOME[outcome](times) };
}
