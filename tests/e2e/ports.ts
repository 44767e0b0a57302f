/** Fixed local ports of the servers the end-to-end tests start (see playwright.config.ts). */
export const APP_PORT = 4173;
export const HUB_PORT = 5174;
export const CLAUDE_PORT = 5175;
export const HUB_URL = `http://127.0.0.1:${HUB_PORT}/`;
export const CLAUDE_URL = `http://127.0.0.1:${CLAUDE_PORT}`;
