/// <reference lib="webworker" />
/**
 * Runs evaluation regex checks off the page's thread. A pattern that backtracks
 * catastrophically keeps this worker busy; the page terminates it after the time limit
 * (runner.ts) and starts a fresh one, so the page itself never freezes.
 */
import { serveRpc } from '../../../platform/rpc/server';
import { execRegex } from './exec';
import type { RegexMethods } from './protocol';

serveRpc<RegexMethods>(self, {
  exec: async ({ pattern, text }) => execRegex(pattern, text),
});
