/** Errors of the connection to Claude (not of the API): offline, unreachable, cut mid-answer. */
import { TandemError } from '../../core/errors';

export function offlineError(): TandemError {
  return new TandemError(
    'offline',
    'You are offline. Claude needs the internet: answer with a local model, or try again when you are back online.',
    { retryable: true, name: 'ClaudeError' },
  );
}

export function unreachableError(origin: string, cause: unknown): TandemError {
  return new TandemError(
    'network',
    `Could not reach Claude at ${origin}. Check your connection, or the Claude base URL in Settings.`,
    { retryable: true, name: 'ClaudeError', cause },
  );
}

/** The stream broke after the answer began: the partial answer is kept. */
export function connectionCutError(cause: unknown, requestId: string | null): TandemError {
  return new TandemError(
    'network',
    'The connection to Claude was lost in the middle of the answer. The partial answer is kept; retry to get a full one.',
    {
      retryable: true,
      name: 'ClaudeError',
      cause,
      details: { partial: true, ...(requestId ? { requestId } : {}) },
    },
  );
}
