/** The message-search worker's methods (page <-> worker, typed RPC). */
import type { MessageHit } from './match';

export interface MessageSearchParams {
  query: string;
  limit: number;
}

export interface MessageSearchResult {
  hits: MessageHit[];
  /** Messages read to answer. */
  scanned: number;
}

export type MessageSearchMethods = {
  search: { params: MessageSearchParams; event: never; result: MessageSearchResult };
};
