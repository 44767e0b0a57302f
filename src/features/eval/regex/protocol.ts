/** The regex-check worker's methods (page <-> worker, typed RPC). */
import type { RegexOutcome } from './exec';

export interface RegexExecParams {
  pattern: string;
  text: string;
}

export type RegexMethods = {
  exec: { params: RegexExecParams; event: never; result: RegexOutcome };
};
