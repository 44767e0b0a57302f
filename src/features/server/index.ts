/** The server feature's public face: what other features may use of it. */
export { default as ServerSettings } from './ServerSettings.svelte';
export { ServerState } from './server.svelte';
