/** The claude feature's public face: what other features may use of it. */
export { default as ClaudeSettings } from './ClaudeSettings.svelte';
export { ClaudeState } from './claude.svelte';
