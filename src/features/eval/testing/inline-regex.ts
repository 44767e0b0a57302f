/** Regex checks run on the calling thread, with no time limit: for unit tests of the code around them. */
import { execRegex } from '../regex/exec';
import type { RegexRunner } from '../regex/runner';

export const inlineRegexRunner: RegexRunner = {
  exec: async (pattern, text) => execRegex(pattern, text),
};
