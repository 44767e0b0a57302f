/**
 * Local ports of the servers the end-to-end tests start (see playwright.config.ts). Override
 * with TANDEM_APP_PORT / TANDEM_HUB_PORT / TANDEM_CLAUDE_PORT to run two suites side by side.
 */
const port = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

export const APP_PORT = port('TANDEM_APP_PORT', 4173);
export const HUB_PORT = port('TANDEM_HUB_PORT', 5174);
export const CLAUDE_PORT = port('TANDEM_CLAUDE_PORT', 5175);
export const HUB_URL = `http://127.0.0.1:${HUB_PORT}/`;
export const CLAUDE_URL = `http://127.0.0.1:${CLAUDE_PORT}`;
