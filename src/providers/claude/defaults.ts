/** Claude constants needed before the client code has loaded (see lazy.ts). */
export const DEFAULT_CLAUDE_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';
